from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    name = "interlocal.coordination"
    label = "coordination"

    def ready(self) -> None:
        from interlocal.diplomacy.entities import AGREEMENTS, PLACES
        from interlocal.ecosystem.entities import ORGANISATIONS

        from . import entities  # noqa: F401  (registers the app's kinds of record)
        from .dossier import dossier_link

        # The records a handover dossier describes link to it from their pages.
        for spec, kind in ((PLACES, "place"), (AGREEMENTS, "agreement"), (ORGANISATIONS, "organisation")):
            spec.detail_links.append(dossier_link(kind))
