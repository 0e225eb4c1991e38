from django.urls import path

from interlocal.core.views import entity_urlpatterns

from . import views
from .entities import FACTS, ORGANISATIONS, PEOPLE, POSITIONS, UNIT_YEARS, UNITS

app_name = "ecosystem"
urlpatterns = [
    url for spec in (ORGANISATIONS, UNITS, UNIT_YEARS, PEOPLE, POSITIONS, FACTS) for url in entity_urlpatterns(spec)
]
urlpatterns.append(path("people/<int:pk>/consent/", views.person_consent, name="person-consent"))
