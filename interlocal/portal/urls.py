from django.urls import path, re_path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("theme.css", views.theme, name="theme"),
    path("strategy/", views.strategy, name="strategy"),
    path("profile/", views.profile, name="profile"),
    path("networks/", views.networks, name="networks"),
    path("map/", views.relations_map, name="map"),
    path("projects/", views.projects, name="projects"),
    path("projects/<int:pk>/", views.project_detail, name="project-short"),
    path("projects/<int:pk>-<slug:slug>/", views.project_detail, name="project"),
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator-short"),
    path("indicators/<int:pk>-<slug:slug>/", views.indicator_detail, name="indicator"),
    path("indicators/<int:pk>/trend.vl.json", views.indicator_trend, name="indicator-trend"),
    path("indicators/<int:pk>/ledger.vl.json", views.indicator_ledger, name="indicator-ledger"),
    path("territory/", views.territory, name="territory"),
    path("practices/", views.practices, name="practices"),
    path("report/", views.report_request, name="report-request"),
    path("report/<int:pk>/", views.report_detail, name="report"),
    path("report/<int:pk>/pdf/", views.report_pdf, name="report-pdf"),
    path("data/", views.data_index, name="data"),
    path("data/datapackage.json", views.data_descriptor, name="datapackage"),
    path("data/datapackage.zip", views.data_package, name="datapackage-zip"),
    re_path(r"^data/(?P<key>[a-z0-9-]+)\.(?P<fmt>csv|json)$", views.data_file, name="data-file"),
    re_path(r"^data/spreadsheet/(?P<key>[a-z0-9-]+)\.csv$", views.data_spreadsheet, name="data-spreadsheet"),
]
