from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "interlocal.portal"
    label = "portal"

    def ready(self) -> None:
        from . import entities  # noqa: F401  (registers the app's kinds of record)
