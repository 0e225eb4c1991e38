from django.urls import path

from . import pages

app_name = "core"
urlpatterns = [
    path("", pages.home, name="home"),
    path("map/", pages.world_map, name="map"),
    path("choices/<slug:entity>/", pages.record_choices, name="record-choices"),
]
