from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "interlocal.results"
    label = "results"

    def ready(self) -> None:
        from . import entities  # noqa: F401  (registers the app's kinds of record)
