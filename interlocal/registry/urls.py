from django.urls import path, re_path

from . import views

app_name = "registry"
urlpatterns = [
    path("registry/import/", views.import_start, name="import"),
    path("registry/import/<int:pk>/", views.import_detail, name="import-detail"),
    path("registry/import/<int:pk>/confirm/", views.import_confirm, name="import-confirm"),
    path("registry/import/<str:kind>/help/", views.import_help, name="import-help"),
    re_path(
        r"^registry/import/(?P<kind>[a-z]+)\.(?P<extension>csv|xlsx)$", views.import_template, name="import-template"
    ),
]
