from django.apps import AppConfig


class IatiConfig(AppConfig):
    name = "interlocal.iati"
    label = "iati"

    def ready(self) -> None:
        from . import entities  # noqa: F401  (registers the app's kinds of record)
