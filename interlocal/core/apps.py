from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "interlocal.core"
    label = "core"

    def ready(self) -> None:
        from . import lookups  # noqa: F401 - registers `field__caseless`
        from .history import build_history_managers_once
        from .statistics import analyse_small_tables_soon

        build_history_managers_once()
        post_migrate.connect(analyse_small_tables_soon, sender=self, dispatch_uid="analyse_small_tables_soon")
