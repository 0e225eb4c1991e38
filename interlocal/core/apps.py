from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "interlocal.core"
    label = "core"

    def ready(self) -> None:
        from . import lookups  # noqa: F401 - registers `field__caseless`
        from .history import build_history_managers_once

        build_history_managers_once()
