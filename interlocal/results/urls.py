from django.urls import path

from interlocal.core.views import entity_urlpatterns

from . import views
from .entities import COUNTERWEIGHTS, INDICATORS, OBSERVATIONS, TARGETS

app_name = "results"
urlpatterns = [
    path("results/ledger/", views.ledger, name="ledger"),
    path("results/ledger/<int:pk>.vl.json", views.ledger_chart, name="ledger-chart"),
    path("results/equity/", views.equity, name="equity"),
    path("results/equity.vl.json", views.equity_chart, name="equity-chart"),
    path("results/indicators/<int:pk>/trend.vl.json", views.indicator_trend, name="indicator-trend"),
    path("results/objectives/<int:pk>/", views.objective_detail, name="objective-dashboard"),
    path("results/import/", views.import_start, name="import"),
    path("results/import/template.csv", views.import_template, name="import-template"),
    path("results/import/<int:pk>/", views.import_detail, name="import-detail"),
    path("results/import/<int:pk>/submit/", views.import_submit, name="import-submit"),
    path("results/review/", views.review, name="review"),
    path("results/observations/<int:pk>/workflow/", views.observation_workflow, name="observation-workflow"),
    *entity_urlpatterns(INDICATORS),
    *entity_urlpatterns(COUNTERWEIGHTS),
    *entity_urlpatterns(OBSERVATIONS),
    *entity_urlpatterns(TARGETS),
]
