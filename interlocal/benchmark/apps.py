from django.apps import AppConfig


class BenchmarkConfig(AppConfig):
    name = "interlocal.benchmark"
    label = "benchmark"

    def ready(self) -> None:
        from . import entities  # noqa: F401  (registers the app's kinds of record)
