from django.urls import path

from interlocal.core.views import entity_urlpatterns

from . import views
from .entities import ATTENDANCE, CONSULTATIONS, CONTRIBUTIONS, PHASES, SESSIONS

app_name = "participation"
urlpatterns = [
    path("contributions/moderation/", views.moderation, name="moderation"),
    path("contributions/<int:pk>/moderate/", views.moderate, name="contribution-moderate"),
    path("contributions/<int:pk>/respond/", views.respond, name="contribution-respond"),
    # The public account, in the portal's site (its templates extend portal/_base.html).
    path("portal/consultations/", views.portal_list, name="portal-consultations"),
    path("portal/consultations/<int:pk>/", views.portal_detail, name="portal-consultation"),
    path("portal/consultations/<int:pk>/contribute/", views.contribute, name="contribute"),
    *entity_urlpatterns(CONSULTATIONS),
    *entity_urlpatterns(PHASES),
    *entity_urlpatterns(SESSIONS),
    *entity_urlpatterns(ATTENDANCE),
    *entity_urlpatterns(CONTRIBUTIONS),
]
