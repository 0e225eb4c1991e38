from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "interlocal.portal"
    label = "portal"

    def ready(self) -> None:
        from interlocal.results.signals import values_changed

        from . import entities  # noqa: F401  (registers the app's kinds of record)
        from .tasks import draw_board_ahead

        values_changed.connect(draw_board_ahead, dispatch_uid="portal-indicator-board")
