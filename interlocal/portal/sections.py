"""The data behind each section of the public portal and the annual report.

Each function takes an `Access` (the portal passes ANONYMOUS) and returns plain
data for one template include under portal/sections/. The results sections read
through interlocal.results.selectors, so the portal shows exactly the approved
values the dashboards count, every attraction beside its costs.

The portal and the annual report are the home metropolis's own account: units,
plans, memberships, agreements, engagements and projects are its own only
(`ecosystem.home.own_records`); its peers stay in the benchmark.
"""

import datetime
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.text import slugify

from interlocal.benchmark.models import Profile
from interlocal.core.memo import memoised
from interlocal.core.permissions import Access
from interlocal.core.visibility import name_if_visible
from interlocal.diplomacy.models import Agreement, Engagement, EngagementKind, Membership, MembershipRole
from interlocal.ecosystem.home import HOME_READS_FROM, HOSTED_KINDS, home_key, own_records
from interlocal.ecosystem.models import ManagementUnit, Organisation, UnitYear
from interlocal.knowledge.models import Practice
from interlocal.projects.models import Funding, Project
from interlocal.results.aggregation import area_ids, indicator_table
from interlocal.results.models import Counterweight, Indicator, IndicatorKind, IndicatorRole
from interlocal.results.periods import periods_between
from interlocal.results.selectors import (
    EquityChoice,
    IndicatorProgress,
    LedgerEntry,
    contributors_of,
    default_area,
    default_span,
    equity_choice,
    externality_ledger,
    indicators_progress,
)
from interlocal.strategy.models import Axis, Objective, Plan
from interlocal.territory.models import Territory

COMMITMENT_PERCENT = Decimal("0.7")
LEADING_ROLES = [r for r in MembershipRole.values if r != MembershipRole.MEMBER]


# --- Strategy and structure --------------------------------------------------------------------------------


def metropolis_profile(access: Access) -> Profile | None:
    """The benchmark profile of the home metropolis: planning kind, plans, cooperation budget (one query)."""
    return (
        Profile.objects.visible_to(access)
        .filter(territory__key=home_key())
        .select_related("territory")
        .order_by("kind", "pk")
        .first()
    )


def management_units(access: Access) -> list[ManagementUnit]:
    """The home metropolis's public management units with their public yearly staff and budget: two queries,
    remembered until their data changes (core.memo), since they read the whole ecosystem."""
    return memoised(
        "management_units",
        access,
        (ManagementUnit, UnitYear, *HOME_READS_FROM),
        lambda: _management_units(access),
    )


def _management_units(access: Access) -> list[ManagementUnit]:
    years = UnitYear.objects.visible_to(access).order_by("-year")
    return list(
        own_records(ManagementUnit.objects.visible_to(access))
        .select_related("organisation")
        .prefetch_related(Prefetch("years", queryset=years, to_attr="public_years"))
        .order_by("organisation__name", "name")
    )


def plans(access: Access) -> list[Plan]:
    """The home metropolis's public plans with their public axes, objectives and SDG targets (four queries)."""
    objectives = Objective.objects.visible_to(access).prefetch_related("sdg_targets")
    axes = Axis.objects.visible_to(access).prefetch_related(
        Prefetch("objectives", queryset=objectives, to_attr="public_objectives")
    )
    return list(
        own_records(Plan.objects.visible_to(access))
        .select_related("organisation")
        .prefetch_related(Prefetch("axes", queryset=axes, to_attr="public_axes"))
    )


# --- Networks ----------------------------------------------------------------------------------------------


# --- Indicators, their counterweights and territorial equity ----------------------------------------------


def indicator_url(indicator: Indicator) -> str:
    return reverse("portal:indicator", kwargs={"pk": indicator.pk, "slug": slugify(indicator.name)[:80] or "indicator"})


def _public_ledger(entries: list[LedgerEntry]) -> list[LedgerEntry]:
    """The ledger with its indicators linked to their pages on the portal."""
    return [replace(entry, link=indicator_url) for entry in entries]


