from django.urls import path

from interlocal.core.views import entity_urlpatterns

from . import views
from .entities import PROFILES

app_name = "benchmark"
urlpatterns = [
    path("benchmark/compare/", views.comparison, name="comparison"),
    path("benchmark/tables/", views.tables, name="tables"),
    path("benchmark/import/", views.import_profiles, name="import"),
    path("benchmark/import/<int:pk>/", views.import_detail, name="import-detail"),
    *entity_urlpatterns(PROFILES),
]
