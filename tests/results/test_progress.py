"""Results chains: progress against targets, traffic lights, and the roll-up from outputs to objectives."""

import pytest
from django.test import Client

from interlocal.core.permissions import SYSTEM
from interlocal.results.models import Target
from interlocal.results.selectors import light_for, objective_dashboard, progress_between
from interlocal.strategy.models import Axis, Objective, Plan

from ..factories import make
from .conftest import end, indicator, observe, year


@pytest.mark.parametrize(
    ("actual", "baseline", "target", "expected"),
    [(50, 0, 100, 0.5), (80, 100, 60, 0.5), (120, 0, 100, 1.0), (-5, 0, 100, 0.0), (5, 5, 5, None), (None, 0, 1, None)],
)
def test_progress_is_the_share_of_the_way_from_baseline_to_target(actual, baseline, target, expected) -> None:  # type: ignore[no-untyped-def]
    assert progress_between(actual, baseline, target) == expected


def test_traffic_lights() -> None:
    assert [light_for(p) for p in (None, 0.0, 0.39, 0.4, 0.74, 0.75, 1.0)] == [
        "grey", "red", "red", "amber", "amber", "green", "green",
    ]  # fmt: skip


def test_progress_rolls_up_from_outputs_to_outcomes_to_the_objective(metro) -> None:  # type: ignore[no-untyped-def]
    world = metro.world
    plan = make(Plan, title="Plan", kind=1, organisation=world.amb, owner=world.amb)
    axis = make(Axis, plan=plan, title="Axis", owner=world.amb)
    objective = make(Objective, axis=axis, code="1", title="Jobs for everyone", owner=world.amb)
    events = indicator(world, "events")
    investment = indicator(world, "investment")
    jobs = indicator(world, "new-jobs", kind="outcome", objectives=[objective])
    rent = metro.indicators["rent"]
    rent.objectives.add(objective)
    events.contributes_to.add(jobs)
    investment.contributes_to.add(jobs)
    metro.indicators.update({"events": events, "investment": investment})
    for key, base, now, goal in [("events", 10, 20, 30), ("investment", 0, 90, 100), ("rent", 1000, 900, 800)]:
        observe(metro, key, 0, "2020", base)
        observe(metro, key, 0, "2023", now)
        make(Target, indicator=metro.indicators[key], territory=metro.area, kind="target",
             period_start=year(2025), value=goal, owner=world.amb)  # fmt: skip
    dashboard = objective_dashboard(
        access=SYSTEM, objective=objective, within=metro.area, first=year(2019), last=end(2024)
    )
    items = {i.indicator.key: i for i in dashboard.items}
    assert items["rent"].progress == pytest.approx(0.5) and items["rent"].light == "amber"  # lower is better
    assert [p.indicator.key for p in items["new-jobs"].rolled_up_from] == ["events", "investment"]
    assert items["new-jobs"].progress == pytest.approx((0.5 + 0.9) / 2) and items["new-jobs"].light == "amber"
    assert dashboard.progress == pytest.approx((0.5 + 0.7) / 2)
    page = Client().get(f"/results/objectives/{objective.pk}/").content.decode()
    assert "rolled up from" in page and 'data-light="amber"' in page


def test_the_trend_chart_draws_values_baseline_and_target(metro) -> None:  # type: ignore[no-untyped-def]
    world = metro.world
    observe(metro, "visitors", 0, "2020", 10)
    observe(metro, "visitors", 1, "2021", 30)
    for kind, value in (("baseline", 5), ("target", 50)):
        make(Target, indicator=metro.indicators["visitors"], territory=metro.area, kind=kind,
             period_start=year(2019 if kind == "baseline" else 2030), value=value, owner=world.amb)  # fmt: skip
    spec = Client().get(f"/results/indicators/{metro.indicators['visitors'].pk}/trend.vl.json?from=2019&to=2022").json()
    line, rules = spec["layer"]
    assert [(v["period"], v["value"]) for v in line["data"]["values"]] == [("2020", 10.0), ("2021", 30.0)]
    assert [(r["label"], r["value"]) for r in rules["data"]["values"]] == [("Baseline", 5.0), ("Target", 50.0)]
