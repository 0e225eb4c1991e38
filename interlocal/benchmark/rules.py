"""The scorecard: transparent rules, each implementing one conclusion of the report.

A rule looks at a ProfileView and answers True (a strength), False (a gap) or
None (information not available). Each quotes the report's words and section.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from .selectors import ProfileView, profile_views


@dataclass(frozen=True)
class Rule:
    key: str
    title: Any
    quote: str  # the report's words, verbatim
    citation: str
    check: Callable[[ProfileView], bool | None]
    recommendation: Any


def _either(*values: bool | None) -> bool | None:
    if any(v is True for v in values):
        return True
    if values and all(v is False for v in values):
        return False
    return None


def _plan(view: ProfileView) -> bool | None:
    profile = view.profile
    if profile.planning_kind in (3, 4) or profile.plan_has_sectoral_strategies is False:
        return False
    if profile.planning_kind in (1, 2) and profile.plan_has_sectoral_strategies:
        return True
    return None


def _cooperation(view: ProfileView) -> bool | None:
    share = view.profile.cooperation_share
    return None if share is None else share >= 0.7


def _resources(view: ProfileView) -> bool | None:
    staff = view.staff
    return None if staff is None else staff > 0


RULES = [
    Rule(
        "transversal_space",
        _("A transversal space for the whole external action"),
        "There are no mechanisms that can be used to follow up external action policies from an overall perspective "
        "and with all the relevant stakeholders of the metropolis (private sector, academia, research centres, civil "
        "society, professionals, etc.). […] Such a mechanism is highly recommendable and it would clearly enhance the "
        "international action of the city.",
        "Study §6 (Conclusions)",
        lambda v: v.profile.transversal_space,
        _(
            "Create a space (a roundtable, a steering committee) where every actor's external action is followed up together."
        ),
    ),
    Rule(
        "externalities",
        _("Negative externalities are measured"),
        "It would seem highly recommendable to tie internationalisation strategies to others aimed at mitigating these "
        "negative externalities.",
        "Study §6 (Conclusions)",
        lambda v: v.profile.measures_externalities,
        _(
            "Give every attraction indicator its counterweights (housing prices, air quality, tourism pressure) and report them side by side."
        ),
    ),
    Rule(
        "sectoral_plan",
        _("A plan that carries sectoral strategies"),
        "These plans and their narratives should include sectoral strategies dealing with the international actions of "
        "the territory (economic dimension, international cooperation, scientific diplomacy, etc.).",
        "Report §6 (Conclusions)",
        _plan,
        _(
            "Adopt a plan for international action that brings the economic, cooperation, science and culture strategies together."
        ),
    ),
    Rule(
        "cooperation_07",
        _("Cooperation budget at 0.7% or more"),
        "It is important to recognise those governments allocating 0.7% of their budgets or even more to international "
        "cooperation projects.",
        "Report §6 (Conclusions)",
        _cooperation,
        _("Raise the cooperation budget to at least 0.7% of the total budget and publish the share."),
    ),
    Rule(
        "accountability",
        _("An accountability instrument"),
        "A bigger effort has to be made to increase the visibility of international action and to ensure accountability.",
        "Report §6 (Conclusions)",
        lambda v: _either(v.profile.has_web_page, v.profile.annual_review),
        _("Publish the strategy, structure, projects, relations, contacts and results, with an annual review."),
    ),
    Rule(
        "continuity",
        _("Relations that survive political change"),
        "Three things need to happen to make internationalisation a real public policy that goes beyond the centre: "
        "1. Explicit political will to seek out stakeholder engagement. 2. Formal understanding and communication among "
        "the local actors. 3. Survive political change",
        "Report §5.3 (Session III: Building International Metropolitan Strategies with Local Partners)",
        lambda v: v.profile.continuity_mechanism,
        _("Keep contacts, commitments and history in a shared registry and hand them over after each election."),
    ),
    Rule(
        "outcomes",
        _("Outcomes for citizens are measured, not only outputs"),
        "The number of investments, missions or international funding are classical indicators, but metropolitan "
        "governments need to invest in identifying better indicators to measure the impact of their international "
        "actions on their local policies or on the improvement of the quality of life of citizens.",
        "Report §6 (Conclusions)",
        lambda v: v.profile.measures_outcomes,
        _("Tie indicators to strategic objectives and to citizens' quality of life, with baselines and targets."),
    ),
    Rule(
        "coordination",
        _("Coordination between spheres of government"),
        "Political will and proximity to the Mayor's Office is the key to moving forward toward an internationalisation "
        "strategy, together with strong coordination and articulation between all the actors involved in the process.",
        "Report §6 (Conclusions)",
        lambda v: v.profile.coordination_between_governments,
        _(
            "Set up a standing mechanism that coordinates the metropolitan government, the municipalities, the province and the region abroad."
        ),
    ),
    Rule(
        "participation",
        _("Citizens and stakeholders take part in the strategy"),
        "Except for the participative process introduced by Montreal, most coordination and/or cooperation efforts are "
        "sectoral.",
        "Study §6 (Conclusions)",
        lambda v: v.profile.citizen_participation,
        _("Consult stakeholders and citizens sector by sector when the strategy is drawn up, as Montreal did."),
    ),
    Rule(
        "network_priorities",
        _("Network memberships are prioritised"),
        "All of them have a high-profile presence in city networks and make a far from insignificant effort to "
        "prioritise those in which they have a more significant and committed presence.",
        "Study §6 (Conclusions)",
        lambda v: v.has_priority_networks,
        _("Review the network portfolio: choose the priority networks and the role sought in each."),
    ),
    Rule(
        "resources",
        _("A dedicated unit with professionals"),
        "With the exception of Durban, all of them have specific departments, high-profile professional teams and "
        "relatively large budgets with which to operate.",
        "Study §6 (Conclusions)",
        _resources,
        _("Give international action a unit with its own professional team and budget."),
    ),
    Rule(
        "knowledge",
        _("Knowledge management"),
        "One highly significant and innovative fact in this case is that one of the departments is devoted to knowledge "
        "management.",
        "Study §2 (International action in the municipal structure)",
        lambda v: v.has_knowledge_unit,
        _(
            "Dedicate a team to capturing and sharing the practices and lessons of international action, as Medellín's ACI does."
        ),
    ),
]


@dataclass
class Finding:
    rule: Rule
    result: bool | None
    better_peers: list[str]


@dataclass
class Scorecard:
    strengths: list[Finding]
    gaps: list[Finding]
    unknown: list[Finding]


def scorecard(view: ProfileView, peers: list[ProfileView]) -> Scorecard:
    """Strengths, gaps and unknowns of one profile; for each gap, the peers for which the rule is a strength."""
    results = {(p.profile.pk, rule.key): rule.check(p) for p in peers for rule in RULES}
    card = Scorecard(strengths=[], gaps=[], unknown=[])
    for rule in RULES:
        result = rule.check(view)
        better = [
            p.profile.name
            for p in peers
            if p.profile.pk != view.profile.pk and results[(p.profile.pk, rule.key)] is True
        ]
        finding = Finding(rule=rule, result=result, better_peers=[] if result else better)
        {True: card.strengths, False: card.gaps, None: card.unknown}[result].append(finding)
    return card


def profile_detail_context(profile: Any, access: Any) -> dict[str, Any]:
    """The scorecard of a profile against every visible peer, for its page."""
    peers = profile_views(access=access)
    view = next(v for v in peers if v.profile.pk == profile.pk)
    return {"view": view, "scorecard": scorecard(view, peers)}
