from django.urls import path

from interlocal.core.views import entity_urlpatterns

from . import views
from .entities import PRACTICES, TRANSFER_REQUESTS

app_name = "knowledge"
urlpatterns = [
    path("search/", views.search_page, name="search"),
    *entity_urlpatterns(PRACTICES),
    *entity_urlpatterns(TRANSFER_REQUESTS),
]
