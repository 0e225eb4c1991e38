from django.apps import AppConfig


class EcosystemConfig(AppConfig):
    name = "interlocal.ecosystem"
    label = "ecosystem"

    def ready(self) -> None:
        from . import entities  # noqa: F401  (registers the app's kinds of record)
