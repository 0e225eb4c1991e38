from django.urls import path

from interlocal.core.views import entity_urlpatterns

from . import views
from .entities import PRACTICES, TRANSFER_REQUESTS

app_name = "knowledge"
urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("practices/<int:pk>/ask/", views.transfer_request_ask, name="transfer-request-ask"),
    # Before the generic pages: a visitor without an account who opens the create form is sent to the public one.
    path("transfer-requests/new/", views.transfer_request_new, name="transfer-request-new"),
    path("transfer-requests/moderation/", views.transfer_request_moderation, name="transfer-request-moderation"),
    path(
        "transfer-requests/<int:pk>/moderate/", views.transfer_request_moderate_view, name="transfer-request-moderate"
    ),
    path("transfer-requests/status/<str:link_token>/", views.transfer_request_status, name="transfer-request-status"),
    *entity_urlpatterns(PRACTICES),
    *entity_urlpatterns(TRANSFER_REQUESTS),
]
