from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "interlocal.knowledge"
    label = "knowledge"

    def ready(self) -> None:
        from interlocal.core.hooks import on_record_write

        from . import entities  # noqa: F401  (registers the app's kinds of record)
        from .services import search_index_update, search_index_update_many

        on_record_write(search_index_update, bulk=search_index_update_many)
