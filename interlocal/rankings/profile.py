"""The metropolis's profile for attraction (Meet Barcelona, I Am Amsterdam): its key facts, each with its source.

The report describes these showcases (Study §4, Reputation): a page that tells an investor, a student or an
organisation why to come, with practical facts. The portal's profile page reads them here: the home
metropolis, its municipalities and their population, the international organisations and city networks
based in it, the networks its own organisations belong to, and its latest places in rankings. The key
indicators come from the portal's key figures. Only what the reader may see, in a fixed number of queries.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Subquery

from interlocal.core.memo import memoised
from interlocal.core.permissions import Access
from interlocal.diplomacy.models import Membership
from interlocal.diplomacy.selectors import home_memberships
from interlocal.ecosystem.home import home_key, home_territories
from interlocal.ecosystem.models import Organisation, OrganisationKind
from interlocal.territory.models import PopulationFigure, Territory

from .models import Edition, Position, Ranking
from .selectors import LatestPosition, home_latest_positions

INTERNATIONAL_KINDS = [OrganisationKind.INTERNATIONAL_ORGANISATION, OrganisationKind.CITY_NETWORK]
SHOWN_MEMBERSHIPS = 12  # the rest are on the portal's page of networks and roles
SHOWN_HOSTED = 50  # the rest are in the open data's organisations


@dataclass
class AttractionProfile:
    territory: Territory | None
    municipalities: list[Any]  # territories, each annotated with its latest population, year and source
    hosted: list[Organisation]  # the first SHOWN_HOSTED, by name
    memberships: list[Membership]  # the first SHOWN_MEMBERSHIPS, by network
    networks: int  # how many networks the visible memberships are in
    rankings: list[LatestPosition]
    more_memberships: bool = False
    hosted_count: int = 0  # how many are based here

    @property
    def more_hosted(self) -> int:
        """How many organisations based here are not shown."""
        return self.hosted_count - len(self.hosted)

    @property
    def population(self) -> int | None:
        """The municipalities' latest populations added up; None when none has a figure."""
        figures = [t.population for t in self.municipalities if t.population is not None]
        return sum(figures) if figures else None

    @property
    def population_year(self) -> int | None:
        return max((t.population_year for t in self.municipalities if t.population_year), default=None)

    @property
    def population_sources(self) -> list[str]:
        return sorted({t.population_source for t in self.municipalities if t.population_source})

    @property
    def counted(self) -> int:
        """How many municipalities have a population figure."""
        return sum(1 for t in self.municipalities if t.population is not None)


# Every kind the profile reads, for core.memo.
READ_FROM = (Territory, PopulationFigure, Organisation, Membership, Ranking, Edition, Position)


def attraction_profile(*, access: Access) -> AttractionProfile:
    """The home metropolis's key facts for attraction. They count every membership of the metropolis, so they are
    remembered for each class of reader until their data changes (core.memo): one query, else eight more plus
    those that hide non-public relations."""
    return memoised("attraction_profile", access, READ_FROM, lambda: _attraction_profile(access))


def _attraction_profile(access: Access) -> AttractionProfile:
    territory = Territory.objects.visible_to(access).filter(key=home_key()).first()
    if territory is None:
        return AttractionProfile(None, [], [], [], 0, [])
    latest = PopulationFigure.objects.visible_to(access).filter(territory=OuterRef("pk")).order_by("-year")
    municipalities = list(
        Territory.objects.visible_to(access)
        .filter(parent=territory, kind="municipality")
        .annotate(
            population=Subquery(latest.values("population")[:1]),
            population_year=Subquery(latest.values("year")[:1]),
            population_source=Subquery(latest.values("source")[:1]),
        )
        .order_by("name")
    )
    hosted = (
        Organisation.objects.visible_to(access)
        .filter(territory__in=home_territories(), kind__in=INTERNATIONAL_KINDS)
        .order_by("name")
    )
    memberships = home_memberships(access)
    shown = list(memberships[: SHOWN_MEMBERSHIPS + 1])
    return AttractionProfile(
        territory,
        municipalities,
        list(hosted[:SHOWN_HOSTED]),
        shown[:SHOWN_MEMBERSHIPS],
        networks=memberships.aggregate(n=Count("network", distinct=True))["n"],
        rankings=home_latest_positions(access=access),
        more_memberships=len(shown) > SHOWN_MEMBERSHIPS,
        hosted_count=hosted.count(),
    )