def public_indicators(access: Access) -> Any:
    return Indicator.objects.visible_to(access).prefetch_related(contributors_of(access))


@dataclass
class IndicatorBoard:
    """The indicators page: each attraction beside its costs, then the other indicators with their progress."""

    area: Territory | None
    first: datetime.date
    last: datetime.date
    ledger: list[LedgerEntry]
    others: list[IndicatorProgress]


def indicators(access: Access) -> IndicatorBoard | None:
    """Public indicators over the default span, for the metropolis: a fixed number of queries."""
    area = default_area()
    first, last = default_span()
    chosen = list(public_indicators(access).order_by("name"))
    if not chosen:
        return None
    ledger = _public_ledger(externality_ledger(access=access, within=area, first=first, last=last))
    in_ledger = {e.attraction.pk for e in ledger} | {c.cost.pk for e in ledger for c in e.counterweights}
    others = [i for i in chosen if i.pk not in in_ledger]
    return IndicatorBoard(
        area=area,
        first=first,
        last=last,
        ledger=ledger,
        others=indicators_progress(access=access, indicators=others, within=area, first=first, last=last),
    )


@dataclass
class IndicatorPage:
    item: IndicatorProgress
    area: Territory | None
    ledger: LedgerEntry | None
    weighs_against: list[Counterweight]


def indicator_page(access: Access, indicator: Indicator) -> IndicatorPage:
    """One public indicator: trend against target; an attraction with its costs, a cost with the gains it weighs."""
    area = default_area()
    first, last = default_span()
    item = indicators_progress(access=access, indicators=[indicator], within=area, first=first, last=last)[0]
    ledger = None
    if indicator.role == IndicatorRole.ATTRACTION:
        ledger = _public_ledger(
            externality_ledger(access=access, within=area, first=first, last=last, attraction=indicator)
        )[0]
    weighs_against = list(
        Counterweight.objects.visible_to(access)
        .filter(cost=indicator)
        .filter(attraction__in=Indicator.objects.visible_to(access))
        .select_related("attraction")
        .order_by("attraction__name")
    )
    return IndicatorPage(item=item, area=area, ledger=ledger, weighs_against=weighs_against)


def territorial_equity(access: Access, key: str | None = None) -> EquityChoice | None:
    """A public indicator recorded per municipality (the one asked for, else the first attraction) by municipality."""
    first, last = default_span()
    return equity_choice(access=access, key=key, first=first, last=last)


def practices_catalogue(access: Access, q: str = "") -> Any:
    """The public practices, newest first, searchable by title and summary (a queryset, paginated by the view)."""
    practices = Practice.objects.visible_to(access).prefetch_related("themes").order_by("-started_on", "title", "pk")
    if q:
        practices = practices.filter(Q(title__icontains=q) | Q(summary__icontains=q))
    return practices


@dataclass
class YearValue:
    indicator: Indicator
    value: Decimal | None
    previous: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


@dataclass
class YearLedger:
    gain: YearValue
    costs: list[tuple[Counterweight, YearValue]]


@dataclass
class ResultsFigures:
    """The annual report's results: each gain beside its costs, then outcome and impact indicators."""

    area: Territory | None
    ledger: list[YearLedger]
    outcomes: list[YearValue]


def _year_value(table: Any, indicator: Indicator, year: int) -> YearValue:
    def over(y: int) -> Decimal | None:
        expected = periods_between(indicator.periodicity, datetime.date(y, 1, 1), datetime.date(y, 12, 31))
        return table.over_time(indicator, expected).value  # type: ignore[no-any-return]

    return YearValue(indicator, over(year), over(year - 1))


