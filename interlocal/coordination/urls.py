from django.urls import path

from interlocal.core.views import entity_urlpatterns

from . import views
from .entities import ACTIONS, BODY_MEMBERS, DECISIONS, GOVERNMENT_CHANGES, MEETINGS

app_name = "coordination"
urlpatterns = [
    path("coordination/", views.dashboard, name="dashboard"),
    path("coordination/activity/", views.activity, name="activity"),
    path("coordination/activity/chart.json", views.activity_chart, name="activity-chart"),
    path("coordination/activity/points.json", views.activity_points, name="activity-points"),
    path("coordination/calendar/", views.activity_calendar, name="calendar"),
    path("coordination/findings/", views.findings_page, name="findings"),
    path("coordination/findings/<slug:fingerprint>/", views.finding_detail, name="finding"),
    path("coordination/actions/<int:pk>/status/", views.action_status, name="action-status"),
    path("coordination/dossier/<slug:kind>/<int:pk>/", views.dossier, name="dossier"),
    path("coordination/dossier/<slug:kind>/<int:pk>/pdf/", views.dossier_pdf, name="dossier-pdf"),
    *(
        pattern
        for spec in (GOVERNMENT_CHANGES, BODY_MEMBERS, MEETINGS, DECISIONS, ACTIONS)
        for pattern in entity_urlpatterns(spec)
    ),
]
