from django.urls import path

from interlocal.core.views import entity_urlpatterns

from . import views
from .entities import MENTIONS, SOURCES

app_name = "media"
urlpatterns = [
    path("media-sources/<int:pk>/poll/", views.source_poll_now, name="source-poll"),
    path("media-polls/<int:pk>/", views.feed_poll_page, name="feed-poll"),
    path("bulletins/", views.bulletin_list, name="bulletin-list"),
    path("bulletins/<int:pk>/", views.bulletin_detail, name="bulletin"),
    path("bulletins/<int:pk>/pdf/", views.bulletin_pdf, name="bulletin-pdf"),
    path("bulletin/subscribe/", views.subscribe, name="subscribe"),
    path("bulletin/confirm/<str:token>/", views.subscribe_confirm, name="subscribe-confirm"),
    path("bulletin/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    *entity_urlpatterns(SOURCES),
    *entity_urlpatterns(MENTIONS),
]
