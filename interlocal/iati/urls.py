from django.urls import path

from . import views

app_name = "iati"
urlpatterns = [
    path("iati/", views.overview, name="overview"),
    path("iati/activities.xml", views.activities_xml, name="activities"),
    path("iati/organisation.xml", views.organisation_xml, name="organisation"),
    path("iati/import/", views.import_file, name="import"),
    path("iati/import/<int:pk>/", views.job_detail, name="job"),
]
