from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "interlocal.participation"
    label = "participation"

    def ready(self) -> None:
        from . import entities  # noqa: F401  (registers the app's kinds of record)
