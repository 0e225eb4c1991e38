"""Reads of the rankings app: a ranking's editions with their positions, and the home metropolis's latest places.

Every read goes through `visible_to`: an edition or position is read only where its ranking is. Which side a
territory is on follows the home metropolis (`ecosystem.home`) and the benchmark's peers (the territories
of the benchmark's profiles, and the cities in them).
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import F, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from interlocal.benchmark.models import Profile
from interlocal.core.permissions import Access
from interlocal.core.visibility import hide_hidden_foreign_keys
from interlocal.ecosystem.home import home_key, home_territories
from interlocal.territory.models import Territory

from .models import Edition, Position, Ranking

HOME, PEER = "home", "peer"
SIDES = {HOME: _("Home metropolis"), PEER: _("Peer"), "": _("Other")}


def sides(territory_ids: set[int]) -> dict[int, str]:
    """Which side each territory is on: the home metropolis (or in it), a benchmark peer (or in one), or neither.

    One query: the territories with their parent and grandparent, beside the home and peer territories.
    """
    if not territory_ids:
        return {}
    peers = Profile.objects.exclude(territory__key=home_key()).values("territory_id")
    home = home_territories().values("pk")
    rows = Territory.objects.filter(pk__in=territory_ids).annotate(
        is_home=Q(pk__in=home),
        is_peer=Q(pk__in=peers) | Q(parent_id__in=peers) | Q(parent__parent_id__in=peers),
    )
    return {
        pk: HOME if is_home else PEER if is_peer else ""
        for pk, is_home, is_peer in rows.values_list("pk", "is_home", "is_peer")
    }


@dataclass
class EditionRow:
    edition: Edition
    positions: list[Position]


def ranking_editions(*, access: Access, ranking: Ranking) -> list[EditionRow]:
    """The ranking's editions the reader may see, newest first, each with its visible positions (two queries)."""
    positions = Position.objects.visible_to(access).select_related("territory").order_by("position", "pk")
    editions = (
        Edition.objects.visible_to(access)
        .filter(ranking=ranking)
        .prefetch_related(Prefetch("positions", queryset=positions, to_attr="shown_positions"))
        .order_by(F("year").desc(nulls_last=True), "-pk")
    )
    return [EditionRow(edition, edition.shown_positions) for edition in editions]


def chart_rows(rows: list[EditionRow], side: dict[int, str] | None = None) -> list[dict[str, Any]]:
    """One point per position of a dated edition: the year, the territory, its place and its side (`sides` of the
    rows' territories, read here unless the caller has read it)."""
    if side is None:
        side = sides({p.territory.pk for row in rows for p in row.positions if p.territory.pk is not None})
    return [
        {
            "year": row.edition.year,
            "territory": position.territory.name,
            "position": position.position,
            "side": str(SIDES[side.get(position.territory_id, "")]),
            "illustrative": bool(row.edition.illustrative or position.illustrative),
        }
        for row in sorted(rows, key=lambda r: r.edition.year or 0)
        if row.edition.year is not None
        for position in row.positions
        if position.territory.pk is not None  # a territory the reader may not see is not drawn
    ]


@dataclass
class LatestPosition:
    ranking: Ranking
    edition: Edition
    position: Position


def home_latest_positions(*, access: Access) -> list[LatestPosition]:
    """Each ranking's latest edition (with a year first) in which the home metropolis, or a place in it, has a
    position the reader may see (two queries: the positions, then the publishers the reader may see)."""
    positions = (
        Position.objects.visible_to(access)
        .filter(territory__in=home_territories())
        .select_related("edition__ranking", "territory")
        .order_by(
            "edition__ranking__name",
            "edition__ranking_id",
            F("edition__year").desc(nulls_last=True),
            "-edition_id",
            "position",
        )
    )
    latest: dict[int, LatestPosition] = {}
    for position in positions:
        edition = position.edition
        latest.setdefault(edition.ranking_id, LatestPosition(edition.ranking, edition, position))
    hide_hidden_foreign_keys([row.ranking for row in latest.values()], access)  # a publisher's draft is not named
    return list(latest.values())
