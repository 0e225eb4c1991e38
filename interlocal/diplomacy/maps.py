"""The data behind the world map: partner places and network presence by country.

The map is the home metropolis's: its own agreements, engagements and memberships
(`ecosystem.home.own_records`); a peer's twinnings are not its partner places. The map's filters
(kinds of link, an agreement status, a span of years) narrow the records before they are counted.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from interlocal.core.memo import memoised
from interlocal.core.permissions import Access
from interlocal.core.reference import country_name, country_numeric
from interlocal.ecosystem.home import HOME_READS_FROM, own_records

from .models import Agreement, Engagement, Membership, PartnerPlace

LINK_KINDS = ("agreement", "engagement", "network")


@dataclass(frozen=True)
class MapFilters:
    """What the map shows: the kinds of link, the agreements' status ("" for any), the years (inclusive)."""

    kinds: tuple[str, ...] = LINK_KINDS
    status: str = ""
    first: int | None = None
    last: int | None = None


def _during(first: int | None, last: int | None, start: str, end: str | None) -> Q:
    """Records under way at some time between the years first and last (an open end is still under way)."""
    condition = Q()
    if last is not None:
        condition &= Q(**{f"{start}__year__lte": last}) | Q(**{f"{start}__isnull": True})
    if first is not None and end is not None:
        condition &= Q(**{f"{end}__year__gte": first}) | Q(**{f"{end}__isnull": True})
    elif first is not None:
        condition &= Q(**{f"{start}__year__gte": first})
    return condition


# Every kind the map is read from: a change to any of them draws it again (core.memo).
READ_FROM = (Agreement, Engagement, Membership, PartnerPlace, *HOME_READS_FROM)


def map_data(access: Access, filters: MapFilters | None = None) -> dict[str, Any]:
    """Points for the places of the home metropolis's visible agreements and engagements; its memberships
    counted by member country. They count the whole registry, so they are computed once for each class of reader
    and read again until it changes (core.memo)."""
    filters = filters or MapFilters()
    return memoised("map_data", access, READ_FROM, lambda: _map_data(access, filters), filters)


def _map_data(access: Access, filters: MapFilters) -> dict[str, Any]:
    agreements = own_records(Agreement.objects.visible_to(access)).filter(
        _during(filters.first, filters.last, "signed_on", "ends_on")
    )
    if filters.status:
        agreements = agreements.filter(status=filters.status)
    engagements = own_records(Engagement.objects.visible_to(access)).filter(
        _during(filters.first, filters.last, "start_on", "end_on")
    )
    if "agreement" not in filters.kinds:
        agreements = agreements.none()
    if "engagement" not in filters.kinds or filters.status:  # a status is an agreement's
        engagements = engagements.none()
    # Each kind counted by place on its own (one grouped query each): counting both over one join of the places
    # would multiply a place's agreements by its engagements.
    by_agreements = _per_place(agreements, "partner_place")
    by_engagements = _per_place(engagements, "place")
    places = PartnerPlace.objects.visible_to(access).filter(
        latitude__isnull=False, pk__in=by_agreements.keys() | by_engagements.keys()
    )
    points = []
    countries: dict[str, int] = {}
    for place in places:
        n_agreements, n_engagements = by_agreements.get(place.pk, 0), by_engagements.get(place.pk, 0)
        count = n_agreements + n_engagements
        points.append(
            {
                "name": place.name,
                "lat": place.latitude,
                "lon": place.longitude,
                "kind": "agreement" if n_agreements else "engagement",
                "label": f"{place.name} ({country_name(place.country)}): {n_agreements} agreement(s), {n_engagements} engagement(s)",
                "url": place.get_absolute_url(),
                "count": count,
            }
        )
        countries[place.country] = countries.get(place.country, 0) + count
    if "network" in filters.kinds and not filters.status:
        memberships = (
            own_records(Membership.objects.visible_to(access))
            .filter(_during(filters.first, filters.last, "start_on", "end_on"))
            .exclude(organisation__country="")
            .values("organisation__country")
            .annotate(n=Count("id"))
        )
        for row in memberships:
            code = row["organisation__country"]
            countries[code] = countries.get(code, 0) + row["n"]
    return {
        "points": points,
        "countries": [
            {"iso_numeric": country_numeric(code), "count": n, "name": country_name(code)}
            for code, n in sorted(countries.items())
        ],
    }


def _per_place(records: QuerySet[Any], place: str) -> dict[int, int]:
    """How many of `records` each place has, by the place's id (unordered: no sort before grouping)."""
    grouped = records.exclude(**{place: None}).order_by().values(place).annotate(n=Count("pk"))
    return {row[place]: row["n"] for row in grouped}
