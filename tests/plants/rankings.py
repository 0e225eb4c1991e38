"""The rankings' hidden records for the leak walk: a draft ranking, a draft edition and an internal position
of a public ranking, each with a unique word (their values in the results carry the words too), and a draft
publisher of a public ranking in which the home metropolis has a public position (the profile lists it)."""

from typing import Any

from interlocal.ecosystem.home import home_territories
from interlocal.ecosystem.models import Organisation
from interlocal.rankings.models import Edition, Position, Ranking
from interlocal.rankings.services import ranking_results_sync
from interlocal.territory.models import Territory
from tests.factories import make


def plant(world: Any, planted: Any) -> None:
    gava = world.other
    territory = Territory.objects.filter(visibility="public").order_by("pk").first()
    draft = planted.add(make(Ranking, key="zqdraftranking", name="Zqdraftranking", owner=gava, visibility="draft"))
    publisher = planted.add(
        make(
            Organisation, key="zqdraftpublisher", name="Zqdraftpublisher", kind="other", owner=gava, visibility="draft"
        )
    )
    public = planted.add(
        make(Ranking, key="zq-public-ranking", name="Public ranking of Gavà", publisher=publisher, owner=gava)
    )
    hidden_edition = planted.add(
        make(
            Edition,
            ranking=public,
            year=2020,
            label="Zqdraftedition",
            notes="Zqdraftedition",
            owner=gava,
            visibility="draft",
            source="Zqdraftedition",
        )  # fmt: skip
    )
    shown = planted.add(make(Edition, ranking=public, year=2021, owner=gava))
    planted.add(make(Position, edition=shown, territory=territory, position=3, source="Zqinternalposition",
                     owner=gava, visibility="internal"))  # fmt: skip
    # A place of the home metropolis where the walk settles one, so that the profile lists the ranking.
    places = Territory.objects.filter(visibility="public").exclude(pk=territory.pk)
    home = home_territories().filter(pk__in=places.values("pk")).order_by("pk").first() or places.order_by("pk").first()
    planted.add(make(Position, edition=shown, territory=home, position=7, owner=gava))
    planted.add(make(Position, edition=hidden_edition, territory=territory, position=4, source="Zqdraftedition",
                     owner=gava))  # fmt: skip
    planted.add(make(Position, edition=make(Edition, ranking=draft, year=2021, owner=gava), territory=territory,
                     position=5, owner=gava))  # fmt: skip
    for ranking in (draft, public):
        ranking_results_sync(ranking=ranking)
    planted.draft += ["zqdraftranking", "zqdraftedition", "zqdraftpublisher"]
    planted.internal += ["zqinternalposition"]
    planted.searchable += ["zqdraftranking"]
