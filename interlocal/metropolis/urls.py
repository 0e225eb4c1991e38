from django.urls import path

from . import views

app_name = "metropolis"
urlpatterns = [
    path("", views.home, name="home"),
    path("map/", views.world_map, name="map"),
]
