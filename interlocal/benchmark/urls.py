from django.urls import path

from interlocal.core.views import entity_urlpatterns

from . import views
from .entities import PROFILES

app_name = "benchmark"
urlpatterns = [
    path("benchmark/compare/", views.comparison, name="comparison"),
    path("benchmark/tables/", views.tables, name="tables"),
    path("benchmark/import/", views.import_profiles, name="import"),
    *entity_urlpatterns(PROFILES),
]
