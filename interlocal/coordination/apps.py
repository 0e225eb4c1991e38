from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    name = "interlocal.coordination"
    label = "coordination"

    def ready(self) -> None:
        from . import entities  # noqa: F401  (registers the app's kinds of record)
