from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "interlocal.territory"
    label = "territory"

    def ready(self) -> None:
        from . import entities  # noqa: F401  (registers the app's kinds of record)
