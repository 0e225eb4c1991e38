from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "interlocal.participation"
    label = "participation"

    def ready(self) -> None:
        from django.db.models import Q

        from interlocal.knowledge.search import INDEXED

        from . import entities  # noqa: F401  (registers the app's kinds of record)
        from .models import Moderation

        # The search index knows visibility and owner, not moderation: it holds accepted contributions only.
        INDEXED["contributions"] = Q(moderation=Moderation.ACCEPTED)
