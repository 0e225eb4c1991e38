"""Profiles with what the registry says about them, in a fixed number of queries.

A profile's organisations are those based in its territory or in the
territories below it (two levels: metropolis → municipality → district),
except provincial, regional and national governments, which act above it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Min, Q
from django.utils.translation import gettext as _

from interlocal.core.memo import memoised
from interlocal.core.permissions import Access
from interlocal.diplomacy.models import Agreement, Membership, MembershipRole
from interlocal.ecosystem.models import ManagementUnit, Organisation, UnitYear
from interlocal.territory.models import Territory

from .models import Profile

ABOVE_THE_METROPOLIS = ["provincial_government", "regional_government", "national_government"]


@dataclass
class UnitRow:
    organisation: str
    unit: str
    scope: str
    year: int | None
    staff: int | None
    budget_eur: Decimal | None
    citation: str


@dataclass
class MembershipRow:
    network: str
    network_name: str
    role: str
    role_label: str
    main_link: str
    priority: bool
    member: str
    citation: str


@dataclass
class ProfileView:
    """A profile and the figures derived from the registry, with where each figure comes from."""

    profile: Profile
    units: list[UnitRow] = field(default_factory=list)
    memberships: list[MembershipRow] = field(default_factory=list)
    agreements_by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def staff(self) -> int | None:
        known = [u.staff for u in self.units if u.staff is not None]
        return sum(known) if known else self.profile.declared_staff

    @property
    def budget_eur(self) -> Decimal | None:
        known = [u.budget_eur for u in self.units if u.budget_eur is not None]
        return sum(known, Decimal(0)) if known else self.profile.declared_budget_eur

    @property
    def staff_source(self) -> str:
        return (
            "registry"
            if any(u.staff is not None for u in self.units)
            else ("declared" if self.profile.declared_staff is not None else "")
        )

    @property
    def network_count(self) -> int | None:
        networks = {m.network for m in self.memberships}
        return len(networks) if networks else self.profile.declared_networks

    @property
    def agreement_count(self) -> int | None:
        total = sum(self.agreements_by_kind.values())
        return total if total else self.profile.declared_agreements

    @property
    def has_priority_networks(self) -> bool | None:
        if not self.memberships:
            return None
        return any(m.priority for m in self.memberships)

    @property
    def has_knowledge_unit(self) -> bool | None:
        if not self.units:
            return None
        return any(u.scope == "knowledge_management" for u in self.units)


# Every kind the figures are read from: a change to any of them computes them again (core.memo).
READ_FROM = (Profile, Territory, Organisation, ManagementUnit, UnitYear, Membership, Agreement)


def profile_views(*, access: Access, keys: list[str] | None = None) -> list[ProfileView]:
    """Visible profiles (all, or those with the given keys) with their derived registry figures.

    They aggregate every agreement and membership of the profiles' territories, so they are computed once for
    each class of reader and read again until the registry changes (core.memo).
    """
    return memoised("profile_views", access, READ_FROM, lambda: _profile_views(access, keys), keys)


def _profile_views(access: Access, keys: list[str] | None) -> list[ProfileView]:
    profiles = Profile.objects.visible_to(access).select_related("territory")
    if keys:
        profiles = profiles.filter(key__in=keys)
    views = {p.pk: ProfileView(profile=p) for p in profiles}
    if not views:
        return []

    # Territory subtrees: the profile's territory, its children and grandchildren.
    territory_profile: dict[int, int] = {v.profile.territory_id: pk for pk, v in views.items()}
    level = list(territory_profile)
    for _depth in range(2):
        children = list(Territory.objects.filter(parent_id__in=level).values_list("pk", "parent_id"))
        for child, parent in children:
            territory_profile.setdefault(child, territory_profile[parent])
        level = [child for child, _parent in children]

    # Everything below is filtered and grouped by the organisation's territory in the database,
    # so a metropolis of a hundred thousand organisations costs the same few queries.
    in_scope = Q(organisation__territory_id__in=territory_profile) & ~Q(organisation__kind__in=ABOVE_THE_METROPOLIS)

    units = (
        ManagementUnit.objects.visible_to(access)
        .filter(in_scope)
        .select_related("organisation")
        .prefetch_related("years")
        .order_by("organisation__name", "pk")
    )
    for unit in units:
        years = sorted(unit.years.all(), key=lambda y: y.year)
        latest = years[-1] if years else None
        views[territory_profile[unit.organisation.territory_id]].units.append(  # type: ignore[index]
            UnitRow(
                organisation=unit.organisation.name,
                unit=unit.name,
                scope=unit.scope,
                year=latest.year if latest else None,
                staff=latest.staff if latest else None,
                budget_eur=latest.budget_eur if latest else None,
                citation=unit.citation,
            )
        )

    # Grouped rows name the network, the body it sits in and a member, which `values()` reads past the hiding of
    # related records: a row is kept only where the reader may read each of them.
    named = (
        Organisation.visible_q(access, prefix="network__", include_archived=True)
        & Organisation.visible_q(access, prefix="organisation__", include_archived=True)
        & (
            Q(network__parent__isnull=True)
            | Organisation.visible_q(access, prefix="network__parent__", include_archived=True)
        )
    )
    memberships = (
        Membership.objects.visible_to(access)
        .filter(in_scope, named)
        .values(
            "organisation__territory_id",
            "network__acronym",
            "network__name",
            "network__parent__kind",
            "network__parent__acronym",
            "network__parent__name",
            "role",
            "main_link",
            "priority",
            "citation",
        )  # fmt: skip
        .annotate(members=Count("organisation_id", distinct=True), member=Min("organisation__name"))
        .order_by("network__acronym", "network__name", "role")
    )
    roles = dict(MembershipRole.choices)
    for row in memberships:
        # A body inside a network (ICLEI's Leaders Network) counts as presence in that network.
        inside = row["network__parent__kind"] == "city_network"
        acronym = row["network__parent__acronym"] if inside else row["network__acronym"]
        name = row["network__parent__name"] if inside else row["network__name"]
        views[territory_profile[row["organisation__territory_id"]]].memberships.append(
            MembershipRow(
                network=acronym or name,
                network_name=name,
                role=row["role"],
                role_label=str(roles[row["role"]]),
                main_link=row["main_link"],
                priority=row["priority"],
                member=row["member"]
                if row["members"] == 1
                else _("%(count)s organisations") % {"count": row["members"]},
                citation=row["citation"],
            )
        )

    agreements = (
        Agreement.objects.visible_to(access)
        .filter(in_scope)
        .values("organisation__territory_id", "kind")
        .annotate(n=Count("pk"))
    )
    for counted in agreements:
        by_kind = views[territory_profile[counted["organisation__territory_id"]]].agreements_by_kind
        by_kind[counted["kind"]] = by_kind.get(counted["kind"], 0) + counted["n"]

    order = {key: i for i, key in enumerate(keys or [])}
    return sorted(views.values(), key=lambda v: (order.get(v.profile.key, 0), v.profile.kind, v.profile.name))


def group_by(views: list[ProfileView], attribute: str) -> dict[Any, list[ProfileView]]:
    groups: dict[Any, list[ProfileView]] = defaultdict(list)
    for view in views:
        groups[getattr(view.profile, attribute)].append(view)
    return dict(groups)
