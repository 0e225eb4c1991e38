from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "interlocal.strategy"
    label = "strategy"

    def ready(self) -> None:
        from . import entities  # noqa: F401  (registers the app's kinds of record)
