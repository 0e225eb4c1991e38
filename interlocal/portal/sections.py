"""The data behind each section of the public portal and the annual report.

Each function takes an `Access` (the portal passes ANONYMOUS) and returns plain
data for one template include under portal/sections/. Sections fed by apps that
are still being built (indicators, counterweights, territorial equity, strategy
plans, the practices catalogue, the results figures of the annual report) are
hooks: they return `None` today, their include shows a short notice, and filling
the function is all that is needed to show them.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import ExtractYear
from django.urls import NoReverseMatch, reverse

from interlocal.benchmark.models import Profile
from interlocal.core.permissions import Access, visible_q
from interlocal.diplomacy.models import Agreement, Engagement, EngagementKind, Membership, MembershipRole
from interlocal.ecosystem.models import ManagementUnit, UnitYear
from interlocal.projects.models import Funding, Project
from interlocal.territory.models import Territory

METROPOLIS_KEY = "amb"
COMMITMENT_PERCENT = Decimal("0.7")
LEADING_ROLES = [r for r in MembershipRole.values if r != MembershipRole.MEMBER]


def _v(access: Access, prefix: str = "") -> Q:
    """visible_q applied through a relation (prefix "unit__" filters the unit's fields)."""
    condition = visible_q(access)
    return _prefixed(condition, prefix) if prefix else condition


def _prefixed(condition: Q, prefix: str) -> Q:
    children: list[Any] = []
    for child in condition.children:
        if isinstance(child, Q):
            children.append(_prefixed(child, prefix))
        else:
            lookup, value = cast(tuple[str, Any], child)
            children.append((f"{prefix}{lookup}", value))
    result = Q(*children, _connector=condition.connector)
    result.negated = condition.negated
    return result


# --- Strategy and structure --------------------------------------------------------------------------------


def metropolis_profile(access: Access) -> Profile | None:
    """The benchmark profile of the AMB: planning kind, plans, cooperation budget (one query)."""
    return (
        Profile.objects.filter(visible_q(access), territory__key=METROPOLIS_KEY)
        .select_related("territory")
        .order_by("kind", "pk")
        .first()
    )


def management_units(access: Access) -> list[ManagementUnit]:
    """Public management units with their public yearly staff and budget (two queries)."""
    years = UnitYear.objects.filter(visible_q(access)).order_by("-year")
    return list(
        ManagementUnit.objects.filter(visible_q(access))
        .select_related("organisation")
        .prefetch_related(Prefetch("years", queryset=years, to_attr="public_years"))
        .order_by("organisation__name", "name")
    )


def plans(access: Access) -> list[Any] | None:
    """Hook for the strategy app's plans, axes and objectives (interlocal/strategy). None until it is wired."""
    return None


# --- Networks ----------------------------------------------------------------------------------------------


def memberships(access: Access) -> list[Membership]:
    return list(
        Membership.objects.filter(visible_q(access))
        .select_related("organisation", "network")
        .order_by("network__name", "organisation__name")
    )


# --- Indicators, territorial equity, practices (hooks) -----------------------------------------------------


def indicators(access: Access) -> list[Any] | None:
    """Hook for the results app: public indicators with their latest observation and their counterweights."""
    return None


def territorial_equity(access: Access) -> list[Any] | None:
    """Hook for the results app's territorial equity view (indicators by municipality)."""
    return None


def practices_catalogue(access: Access) -> dict[str, str] | None:
    """Hook for the knowledge app's catalogue of practices: the link to its search page when it exists."""
    try:
        return {"url": reverse("knowledge:search")}
    except NoReverseMatch:
        return None


def results_figures(access: Access, year: int) -> Any:
    """Hook for the annual report: investments, jobs, headquarters, talent, visitors and externalities."""
    return None


# --- Figures of a year -------------------------------------------------------------------------------------


@dataclass
class Distribution:
    name: str
    engagements: int
    projects: int


@dataclass
class YearFigures:
    year: int
    engagements_by_kind: list[tuple[str, int]] = field(default_factory=list)
    missions: int = 0
    delegations: int = 0
    projects_active: int = 0
    projects_budget: Decimal = Decimal(0)
    funds: Decimal = Decimal(0)
    funds_by_funder: list[tuple[str, Decimal]] = field(default_factory=list)
    roles: list[tuple[str, int]] = field(default_factory=list)
    agreements_signed: int = 0
    agreements_active: int = 0
    units: list[dict[str, Any]] = field(default_factory=list)
    staff: int = 0
    budget: Decimal = Decimal(0)
    cooperation: dict[str, Any] | None = None
    distribution: list[Distribution] = field(default_factory=list)


def _overlaps(year: int, start: str, end: str) -> Q:
    return (Q(**{f"{start}__year__lte": year}) | Q(**{f"{start}__isnull": True})) & (
        Q(**{f"{end}__year__gte": year}) | Q(**{f"{end}__isnull": True})
    )


def cooperation_share(profile: Profile | None) -> dict[str, Any] | None:
    """The cooperation budget's share of the total budget against the 0.7% commitment."""
    if profile is None:
        return None
    share = profile.cooperation_share_percent
    if share is None and profile.cooperation_budget_eur and profile.total_budget_eur:
        share = (profile.cooperation_budget_eur * 100 / profile.total_budget_eur).quantize(Decimal("0.001"))
    if share is None:
        return None
    return {
        "share": share,
        "commitment": COMMITMENT_PERCENT,
        "meets": share >= COMMITMENT_PERCENT,
        "cooperation_budget": profile.cooperation_budget_eur,
        "total_budget": profile.total_budget_eur,
        "note": profile.cooperation_note,
        "citation": profile.citation,
    }


def distribution(access: Access, year: int | None = None) -> list[Distribution]:
    """Engagements and projects per AMB municipality, through the organisations of each municipality."""
    engagement_q = _v(access, "organisations__engagements__")
    project_q = _v(access, "organisations__led_projects__")
    if year is not None:
        engagement_q &= Q(organisations__engagements__start_on__year=year)
        project_q &= _overlaps(year, "organisations__led_projects__start_on", "organisations__led_projects__end_on")
    rows = (
        Territory.objects.filter(visible_q(access), kind="municipality", parent__key=METROPOLIS_KEY)
        .annotate(
            n_engagements=Count("organisations__engagements", filter=engagement_q, distinct=True),
            n_projects=Count("organisations__led_projects", filter=project_q, distinct=True),
        )
        .filter(Q(n_engagements__gt=0) | Q(n_projects__gt=0))
        .order_by("-n_engagements", "-n_projects", "name")
        .values_list("name", "n_engagements", "n_projects")
    )
    return [Distribution(name, e, p) for name, e, p in rows]


def available_years(access: Access) -> list[int]:
    years = set(
        Engagement.objects.filter(visible_q(access)).annotate(y=ExtractYear("start_on")).values_list("y", flat=True)
    )
    years |= set(UnitYear.objects.filter(visible_q(access)).values_list("year", flat=True))
    return sorted((y for y in years if y), reverse=True)


def year_figures(access: Access, year: int) -> YearFigures:
    """Every figure of the annual report that the registry holds now, aggregated in the database."""
    figures = YearFigures(year=year)
    labels = dict(EngagementKind.choices)
    by_kind = (
        Engagement.objects.filter(visible_q(access), start_on__year=year)
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by("-n", "kind")
    )
    figures.engagements_by_kind = [(str(labels.get(r["kind"], r["kind"])), r["n"]) for r in by_kind]
    counts = {r["kind"]: r["n"] for r in by_kind}
    figures.missions = counts.get(EngagementKind.OUTGOING_MISSION, 0)
    figures.delegations = counts.get(EngagementKind.INCOMING_DELEGATION, 0)

    projects = Project.objects.filter(visible_q(access)).filter(_overlaps(year, "start_on", "end_on"))
    totals = projects.aggregate(n=Count("pk"), budget=Sum("budget_eur"))
    figures.projects_active, figures.projects_budget = totals["n"], totals["budget"] or Decimal(0)
    funds = (
        Funding.objects.filter(visible_q(access), project__in=projects)
        .values("funder__name")
        .annotate(total=Sum("amount_eur"))
        .order_by("-total", "funder__name")
    )
    figures.funds_by_funder = [(r["funder__name"], r["total"]) for r in funds]
    figures.funds = sum((t for _, t in figures.funds_by_funder), Decimal(0))

    role_labels = dict(MembershipRole.choices)
    roles = (
        Membership.objects.filter(visible_q(access))
        .filter(_overlaps(year, "start_on", "end_on"))
        .values("role")
        .annotate(n=Count("pk"))
        .order_by("-n", "role")
    )
    figures.roles = [(str(role_labels.get(r["role"], r["role"])), r["n"]) for r in roles]

    agreements = Agreement.objects.filter(visible_q(access))
    figures.agreements_signed = agreements.filter(signed_on__year=year).count()
    figures.agreements_active = agreements.filter(_overlaps(year, "signed_on", "ends_on")).count()

    unit_years = (
        UnitYear.objects.filter(visible_q(access), year=year, unit__in=ManagementUnit.objects.filter(visible_q(access)))
        .select_related("unit", "unit__organisation")
        .order_by("unit__organisation__name", "unit__name")
    )
    figures.units = [
        {"name": uy.unit.name, "organisation": uy.unit.organisation.name, "staff": uy.staff, "budget": uy.budget_eur}
        for uy in unit_years
    ]
    figures.staff = sum(u["staff"] or 0 for u in figures.units)
    figures.budget = sum((u["budget"] or Decimal(0) for u in figures.units), Decimal(0))
    figures.cooperation = cooperation_share(metropolis_profile(access))
    figures.distribution = distribution(access, year)
    return figures
