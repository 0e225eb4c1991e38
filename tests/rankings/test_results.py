"""A ranking's positions are values of its own indicator: lower is better, never summed (results and its API)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from ninja.testing import TestClient

from interlocal.core import services as core_services
from interlocal.core.permissions import SYSTEM
from interlocal.rankings.models import Edition, Position
from interlocal.rankings.services import ranking_results_sync
from interlocal.results.aggregation import aggregate
from interlocal.results.api import router
from interlocal.results.forms import IndicatorForm
from interlocal.results.models import Indicator, Observation
from interlocal.territory.models import Territory
from tests.factories import make

from .conftest import Ranked, place


def test_each_ranking_has_an_indicator_of_its_own_kind_with_a_value_per_position(ranked: Ranked) -> None:
    indicator = ranked.ranking.indicator
    assert indicator is not None
    assert (indicator.key, indicator.kind, indicator.aggregation, indicator.polarity, indicator.unit) == (
        "rankings-gatherings", "ranking", "none", "lower_better", "position",
    )  # fmt: skip
    assert (indicator.owner, indicator.visibility, indicator.source) == (
        ranked.world.own,
        "public",
        "A congress association",
    )
    values = Observation.objects.filter(indicator=indicator).order_by("period_start", "territory__key")
    assert [(o.period_start.year, o.territory.key, o.value, o.status) for o in values] == [
        (2021, "amb", 12, "approved"), (2021, "seoul", 9, "approved"), (2021, "vienna", 2, "approved"),
        (2022, "amb", 10, "approved"), (2022, "seoul", 9, "approved"), (2022, "vienna", 1, "approved"),
        (2023, "amb", 8, "approved"), (2023, "seoul", 7, "approved"), (2023, "vienna", 2, "approved"),
    ]  # fmt: skip
    assert values[0].source == "Edition 2021"


def test_the_values_follow_the_positions_and_a_second_sync_changes_nothing(ranked: Ranked) -> None:
    indicator = ranked.ranking.indicator
    position = Position.objects.get(edition=ranked.editions[2023], territory=ranked.home)
    core_services.record_update(
        access=SYSTEM, user=None, instance=position, fields={"position": 6, "visibility": "internal"}
    )
    core_services.record_set_archived(
        access=SYSTEM,
        user=None,
        instance=Position.objects.get(edition=ranked.editions[2021], territory=ranked.seoul),
        archived=True,
    )
    ranking_results_sync(ranking=ranked.ranking)
    value = Observation.objects.get(indicator=indicator, territory=ranked.home, period_start=datetime.date(2023, 1, 1))
    assert (value.value, value.visibility) == (6, "internal")
    gone = Observation.objects.get(indicator=indicator, territory=ranked.seoul, period_start=datetime.date(2021, 1, 1))
    assert gone.archived_at is not None
    versions = Observation.history.count()
    ranking_results_sync(ranking=ranked.ranking)
    assert Observation.history.count() == versions  # nothing changed: no new version


def test_an_edition_without_a_year_has_no_value(ranked: Ranked) -> None:
    undated = make(Edition, ranking=ranked.ranking, label="Cited without a year", owner=ranked.world.own)
    place(undated, ranked.home, 3)
    ranking_results_sync(ranking=ranked.ranking)
    assert not Observation.objects.filter(indicator=ranked.ranking.indicator, value=3).exists()


def test_positions_are_never_summed_nor_averaged_over_the_metropolis(ranked: Ranked) -> None:
    indicator = ranked.ranking.indicator
    assert indicator is not None
    first, last = datetime.date(2021, 1, 1), datetime.date(2023, 12, 31)
    result = aggregate(access=SYSTEM, indicator=indicator, within=ranked.home, first=first, last=last)
    assert result.value == 8  # the latest position of the home metropolis, never 12 + 10 + 8
    # Two places of the metropolis in one edition: no value for that year, never 8 + 5 nor their mean.
    barcelona = Territory.objects.get(key="amb-barcelona")
    place(ranked.editions[2023], barcelona, 5)
    ranking_results_sync(ranking=ranked.ranking)
    result = aggregate(access=SYSTEM, indicator=indicator, within=ranked.home, first=first, last=last)
    assert result.value == 10 and result.present == [datetime.date(2021, 1, 1), datetime.date(2022, 1, 1)]


def test_the_aggregate_api_never_sums_a_ranking(ranked: Ranked) -> None:
    place(ranked.editions[2022], Territory.objects.get(key="amb-barcelona"), 4)
    ranking_results_sync(ranking=ranked.ranking)
    api = TestClient(router)
    body = api.get("/aggregate?indicator=rankings-gatherings&territory=amb&first=2022&last=2022").json()
    assert (body["aggregation"], body["value"], body["missing"]) == ("none", None, ["2022-01-01"])
    body = api.get("/aggregate?indicator=rankings-gatherings&territory=amb&first=2021&last=2023").json()
    assert Decimal(body["value"]) == 8 and body["unit"] == "position"
    body = api.get("/aggregate?indicator=rankings-gatherings&territory=vienna&first=2021&last=2022").json()
    assert Decimal(body["value"]) == 1
    equity = api.get("/equity?indicator=rankings-gatherings&first=2022&last=2022").json()
    assert equity["total"] is None and equity["mean"] is None and equity["gini"] is None
    assert equity["rows"] == []  # a ranking's level is the metropolis: no municipality is ranked by it


def test_an_indicator_of_the_ranking_kind_cannot_be_summed(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        Indicator(key="r", name="R", kind="ranking", unit="position", polarity="lower_better", aggregation="sum",
                  periodicity="year", owner=world.amb).full_clean()  # fmt: skip
    data = {"key": "r", "name": "R", "kind": "ranking", "role": "other", "unit": "position", "polarity": "higher_better",
            "aggregation": "sum", "scale": 1, "periodicity": "year", "territorial_level": "metropolis",
            "owner": world.amb.pk, "visibility": "public", "language": "en"}  # fmt: skip
    form = IndicatorForm(data, access=SYSTEM)
    assert not form.is_valid()
    assert "A position in a ranking is never summed" in str(form.errors)


def test_the_ranking_shows_on_the_portal_with_the_best_place_on_top(ranked: Ranked) -> None:
    from django.test import Client

    indicator = ranked.ranking.indicator
    assert indicator is not None
    assert "International gatherings" in Client().get("/portal/indicators/").content.decode()
    spec = Client().get(f"/portal/indicators/{indicator.pk}/trend.vl.json").json()
    line = spec["layer"][0]
    assert line["encoding"]["y"]["scale"] == {"reverse": True}
    assert [point["value"] for point in line["data"]["values"]] == [12, 10, 8]  # the home metropolis's positions
