from django.urls import path

from interlocal.core.views import entity_urlpatterns

from . import views
from .entities import AGREEMENTS, ENGAGEMENTS, MEMBERSHIPS, PLACES

app_name = "diplomacy"
urlpatterns = [
    path("places/suggest/", views.city_suggestions, name="city-suggestions"),
    *[url for spec in (MEMBERSHIPS, PLACES, AGREEMENTS, ENGAGEMENTS) for url in entity_urlpatterns(spec)],
]
