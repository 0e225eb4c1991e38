"""The projects' indicators in the IATI export: <result> elements built from public, approved values."""

import datetime

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from interlocal.iati import export
from interlocal.iati.export import export_bytes
from interlocal.projects.models import Project
from interlocal.results.iati import period_end, project_results
from interlocal.results.models import Indicator, Observation, Target

from ..factories import make
from ..home import make_home
from ..iati.test_export_import import assert_valid
from .conftest import Metro, indicator, observe, year


@pytest.fixture(autouse=True)
def _home(metro: Metro) -> None:
    """The world's organisations belong to the home metropolis, whose projects the IATI file publishes."""
    make_home(metro.world.amb, metro.world.own, metro.world.other)


def project(metro: Metro, title: str, indicators: list[Indicator], **fields: str) -> Project:
    world = metro.world
    return make(
        Project, title=title, kind="decentralised_cooperation", status="active", lead=world.own, owner=world.own,
        indicators=indicators, **fields,
    )  # fmt: skip


def target(metro: Metro, key: str, kind: str, period: int, value: int, **fields: str) -> Target:
    return make(Target, indicator=metro.indicators[key], territory=metro.area, kind=kind,
                period_start=year(period), value=value, owner=metro.world.amb, **fields)  # fmt: skip


def activity(root: etree._Element, project: Project) -> etree._Element:
    (found,) = root.xpath(f"iati-activity[iati-identifier='ZZ-INTERLOCAL-BCN-P{project.pk}']")
    return found


def test_a_public_output_indicator_is_published_with_its_baseline_targets_and_values(metro) -> None:  # type: ignore[no-untyped-def]
    visitors = indicator(metro.world, "visitors-counted", name="Visitors", description="Counted at the venues.")
    metro.indicators["visitors"] = visitors
    water = project(metro, "Water", [visitors])
    observe(metro, "visitors", 0, "2023", 10)
    observe(metro, "visitors", 1, "2023", "5.5")  # the metropolis's value: the towns' sum
    observe(metro, "visitors", 2, "2022", 7)
    target(metro, "visitors", "baseline", 2020, 3)
    target(metro, "visitors", "target", 2023, 20)
    target(metro, "visitors", "target", 2025, 40)  # a period with a target and no value yet

    root = assert_valid(export_bytes())

    (result,) = activity(root, water).xpath("result")
    assert result.get("type") == "1"  # output
    assert result.xpath("title/narrative/text()") == ["Visitors"]
    (measured,) = result.xpath("indicator")
    assert (measured.get("measure"), measured.get("ascending")) == ("1", "true")
    assert measured.xpath("title/narrative/text()") == ["Visitors (units)"]
    assert measured.xpath("description/narrative/text()") == ["Counted at the venues."]
    assert [dict(b.attrib) for b in measured.xpath("baseline")] == [
        {"year": "2020", "iso-date": "2020-01-01", "value": "3"}
    ]
    periods = [
        (
            p.xpath("period-start/@iso-date")[0],
            p.xpath("period-end/@iso-date")[0],
            p.xpath("target/@value"),
            p.xpath("actual/@value"),
        )
        for p in measured.xpath("period")
    ]
    assert periods == [
        ("2022-01-01", "2022-12-31", [], ["7"]),
        ("2023-01-01", "2023-12-31", ["20"], ["15.5"]),
        ("2025-01-01", "2025-12-31", ["40"], []),
    ]


