"""The side-by-side comparison of profiles and the report's own tables, rebuilt from the data."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import GovernanceScenario, MeasuredVariable, PlanningKind, ProfileKind
from .rules import scorecard
from .selectors import ProfileView

NOT_AVAILABLE = gettext_lazy("Information not available")


def _flag(value: bool | None, detail: str = "") -> str:
    if value is None:
        return str(NOT_AVAILABLE)
    text = _("Yes") if value else _("No")
    return f"{text}: {detail}" if detail else text


def _text(value: Any) -> str:
    if value is None or value == "" or value == []:
        return str(NOT_AVAILABLE)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, Decimal):
        return f"{value:,.0f}"
    return str(value)


@dataclass(frozen=True)
class Row:
    key: str
    label: Any
    value: Callable[[ProfileView], str]


ROWS = [
    Row("kind", gettext_lazy("Source"), lambda v: str(ProfileKind(v.profile.kind).label)),
    Row("governance_scenario", gettext_lazy("Governance scenario"), lambda v: _text(v.profile.get_governance_scenario_display() if v.profile.governance_scenario else None)),
    Row("planning_kind", gettext_lazy("Planning kind"), lambda v: _text(v.profile.get_planning_kind_display() if v.profile.planning_kind else None)),
    Row("plans", gettext_lazy("Plans"), lambda v: _text(v.profile.plans)),
    Row("units", gettext_lazy("Management units"), lambda v: _text([u.unit for u in v.units])),
    Row("staff", gettext_lazy("Professionals"), lambda v: _text(v.staff)),
    Row("budget_eur", gettext_lazy("Budget (EUR)"), lambda v: _text(v.budget_eur)),
    Row("coordination", gettext_lazy("Coordination between spheres of government"), lambda v: _flag(v.profile.coordination_between_governments, v.profile.coordination_mechanisms)),
    Row("participation", gettext_lazy("Citizen participation"), lambda v: _flag(v.profile.citizen_participation, v.profile.participation_mechanisms)),
    Row("public_private", gettext_lazy("Public-private collaboration"), lambda v: _flag(v.profile.public_private_collaboration, v.profile.public_private_mechanisms)),
    Row("transversal_space", gettext_lazy("Transversal space for the whole external action"), lambda v: _flag(v.profile.transversal_space)),
    Row("networks", gettext_lazy("Networks and roles"), lambda v: _text([f"{m.network} ({m.role_label})" for m in v.memberships]) if v.memberships else _text(v.profile.declared_networks)),
    Row("agreements", gettext_lazy("Bilateral agreements in the registry"), lambda v: _text(v.agreement_count)),
    Row("bilateral_management", gettext_lazy("How bilateral relations are managed"), lambda v: _text(v.profile.bilateral_management)),
    Row("hosted", gettext_lazy("International organisations hosted"), lambda v: _text(v.profile.hosted_organisations)),
    Row("reputation", gettext_lazy("Reputation and brand"), lambda v: _text(v.profile.reputation_brand)),
    Row("investment", gettext_lazy("Investment instruments"), lambda v: _text(v.profile.investment_instruments)),
    Row("talent", gettext_lazy("Talent instruments"), lambda v: _text(v.profile.talent_instruments)),
    Row("science", gettext_lazy("Science diplomacy"), lambda v: _text(v.profile.science_diplomacy)),
    Row("measured", gettext_lazy("Variables measured"), lambda v: _text([str(MeasuredVariable(code).label) for code in v.profile.measured_variables])),
    Row("rankings", gettext_lazy("Tracks rankings"), lambda v: _flag(v.profile.tracks_rankings)),
    Row("externalities", gettext_lazy("Measures negative externalities"), lambda v: _flag(v.profile.measures_externalities)),
    Row("outcomes", gettext_lazy("Measures outcomes for citizens"), lambda v: _flag(v.profile.measures_outcomes)),
    Row("web_page", gettext_lazy("Web page of its international action"), lambda v: _flag(v.profile.has_web_page, v.profile.web_page)),
    Row("annual_review", gettext_lazy("Annual review"), lambda v: _flag(v.profile.annual_review)),
    Row("cooperation_budget", gettext_lazy("Cooperation budget (EUR)"), lambda v: _text(v.profile.cooperation_budget_eur)),
    Row("cooperation_share", gettext_lazy("Cooperation share of the budget (%)"), lambda v: _text(None if v.profile.cooperation_share is None else f"{v.profile.cooperation_share:.2f}")),
    Row("continuity", gettext_lazy("Survives political change"), lambda v: _flag(v.profile.continuity_mechanism, v.profile.continuity_note)),
]  # fmt: skip


@dataclass
class Comparison:
    views: list[ProfileView]
    rows: list[tuple[Row, list[str]]]
    scores: list[tuple[int, int, int]]  # strengths, gaps, unknown per profile


def compare(views: list[ProfileView], peers: list[ProfileView]) -> Comparison:
    cards = [scorecard(view, peers) for view in views]
    return Comparison(
        views=views,
        rows=[(row, [row.value(view) for view in views]) for row in ROWS],
        scores=[(len(c.strengths), len(c.gaps), len(c.unknown)) for c in cards],
    )


def comparison_records(comparison: Comparison) -> list[dict[str, str]]:
    """One dict per profile: the JSON and CSV form of a comparison."""
    records = []
    for index, view in enumerate(comparison.views):
        record = {"key": view.profile.key, "name": view.profile.name}
        record.update({row.key: cells[index] for row, cells in comparison.rows})
        strengths, gaps, unknown = comparison.scores[index]
        record.update({"strengths": str(strengths), "gaps": str(gaps), "unknown": str(unknown)})
        records.append(record)
    return records


# The report's own tables, rebuilt from the data.


def units_table(views: list[ProfileView]) -> list[tuple[str, str, str, Any, Any]]:
    """Study §2's table: management unit, professionals and budget, per case study."""
    rows: list[tuple[str, str, str, Any, Any]] = []
    for view in views:
        if view.profile.kind != ProfileKind.CASE_STUDY:
            continue
        for unit in view.units:
            if "Management units table" in unit.citation:
                rows.append((view.profile.name, unit.organisation, unit.unit, unit.staff, unit.budget_eur))
    return rows


def networks_table(views: list[ProfileView]) -> list[tuple[str, str, str]]:
    """Study §3's table: the networks each metropolis prioritises, with its main link."""
    rows: list[tuple[str, str, str]] = []
    for view in views:
        seen: dict[str, str] = {}
        for membership in view.memberships:
            if membership.priority:
                seen.setdefault(membership.network, membership.main_link)
        rows.extend((view.profile.name, network, link) for network, link in seen.items())
    return rows


def scenarios_table(views: list[ProfileView]) -> list[tuple[str, list[str]]]:
    return [
        (str(scenario.label), [v.profile.name for v in views if v.profile.governance_scenario == scenario])
        for scenario in GovernanceScenario
    ]


def planning_table(views: list[ProfileView]) -> list[tuple[str, list[str]]]:
    return [
        (str(kind.label), [v.profile.name for v in views if v.profile.planning_kind == kind]) for kind in PlanningKind
    ]


def measures_table(views: list[ProfileView]) -> list[tuple[str, list[bool]]]:
    """For each classic variable, whether each profile measures it."""
    return [
        (str(variable.label), [variable.value in v.profile.measured_variables for v in views])
        for variable in MeasuredVariable
    ]
