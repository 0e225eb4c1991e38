from django.urls import path

from interlocal.core.views import entity_urlpatterns

from . import views
from .entities import EDITIONS, POSITIONS, RANKINGS

app_name = "rankings"
urlpatterns = [
    path("rankings/import/", views.editions_import, name="import"),
    path("rankings/import/template.csv", views.import_template, name="import-template"),
    path("rankings/<int:pk>/chart.vl.json", views.ranking_chart, name="ranking-chart"),
    *entity_urlpatterns(RANKINGS),
    *entity_urlpatterns(EDITIONS),
    *entity_urlpatterns(POSITIONS),
]
