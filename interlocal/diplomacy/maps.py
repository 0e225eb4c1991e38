"""The data behind the world map: partner places and network presence by country.

The map is the home metropolis's: its own agreements, engagements and memberships
(`ecosystem.home.own_records`); a peer's twinnings are not its partner places.
"""

from typing import Any

from django.db.models import Count, Q

from interlocal.core.permissions import Access
from interlocal.core.reference import country_name, country_numeric
from interlocal.ecosystem.home import own_records

from .models import Agreement, Engagement, Membership, PartnerPlace


def map_data(access: Access) -> dict[str, Any]:
    """Points for the places of the home metropolis's visible agreements and engagements; its memberships
    counted by member country."""
    agreement_filter = Q(agreements__in=own_records(Agreement.objects.visible_to(access)))
    engagement_filter = Q(engagements__in=own_records(Engagement.objects.visible_to(access)))
    places = (
        PartnerPlace.objects.visible_to(access)
        .filter(latitude__isnull=False)
        .annotate(
            n_agreements=Count("agreements", filter=agreement_filter, distinct=True),
            n_engagements=Count("engagements", filter=engagement_filter, distinct=True),
        )
        .filter(Q(n_agreements__gt=0) | Q(n_engagements__gt=0))
    )
    points = []
    countries: dict[str, int] = {}
    for place in places:
        kind = "agreement" if place.n_agreements else "engagement"
        count = place.n_agreements + place.n_engagements
        points.append(
            {
                "name": place.name,
                "lat": place.latitude,
                "lon": place.longitude,
                "kind": kind,
                "label": f"{place.name} ({country_name(place.country)}): {place.n_agreements} agreement(s), {place.n_engagements} engagement(s)",
                "url": place.get_absolute_url(),
                "count": count,
            }
        )
        countries[place.country] = countries.get(place.country, 0) + count
    memberships = (
        own_records(Membership.objects.visible_to(access))
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
