from django.apps import AppConfig


class EcosystemConfig(AppConfig):
    name = "interlocal.ecosystem"
    label = "ecosystem"

    def ready(self) -> None:
        from interlocal.core.scopes import register_scope

        from . import entities  # noqa: F401  (registers the app's kinds of record)
        from .home import own_or_home, owns_kind

        register_scope("own", own_or_home, applies_to=owns_kind)
