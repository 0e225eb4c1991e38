from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "interlocal.media"
    label = "media"
