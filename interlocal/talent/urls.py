from django.urls import path

from interlocal.core.views import entity_urlpatterns

from . import views
from .entities import EVENTS, MEMBERS, NETWORKS

app_name = "talent"
urlpatterns = [
    path("talent-members/map/", views.member_map, name="member-map"),
    path("talent-members/<int:pk>/consent/", views.member_consent, name="member-consent"),
    path("talent-members/<int:pk>/export/", views.member_export, name="member-export"),
    path("talent-members/<int:pk>/erase/", views.member_erase, name="member-erase"),
    *entity_urlpatterns(NETWORKS),
    *entity_urlpatterns(MEMBERS),
    *entity_urlpatterns(EVENTS),
]