def results_figures(access: Access, year: int) -> ResultsFigures | None:
    """The year and the year before, for every attraction and its costs and every outcome or impact indicator."""
    area = default_area()
    first, last = datetime.date(year - 1, 1, 1), datetime.date(year, 12, 31)
    ledger = externality_ledger(access=access, within=area, first=first, last=last)
    outcomes = list(
        public_indicators(access)
        .filter(kind__in=[IndicatorKind.OUTCOME, IndicatorKind.IMPACT])
        .exclude(role__in=[IndicatorRole.ATTRACTION, IndicatorRole.EXTERNALITY])
        .order_by("name")
    )
    every = {e.attraction.pk: e.attraction for e in ledger}
    every.update({c.cost.pk: c.cost for e in ledger for c in e.counterweights})
    every.update({i.pk: i for i in outcomes})
    if not every:
        return None
    territory_ids = area_ids(area) if area is not None else None
    table = indicator_table(
        access=access, indicators=every.values(), territory_ids=territory_ids, first=first, last=last
    )
    return ResultsFigures(
        area=area,
        ledger=[
            YearLedger(
                gain=_year_value(table, entry.attraction, year),
                costs=[(c, _year_value(table, c.cost, year)) for c in entry.counterweights],
            )
            for entry in ledger
        ],
        outcomes=[_year_value(table, indicator, year) for indicator in outcomes],
    )


# --- Figures of a year -------------------------------------------------------------------------------------


@dataclass
class Distribution:
    name: str
    engagements: int
    projects: int


@dataclass
class YearBefore:
    """The same counts for the year before, which the review's text compares with (counted in the same queries)."""

    missions: int = 0
    delegations: int = 0
    projects_active: int = 0
    memberships: int = 0
    agreements_signed: int = 0
    agreements_active: int = 0


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
    before: YearBefore = field(default_factory=YearBefore)
    municipalities: int = 0  # the home metropolis's municipalities, the measure of how far its action reaches
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


# Every kind the distribution is counted from: a change to any of them counts it again (core.memo).
DISTRIBUTION_READS_FROM = (Territory, Organisation, Engagement, Project)


def distribution(access: Access, year: int | None = None) -> list[Distribution]:
    """Engagements and projects per municipality of the home metropolis, through its organisations there.

    What a municipality only hosts (a network's secretariat, a consulate) is not its action. It counts the whole
    registry, so it is computed once for each class of reader and year, and read again until it changes
    (core.memo).
    """
    return memoised("distribution", access, DISTRIBUTION_READS_FROM, lambda: _distribution(access, year), year)


