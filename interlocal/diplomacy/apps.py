from django.apps import AppConfig


class DiplomacyConfig(AppConfig):
    name = "interlocal.diplomacy"
    label = "diplomacy"

    def ready(self) -> None:
        from . import entities  # noqa: F401  (registers the app's kinds of record)
