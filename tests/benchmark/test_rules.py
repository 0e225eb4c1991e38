"""Each scorecard rule on crafted profiles, both ways, and the peers that do better."""

from decimal import Decimal

import pytest

from interlocal.benchmark.models import Profile
from interlocal.benchmark.rules import RULES, scorecard
from interlocal.benchmark.selectors import MembershipRow, ProfileView, UnitRow

RULE_KEYS = {rule.key for rule in RULES}


def view(pk: int = 1, *, units: list | None = None, memberships: list | None = None, **fields: object) -> ProfileView:
    return ProfileView(
        profile=Profile(pk=pk, key=f"p{pk}", name=f"Metropolis {pk}", **fields),
        units=units or [],
        memberships=memberships or [],
    )


def unit(scope: str = "relations", staff: int | None = 10) -> UnitRow:
    return UnitRow(organisation="Gov", unit="Office", scope=scope, year=2019, staff=staff, budget_eur=None, citation="")


def membership(priority: bool) -> MembershipRow:
    return MembershipRow(
        network="UCLG",
        network_name="UCLG",
        role="member",
        role_label="Member",
        main_link="",
        priority=priority,
        member="Gov",
        citation="",
    )


# rule key -> (a profile for which it is a strength, a profile for which it is a gap)
CASES = {
    "transversal_space": (view(transversal_space=True), view(transversal_space=False)),
    "externalities": (view(measures_externalities=True), view(measures_externalities=False)),
    "sectoral_plan": (view(planning_kind=1, plan_has_sectoral_strategies=True), view(planning_kind=4)),
    "cooperation_07": (
        view(cooperation_budget_eur=Decimal(8), total_budget_eur=Decimal(1000)),
        view(cooperation_share_percent=Decimal("0.4")),
    ),
    "accountability": (view(has_web_page=False, annual_review=True), view(has_web_page=False, annual_review=False)),
    "continuity": (view(continuity_mechanism=True), view(continuity_mechanism=False)),
    "outcomes": (view(measures_outcomes=True), view(measures_outcomes=False)),
    "coordination": (view(coordination_between_governments=True), view(coordination_between_governments=False)),
    "participation": (view(citizen_participation=True), view(citizen_participation=False)),
    "network_priorities": (
        view(memberships=[membership(False), membership(True)]),
        view(memberships=[membership(False)]),
    ),
    "resources": (view(units=[unit(staff=18)]), view(declared_staff=0)),
    "knowledge": (view(units=[unit("knowledge_management")]), view(units=[unit("relations")])),
}


def test_every_rule_has_cases_and_quotes_the_report() -> None:
    assert set(CASES) == RULE_KEYS
    for rule in RULES:
        assert len(rule.quote) > 40 and rule.citation.startswith(("Report §", "Study §"))


@pytest.mark.parametrize("key", sorted(CASES))
def test_rule_both_ways(key: str) -> None:
    rule = next(r for r in RULES if r.key == key)
    strong, weak = CASES[key]
    assert rule.check(strong) is True
    assert rule.check(weak) is False
    assert rule.check(view()) is None  # nothing known: information not available


def test_planning_rule_edges() -> None:
    rule = next(r for r in RULES if r.key == "sectoral_plan")
    assert rule.check(view(planning_kind=3, plan_has_sectoral_strategies=True)) is False  # sectoral plans only
    assert rule.check(view(planning_kind=2)) is None  # a plan, but whether it carries sectoral strategies is unknown
    assert rule.check(view(planning_kind=1, plan_has_sectoral_strategies=False)) is False


def test_cooperation_threshold_is_inclusive() -> None:
    rule = next(r for r in RULES if r.key == "cooperation_07")
    assert rule.check(view(cooperation_share_percent=Decimal("0.7"))) is True
    assert rule.check(view(cooperation_share_percent=Decimal("0.699"))) is False


def test_scorecard_lists_strengths_gaps_and_better_peers() -> None:
    subject = view(1, transversal_space=False, measures_externalities=True)
    peer = view(2, transversal_space=True)
    other = view(3, transversal_space=False)
    card = scorecard(subject, [subject, peer, other])
    gaps = {f.rule.key: f for f in card.gaps}
    assert gaps["transversal_space"].better_peers == ["Metropolis 2"]
    assert "externalities" in {f.rule.key for f in card.strengths}
    assert len(card.strengths) + len(card.gaps) + len(card.unknown) == len(RULES)
