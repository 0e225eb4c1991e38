from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "interlocal.media"
    label = "media"

    def ready(self) -> None:
        from . import entities  # noqa: F401  (registers the app's kinds of record)