def _distribution(access: Access, year: int | None) -> list[Distribution]:
    hosted = Q(organisations__kind__in=HOSTED_KINDS)
    engagement_q = Engagement.visible_q(access, prefix="organisations__engagements__") & ~hosted
    project_q = Project.visible_q(access, prefix="organisations__led_projects__") & ~hosted
    if year is not None:
        engagement_q &= Q(organisations__engagements__start_on__year=year)
        project_q &= _overlaps(year, "organisations__led_projects__start_on", "organisations__led_projects__end_on")
    rows = (
        Territory.objects.visible_to(access)
        .filter(kind="municipality", parent__key=home_key())
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
    """Every year from the first public engagement or unit year of the home metropolis to the last, newest first.

    The ends are sought among every engagement of the metropolis, so they are remembered (core.memo).
    """
    return memoised(
        "available_years", access, (Engagement, UnitYear, *HOME_READS_FROM), lambda: _available_years(access)
    )


def _available_years(access: Access) -> list[int]:
    engagements = (
        own_records(Engagement.objects.visible_to(access))
        .filter(start_on__isnull=False)
        .values_list("start_on", flat=True)
    )
    units = own_records(UnitYear.objects.visible_to(access)).values_list("year", flat=True)
    ends = [d.year for d in (engagements.order_by("start_on").first(), engagements.order_by("-start_on").first()) if d]
    ends += [y for y in (units.order_by("year").first(), units.order_by("-year").first()) if y]
    return list(range(max(ends), min(ends) - 1, -1)) if ends else []


def own_projects(access: Access) -> "QuerySet[Project]":
    """The public projects the home metropolis leads or takes part in (the portal's list and the report)."""
    return own_records(Project.objects.visible_to(access))


def year_figures(access: Access, year: int) -> YearFigures:
    """Every figure of the annual report that the registry holds now for the home metropolis, counted in the database.

    Each count of the year comes with the year before's in the same query (`YearFigures.before`).
    """
    figures = YearFigures(year=year)
    before = figures.before
    labels = dict(EngagementKind.choices)
    this, last = Q(start_on__year=year), Q(start_on__year=year - 1)
    by_kind = (
        own_records(Engagement.objects.visible_to(access))
        .filter(start_on__year__in=[year - 1, year])
        .values("kind")
        .annotate(n=Count("pk", filter=this), before=Count("pk", filter=last))
        .order_by("-n", "kind")
    )
    rows = list(by_kind)
    figures.engagements_by_kind = [(str(labels.get(r["kind"], r["kind"])), r["n"]) for r in rows if r["n"]]
    counts = {r["kind"]: r["n"] for r in rows}
    counts_before = {r["kind"]: r["before"] for r in rows}
    figures.missions = counts.get(EngagementKind.OUTGOING_MISSION, 0)
    figures.delegations = counts.get(EngagementKind.INCOMING_DELEGATION, 0)
    before.missions = counts_before.get(EngagementKind.OUTGOING_MISSION, 0)
    before.delegations = counts_before.get(EngagementKind.INCOMING_DELEGATION, 0)

    during = _overlaps(year, "start_on", "end_on")
    projects = own_projects(access).filter(during)
    totals = own_projects(access).aggregate(
        n=Count("pk", filter=during),
        budget=Sum("budget_eur", filter=during),
        before=Count("pk", filter=_overlaps(year - 1, "start_on", "end_on")),
    )
    figures.projects_active, figures.projects_budget = totals["n"], totals["budget"] or Decimal(0)
    before.projects_active = totals["before"]
    funds = (
        Funding.objects.visible_to(access)
        .filter(project__in=projects)
        .annotate(funder_name=name_if_visible(Organisation, "funder", access))
        .values("funder_name")
        .annotate(total=Sum("amount_eur"))
        .order_by("-total", "funder_name")
    )
    figures.funds_by_funder = [(r["funder_name"], r["total"]) for r in funds]
    figures.funds = sum((t for _, t in figures.funds_by_funder), Decimal(0))

    role_labels = dict(MembershipRole.choices)
    member, member_before = _overlaps(year, "start_on", "end_on"), _overlaps(year - 1, "start_on", "end_on")
    roles = list(
        own_records(Membership.objects.visible_to(access))
        .filter(member | member_before)
        .values("role")
        .annotate(n=Count("pk", filter=member), before=Count("pk", filter=member_before))
        .order_by("-n", "role")
    )
    figures.roles = [(str(role_labels.get(r["role"], r["role"])), r["n"]) for r in roles if r["n"]]
    before.memberships = sum(r["before"] for r in roles)

    agreements = own_records(Agreement.objects.visible_to(access)).aggregate(
        signed=Count("pk", filter=Q(signed_on__year=year)),
        active=Count("pk", filter=_overlaps(year, "signed_on", "ends_on")),
        signed_before=Count("pk", filter=Q(signed_on__year=year - 1)),
        active_before=Count("pk", filter=_overlaps(year - 1, "signed_on", "ends_on")),
    )
    figures.agreements_signed, figures.agreements_active = agreements["signed"], agreements["active"]
    before.agreements_signed, before.agreements_active = agreements["signed_before"], agreements["active_before"]

    unit_years = (
        own_records(UnitYear.objects.visible_to(access))
        .filter(year=year, unit__in=ManagementUnit.objects.visible_to(access))
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
    figures.municipalities = (
        Territory.objects.visible_to(access).filter(kind="municipality", parent__key=home_key()).count()
    )
    return figures
