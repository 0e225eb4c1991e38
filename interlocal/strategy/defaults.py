"""The strategy app's part of the embedded default data (called by metropolis.defaults, idempotent).

The AMB's planning situation and the two lines of work of its Metropolitan
Action Plan are cited facts (Study §2), always loaded; the objectives and action
lines under them are illustrative, generated for the dashboards, marked so, and
loaded only with `illustrative=True` (the demo).
"""

from interlocal.core.models import SdgTarget
from interlocal.core.services import create_if_missing
from interlocal.diplomacy.models import Engagement
from interlocal.ecosystem.defaults import amb_organisation
from interlocal.projects.models import Project

from .models import ActionLine, ActionLineLink, Axis, Objective, Plan, PlanKind

PLAN_CITATION = (
    "Study §2 (Strategic planning): the AMB's Metropolitan Action Plan and its two lines of international work"
)
ILLUSTRATIVE = "Illustrative strategy built for the dashboards (not from the report)"

AXES = [
    (1, "Encouraging metropolitan networks and bolstering outreach"),
    (2, "Promoting a policy of solidarity and progress in cooperation projects"),
]
# (axis position, code, title, SDG targets, action lines)
OBJECTIVES = [
    (1, "1.1", "Bring international activity to every municipality of the metropolis", ["10.2", "11.a"],
     ["Join the international missions of the 36 municipalities", "Support smaller municipalities in city networks"]),
    (1, "1.2", "Attract investment, talent and events that improve citizens' quality of life", ["8.2", "8.9"],
     ["Co-ordinate investment promotion with the economic development agency", "Host international events with a mobility and air-quality plan"]),
    (1, "1.3", "Measure and mitigate the negative externalities of internationalisation", ["11.1", "11.6"],
     ["Publish an externality ledger beside every attraction figure", "Tie housing and tourism policies to the international strategy"]),
    (2, "2.1", "Decentralised and technical cooperation with partner cities", ["17.9", "11.3"],
     ["Technical cooperation projects on metropolitan services", "EU-funded projects with partner metropolises"]),
]  # fmt: skip


def load(*, illustrative: bool = False) -> str:
    plan, axes = _load_plan()
    if not illustrative:
        return f"Strategy: 1 plan, {len(axes)} axes."
    lines, links = _load_illustrative(plan, axes)
    return (
        f"Strategy: 1 plan, {len(axes)} axes, {len(OBJECTIVES)} illustrative objectives, "
        f"{len(lines)} action lines, {links} new links."
    )


def _load_plan() -> tuple[Plan, dict[int, Axis]]:
    """The cited part: the plan and its two lines of work (Study §2)."""
    amb = amb_organisation()
    common = {"owner": amb, "visibility": "public"}
    plan, _ = create_if_missing(
        Plan,
        {"title": "Metropolitan Action Plan (international lines)", "organisation": amb},
        {
            "kind": PlanKind.WITHIN_STRATEGIC_PLAN,
            "description": (
                "The AMB has no internationalisation plan but a good, not formalised strategy and a sectoral plan "
                "for development cooperation, based on its Metropolitan Action Plan, which includes two lines of "
                "work covering its international action."
            ),
            "citation": PLAN_CITATION,
            **common,
        },
    )
    axes = {}
    for position, title in AXES:
        axes[position], _ = create_if_missing(
            Axis, {"plan": plan, "position": position}, {"title": title, "citation": PLAN_CITATION, **common}
        )
    return plan, axes


def _load_illustrative(plan: Plan, axes: dict[int, Axis]) -> tuple[list[ActionLine], int]:
    """The objectives and action lines under the axes, and their links to illustrative activity."""
    common = {"owner": plan.owner, "visibility": "public"}
    targets = {t.code: t for t in SdgTarget.objects.all()}
    lines = []
    for position, code, title, sdgs, line_titles in OBJECTIVES:
        objective, _ = create_if_missing(
            Objective,
            {"axis": axes[position], "code": code},
            {"title": title, "illustrative": True, "citation": ILLUSTRATIVE, **common},
            m2m={"sdg_targets": [targets[c] for c in sdgs if c in targets]},
        )
        for n, line_title in enumerate(line_titles, start=1):
            line, _ = create_if_missing(
                ActionLine,
                {"objective": objective, "code": f"{code}.{n}"},
                {"title": line_title, "illustrative": True, "citation": ILLUSTRATIVE, **common},
            )
            lines.append(line)
    links = 0
    by_code = {line.code: line for line in lines}
    for project in Project.objects.filter(illustrative=True).order_by("pk")[:6]:
        line = by_code["2.1.2" if project.kind == "eu_funded" else "2.1.1"]
        _, new = create_if_missing(
            ActionLineLink,
            {"action_line": line, "project": project},
            {"illustrative": True, "citation": ILLUSTRATIVE, **common},
        )
        links += new
    for engagement in Engagement.objects.filter(illustrative=True).order_by("pk")[:6]:
        _, new = create_if_missing(
            ActionLineLink,
            {"action_line": by_code["1.1.1"], "engagement": engagement},
            {"illustrative": True, "citation": ILLUSTRATIVE, **common},
        )
        links += new
    return lines, links
