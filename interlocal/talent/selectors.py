"""Reads of the talent app shared by its pages and its API, with the permission filter."""

from typing import Any

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.http import urlencode

from interlocal.core.permissions import Access
from interlocal.core.reference import country_name, country_numeric, find_city

from .models import Member, NetworkEvent, TalentNetwork, consent_in_force_q


def consenting_members(access: Access, *, network: int | None = None) -> Any:
    """The members the reader may see whose consent to publication is in force (the map counts these only)."""
    members = Member.objects.visible_to(access).filter(consent_in_force_q())
    return members.filter(network_id=network) if network is not None else members


def member_places(access: Access, *, network: int | None = None) -> list[dict[str, Any]]:
    """Consenting members counted by country and city, in the database (one query)."""
    rows = (
        consenting_members(access, network=network)
        .values("country", "city")
        .annotate(members=Count("id"))
        .order_by("country", "city")
    )
    return list(rows)


def member_map(access: Access, *, network: int | None = None, links: bool = True) -> dict[str, Any]:
    """The map's data: a point per city (GeoNames coordinates) and a count per country, consenting members only."""
    points = []
    countries: dict[str, int] = {}
    for row in member_places(access, network=network):
        code, n = row["country"], row["members"]
        if not code:
            continue
        countries[code] = countries.get(code, 0) + n
        city = find_city(row["city"], code) if row["city"] else None
        if city is None:
            continue
        query = {"country": code, "city": row["city"], **({"network": network} if network else {})}
        points.append(
            {
                "name": row["city"],
                "lat": city.latitude,
                "lon": city.longitude,
                "kind": "network",
                "label": f"{row['city']} ({country_name(code)}): {n}",
                "url": f"{reverse('talent:member-list')}?{urlencode(query)}" if links else "",
                "count": n,
            }
        )
    return {
        "points": points,
        "countries": [
            {"iso_numeric": country_numeric(code), "count": n, "name": country_name(code)}
            for code, n in sorted(countries.items())
        ],
    }


def network_summary(access: Access, network: TalentNetwork) -> dict[str, Any]:
    """Counts for a network's page: consenting members, ambassadors among them, countries; events and attendance."""
    members = consenting_members(access, network=network.pk).aggregate(
        members=Count("id"),
        ambassadors=Count("id", filter=Q(role="ambassador")),
        countries=Count("country", distinct=True),
    )
    events = (
        NetworkEvent.objects.visible_to(access)
        .filter(network=network)
        .aggregate(events=Count("id"), attendance=Sum("attendance"))
    )
    return {**members, **events}