def test_unapproved_values_and_what_visitors_may_not_see_stay_out(metro) -> None:  # type: ignore[no-untyped-def]
    world = metro.world
    hidden = indicator(world, "hidden-output", visibility="internal")
    water = project(metro, "Water", [metro.indicators["visitors"], metro.indicators["jobs"], hidden])
    observe(metro, "visitors", 0, "2023", 10)
    observe(metro, "visitors", 0, "2020", 99, status="draft")
    observe(metro, "visitors", 0, "2021", 99, status="submitted")
    observe(metro, "visitors", 0, "2022", 99, status="returned")
    internal = observe(metro, "visitors", 1, "2023", 99)
    Observation.objects.filter(pk=internal.pk).update(visibility="internal")
    observe(metro, "jobs", 0, "2023", 99)
    target(metro, "visitors", "target", 2024, 99, visibility="internal")

    root = assert_valid(export_bytes())

    results = activity(root, water).xpath("result")
    assert [r.xpath("title/narrative/text()")[0] for r in results] == ["Visitors"]  # not context, not internal
    assert results[0].xpath("indicator/period/period-start/@iso-date") == ["2023-01-01"]
    assert results[0].xpath("indicator/period/actual/@value") == ["10"]
    # No value or target of 99 anywhere (an identifier may hold "99", e.g. project 1099 on a long-lived database).
    assert "99" not in root.xpath("//@value")


def test_an_indicator_of_several_projects_is_published_in_each(metro) -> None:  # type: ignore[no-untyped-def]
    visitors = metro.indicators["visitors"]
    water, health = project(metro, "Water", [visitors]), project(metro, "Health", [visitors])
    observe(metro, "visitors", 0, "2023", 10)

    root = assert_valid(export_bytes())

    for each in (water, health):
        assert activity(root, each).xpath("result/indicator/period/actual/@value") == ["10"]


def test_the_results_take_a_fixed_number_of_queries(metro) -> None:  # type: ignore[no-untyped-def]
    keys = ["visitors", "rent", "share", "quarterly"]  # share: a ratio of two indicators no project names
    for key in ("visitors", "rent", "jobs-tourism", "jobs"):
        observe(metro, key, 0, "2023", 10)
    first = project(metro, "First", [metro.indicators[k] for k in keys])
    target(metro, "visitors", "target", 2023, 20)
    with CaptureQueriesContext(connection) as for_one:
        one = project_results([first])
    for tag in "abcd":
        project(metro, f"Project {tag}", [metro.indicators[k] for k in keys])
    everyone = list(Project.objects.all())
    with CaptureQueriesContext(connection) as for_five:
        many = project_results(everyone)
    assert len(for_one) == len(for_five) <= 8
    assert len(one[first.pk]) == len(many[first.pk]) == 4
    assert len(many) == 5
    share = next(r for r in many[first.pk] if r.xpath("title/narrative/text()") == ["Share"])
    assert share.xpath("indicator/period/actual/@value") == ["100"]  # jobs-tourism ÷ jobs × 100


@pytest.mark.parametrize(
    ("kind", "start", "end"),
    [("year", year(2023), "2023-12-31"), ("quarter", datetime.date(2023, 10, 1), "2023-12-31"),
     ("quarter", datetime.date(2023, 4, 1), "2023-06-30"), ("month", datetime.date(2024, 2, 1), "2024-02-29")],
)  # fmt: skip
def test_a_period_ends_the_day_before_the_next_one_starts(kind: str, start: datetime.date, end: str) -> None:
    assert period_end(kind, start).isoformat() == end


def test_the_results_app_registers_its_provider_once() -> None:
    apps.get_app_config("results").ready()
    assert export._results_providers.count(project_results) == 1


def test_illustrative_values_and_targets_never_reach_the_iati_file(metro) -> None:  # type: ignore[no-untyped-def]
    visitors = indicator(metro.world, "visitors-counted", name="Visitors")
    metro.indicators["visitors"] = visitors
    water = project(metro, "Water", [visitors])
    observe(metro, "visitors", 0, "2023", 10)
    Observation.objects.filter(pk=observe(metro, "visitors", 1, "2023", 900).pk).update(illustrative=True)
    observe(metro, "visitors", 2, "2024", 7)
    target(metro, "visitors", "target", 2024, 20)
    target(metro, "visitors", "target", 2025, 4000, illustrative="1")

    root = assert_valid(export_bytes())

    (measured,) = activity(root, water).xpath("result/indicator")
    actuals = {p.xpath("period-start/@iso-date")[0]: p.xpath("actual/@value") for p in measured.xpath("period")}
    assert actuals == {"2023-01-01": ["10"], "2024-01-01": ["7"]}  # 910 with the illustrative 900
    assert measured.xpath("period/target/@value") == ["20"]
