from django.apps import AppConfig


class RankingsConfig(AppConfig):
    name = "interlocal.rankings"
    label = "rankings"

    def ready(self) -> None:
        from interlocal.core.hooks import on_record_write

        from . import entities  # noqa: F401  (registers the app's kinds of record)
        from .services import after_record_write, after_records_write

        # Archiving or restoring a ranking, edition or position (core services), or moving an edition or a position
        # to another ranking, brings the values of the rankings concerned in step.
        on_record_write(after_record_write, bulk=after_records_write)
