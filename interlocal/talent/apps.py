from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "interlocal.talent"
    label = "talent"

    def ready(self) -> None:
        from django.db.models import Q

        from interlocal.knowledge.search import INDEXED

        from . import entities  # noqa: F401  (registers the app's kinds of record)

        # Members are people: the search index, whose permission columns know no consent, holds none of them
        # (their list has its own search, through Member.visible_q).
        INDEXED[entities.MEMBERS.key] = Q(pk__in=[])
