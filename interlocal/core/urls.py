from django.urls import path

from . import pages

app_name = "core"
urlpatterns = [
    path("choices/<slug:entity>/", pages.record_choices, name="record-choices"),
]
