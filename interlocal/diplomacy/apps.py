from django.apps import AppConfig


class DiplomacyConfig(AppConfig):
    name = "interlocal.diplomacy"
    label = "diplomacy"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from interlocal.ecosystem.models import Organisation

        from . import entities  # noqa: F401  (registers the app's kinds of record)
        from .signals import network_renamed

        post_save.connect(network_renamed, sender=Organisation, dispatch_uid="membership_network_name")
