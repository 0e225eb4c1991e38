from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "interlocal.knowledge"
    label = "knowledge"

    def ready(self) -> None:
        from . import entities  # noqa: F401  (registers the app's kinds of record)
