"""Records and form data of the strategy and results kinds, for tests/factories.py.

`records_for` and `valid_data` in tests/factories.py build one record of every
registered kind; they extend themselves with these two functions (see the
integration note in the results report), so the shared page, permission and
API tests cover the strategy and results kinds too.
"""

import datetime
from typing import Any

from interlocal.results.models import Counterweight, Indicator, Observation, Target
from interlocal.strategy.models import ActionLine, ActionLineLink, Axis, Objective, Plan


def strategy_results_records(make: Any, owner: Any, tag: str, records: dict[str, Any]) -> dict[str, Any]:
    """One record of each strategy and results kind owned by `owner` (`records` holds the registry's)."""
    plan = make(Plan, title=f"Plan {tag}", kind=1, organisation=owner, owner=owner)
    axis = make(Axis, plan=plan, title=f"Axis {tag}", owner=owner)
    objective = make(Objective, axis=axis, code="1", title=f"Objective {tag}", owner=owner)
    line = make(ActionLine, objective=objective, code="1.1", title=f"Line {tag}", owner=owner)
    common = {"kind": "outcome", "unit": "units", "polarity": "higher_better", "aggregation": "sum",
              "periodicity": "year", "territorial_level": "municipality", "owner": owner}  # fmt: skip
    gain = make(Indicator, key=f"gain-{tag}", name=f"Gain {tag}", role="attraction", objectives=[objective], **common)
    cost = make(Indicator, key=f"cost-{tag}", name=f"Cost {tag}", role="externality", **common)
    territory = records["territories"]
    return {
        "plans": plan,
        "axes": axis,
        "objectives": objective,
        "action-lines": line,
        "action-line-links": make(ActionLineLink, action_line=line, project=records["projects"], owner=owner),
        "indicators": gain,
        "counterweights": make(Counterweight, attraction=gain, cost=cost, rationale="Because", owner=owner),
        "observations": make(
            Observation,
            indicator=gain,
            territory=territory,
            period_kind="year",
            period_start=datetime.date(2020, 1, 1),
            value=5,
            owner=owner,
        ),  # fmt: skip
        "indicator-targets": make(
            Target,
            indicator=gain,
            territory=territory,
            kind="target",
            period_start=datetime.date(2030, 1, 1),
            value=10,
            owner=owner,
        ),  # fmt: skip
    }


def strategy_results_valid_data(world: Any, owner: Any) -> dict[str, dict[str, Any]]:
    """Form/API data creating a new valid record of each strategy and results kind."""
    r = world.records
    return {
        "plans": {"title": "New plan", "kind": 2, "organisation": owner.pk},
        "axes": {"plan": r["plans"].pk, "position": 2, "title": "New axis"},
        "objectives": {"axis": r["axes"].pk, "code": "9", "title": "New objective"},
        "action-lines": {"objective": r["objectives"].pk, "code": "9.1", "title": "New line"},
        "action-line-links": {"action_line": r["action-lines"].pk, "agreement": r["agreements"].pk},
        "indicators": {
            "key": "new-indicator",
            "name": "New indicator",
            "kind": "impact",
            "role": "quality_of_life",
            "unit": "%",
            "polarity": "lower_better",
            "aggregation": "mean",
            "scale": 1,
            "periodicity": "year",
            "territorial_level": "municipality",
        },  # fmt: skip
        "counterweights": {"attraction": r["indicators"].pk, "cost": world.others["indicators"].pk, "rationale": "New"},
        "observations": {
            "indicator": r["indicators"].pk,
            "territory": r["territories"].pk,
            "period": "2021",
            "value": "3.5",
        },
        "indicator-targets": {
            "indicator": r["indicators"].pk,
            "territory": r["territories"].pk,
            "kind": "baseline",
            "period": "2019",
            "value": "1",
        },  # fmt: skip
    }
