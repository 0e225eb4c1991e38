"""Provenance: illustrative data is loaded only for a demo, never published in IATI, badged in the back office.

Also the back office's numbers as people read them (thousand separators in the reader's language).
"""

import csv
import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from lxml import etree

from interlocal.core import memo, services
from interlocal.core.numbers import is_count
from interlocal.core.permissions import SYSTEM
from interlocal.diplomacy.models import Engagement
from interlocal.ecosystem.home import home_organisations
from interlocal.ecosystem.models import Organisation, UnitYear
from interlocal.iati.export import export_bytes
from interlocal.projects.models import Funding, Project
from interlocal.rankings.models import Ranking
from interlocal.results import defaults as results_defaults
from interlocal.results.models import Indicator, Observation, Target
from interlocal.strategy.models import ActionLine, ActionLineLink, Axis, Objective, Plan

from .factories import World, build_world, make
from .home import make_home

ROOT = Path(__file__).resolve().parents[1]


def illustrative_models() -> set[str]:
    """The models (history tables included) that hold at least one illustrative record."""
    found = set()
    for model in apps.get_models():
        names = {f.name for f in model._meta.get_fields()}
        if "illustrative" in names and model._default_manager.filter(illustrative=True).exists():
            found.add(model._meta.label)
    return found


def test_production_loads_no_illustrative_data_and_the_demo_asks_for_it(db) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("load_default_data", stdout=out)
    assert illustrative_models() == set()
    assert "illustrative" not in out.getvalue().lower()
    # The report's facts and the reference data are there.
    assert Organisation.objects.filter(key="amb").exists()
    assert UnitYear.objects.get(unit__name="International Cooperation Bureau").staff == 40  # Seoul (Study §2)
    rankings = Ranking.objects.count()  # each ranking the report cites keeps its own indicator
    assert rankings == 6
    assert Indicator.objects.count() == len(results_defaults.LIBRARY) + len(results_defaults.RATIOS) + rankings
    assert (Plan.objects.count(), Axis.objects.count(), Objective.objects.count()) == (1, 2, 0)

    out = io.StringIO()
    call_command("load_default_data", "--illustrative", stdout=out)
    assert "Illustrative data: 120 engagements, 40 projects." in out.getvalue()
    assert {label.split(".")[1] for label in illustrative_models()} >= {
        "Engagement", "Project", "Funding", "Objective", "ActionLine", "ActionLineLink", "Observation", "Target",
    }  # fmt: skip
    assert Engagement.objects.filter(illustrative=True).count() == 120
    assert (Objective.objects.count(), ActionLine.objects.count(), ActionLineLink.objects.count()) == (4, 8, 12)
    # Loaded after the library, the illustrative objectives are still linked to the indicators that measure them.
    assert list(Indicator.objects.get(key="jobs-generated").objectives.values_list("code", flat=True)) == ["1.2"]
    # No cited record became illustrative.
    assert not Organisation.objects.filter(illustrative=True).exists()
    cited = [row[0] for row in [*results_defaults.LIBRARY, *results_defaults.RATIOS]]
    assert not Indicator.objects.filter(illustrative=True, key__in=cited).exists()
    assert list(Indicator.objects.filter(illustrative=True).values_list("key", flat=True)) == [
        "rankings-illustrative-city-ranking"  # the demo's ranking, illustrative itself
    ]

    _illustrative_values_are_plausible()
    _illustrative_projects_never_reach_the_iati_file()


def _illustrative_values_are_plausible() -> None:
    indicators = {i.pk: i for i in Indicator.objects.all()}
    whole = {pk for pk, i in indicators.items() if is_count(i.unit) or i.unit == "position"}
    assert {indicators[pk].key for pk in whole} >= {
        "new-headquarters", "international-events", "tourists", "jobs-generated", "tourist-flats",
    }  # fmt: skip
    counted = Observation.objects.filter(illustrative=True, indicator_id__in=whole)
    assert counted.count() > 1000
    assert all(v == v.to_integral_value() for v in counted.values_list("value", flat=True))
    targets = Target.objects.filter(indicator_id__in=whole)
    assert targets.exists() and all(v == v.to_integral_value() for v in targets.values_list("value", flat=True))

    ranking = Indicator.objects.get(key="rankings-illustrative-city-ranking")  # kept by the rankings app
    assert (ranking.kind, ranking.aggregation) == ("ranking", "none")  # a position is never summed nor averaged
    positions = list(Observation.objects.filter(indicator=ranking).values_list("value", flat=True))
    assert positions and all(p >= 1 and p == p.to_integral_value() for p in positions)

    def metropolis_total(key: str, year: int = 2016) -> Decimal:
        values = Observation.objects.filter(indicator__key=key, period_start__year=year)
        return sum(values.values_list("value", flat=True), Decimal(0))

    assert 10 <= metropolis_total("new-headquarters") <= 100  # not hundreds a year
    assert 1_000 <= metropolis_total("jobs-generated") <= 5_000
    assert 100 <= metropolis_total("international-events") <= 600

    for kind, ceiling in (("decentralised_cooperation", 300_000), ("technical_cooperation", 300_000), ("eu_funded", 3_000_000)):  # fmt: skip
        budgets = list(Project.objects.filter(illustrative=True, kind=kind).values_list("budget_eur", flat=True))
        assert budgets and all(b <= ceiling and b == b.to_integral_value() for b in budgets), kind


def _illustrative_projects_never_reach_the_iati_file() -> None:
    assert Project.objects.filter(illustrative=True, visibility="public", owner__in=home_organisations()).exists()
    root = etree.fromstring(export_bytes())
    assert root.findall("iati-activity") == []


def test_make_demo_asks_for_illustrative_data_and_a_production_install_does_not() -> None:
    demo = re.search(r"^demo:.*?(?=^\S)", (ROOT / "Makefile").read_text(), flags=re.M | re.S)
    assert demo is not None and "manage.py load_default_data --illustrative" in demo.group(0)
    production = [ROOT / "Procfile", *(ROOT / "deploy").rglob("*"), ROOT / "bench" / "run.sh"]
    for path in production:
        if path.is_file():
            assert "--illustrative" not in path.read_text(), path


def test_the_iati_file_holds_the_home_ecosystems_cited_projects_only(world: World) -> None:
    make_home(world.amb, world.own)  # `other` stays outside: a peer's organisation
    cited = make(Project, title="Cited cooperation", kind="other", lead=world.own, owner=world.own)
    make(Funding, project=cited, funder=world.amb, amount_eur=Decimal("5000"), owner=world.own)
    make(Funding, project=cited, funder=world.other, amount_eur=Decimal("777"), owner=world.own, illustrative=True)
    make(Project, title="Demo cooperation", kind="other", lead=world.own, owner=world.own, illustrative=True)

    root = etree.fromstring(export_bytes())
    assert sorted(root.xpath("iati-activity/title/narrative/text()")) == ["Cited cooperation", "Project own"]
    activity = root.xpath("iati-activity[title/narrative='Cited cooperation']")[0]
    assert activity.xpath("transaction/value/text()") == ["5000.00"]  # not the illustrative funding
    page = Client().get("/iati/").content.decode()
    assert "2 public cooperation projects are published" in page


def _flag(record: Any) -> Any:
    return services.record_update(access=SYSTEM, user=None, instance=record, fields={"illustrative": True})


LISTED = ["projects", "engagements", "agreements", "objectives", "action-lines", "practices", "follow-up-actions"]


@pytest.fixture
def full_world(db) -> World:  # type: ignore[no-untyped-def]
    return build_world(every_kind=True)


def _badges(html: str) -> int:
    return html.count('class="badge badge-illustrative"')


@pytest.mark.parametrize("key", LISTED)
def test_list_and_detail_pages_badge_illustrative_records_in_the_same_queries(
    full_world: World, key: str, django_assert_num_queries: Any
) -> None:
    client = Client()
    client.force_login(full_world.users["coordinator"])
    record = full_world.records[key]
    url = f"/{key}/"
    memo.forget()  # both reads compute their filters' options (`core.memo`): the same work, with a badge or not
    with CaptureQueriesContext(connection) as before:
        page = client.get(url).content.decode()
    assert _badges(page) == 0
    _flag(record)
    memo.forget()
    with django_assert_num_queries(len(before)):
        page = client.get(url).content.decode()
    assert _badges(page) == 1
    assert ">illustrative</span>" in page
    detail = client.get(record.get_absolute_url()).content.decode()
    assert _badges(detail) == 1


def test_a_related_illustrative_row_is_badged_on_the_detail_page(world: World) -> None:
    client = Client()
    client.force_login(world.users["coordinator"])
    project = world.records["projects"]
    _flag(world.records["fundings"])
    page = client.get(project.get_absolute_url()).content.decode()
    assert _badges(page) == 1  # the funding's row, not the project


def test_the_csv_export_carries_the_illustrative_column(world: World) -> None:
    _flag(world.records["projects"])
    client = Client()
    client.force_login(world.users["coordinator"])
    response = client.get("/projects/?format=csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))  # type: ignore[attr-defined]
    assert {row["title"]: row["illustrative"] for row in rows} == {"Project own": "true", "Project other": "false"}


def test_the_home_dashboard_badges_illustrative_records(world: World) -> None:
    client = Client()
    client.force_login(world.users["coordinator"])
    assert _badges(client.get("/").content.decode()) == 0
    _flag(world.records["projects"])
    page = client.get("/").content.decode()
    assert _badges(page) >= 1 and "Project own</a> <span" in page


def test_back_office_amounts_and_counts_have_thousand_separators(world: World) -> None:
    project = world.records["projects"]
    services.record_update(access=SYSTEM, user=None, instance=project, fields={"budget_eur": Decimal("1750000.00")})
    make(UnitYear, unit=world.records["units"], year=2020, staff=12, budget_eur=Decimal("30000000"), owner=world.own)
    client = Client()
    client.force_login(world.users["coordinator"])
    listing = client.get("/projects/").content.decode()
    assert "1,750,000" in listing and "1750000" not in listing
    detail = client.get(project.get_absolute_url()).content.decode()
    assert "1,750,000" in detail and "1750000" not in detail
    years = client.get("/unit-years/").content.decode()
    assert "30,000,000" in years and ">2020<" in years  # a year is not a quantity: no separator

    client.cookies["django_language"] = "es"
    assert "1.750.000" in client.get(project.get_absolute_url()).content.decode()
    client.cookies["django_language"] = "ca"
    assert "30.000.000" in client.get("/unit-years/").content.decode()


def test_benchmark_pages_write_budgets_and_staff_as_people_read_them(world: World) -> None:
    profile = world.records["profiles"]
    services.record_update(
        access=SYSTEM,
        user=None,
        instance=profile,
        fields={"kind": "case_study", "cooperation_share_percent": Decimal("0.70")},
    )
    services.record_update(access=SYSTEM, user=None, instance=world.own, fields={"territory": profile.territory})
    unit = world.records["units"]
    services.record_update(
        access=SYSTEM, user=None, instance=unit, fields={"citation": "Study §2 (Management units table)"}
    )
    make(UnitYear, unit=world.records["units"], year=2020, staff=12_500, budget_eur=Decimal("8790000"), owner=world.own)
    client = Client()
    detail = client.get(profile.get_absolute_url()).content.decode()
    assert "8,790,000" in detail and "12,500" in detail and "0.7%" in detail and "8790000" not in detail
    tables = client.get("/benchmark/tables/").content.decode()
    assert "8,790,000" in tables and "12,500" in tables
    compared = client.get("/benchmark/compare/", {"p": profile.key}).content.decode()
    assert "8,790,000" in compared and "8790000" not in compared
    client.cookies["django_language"] = "es"
    assert "8.790.000" in client.get("/benchmark/tables/").content.decode()


def test_the_coordination_dashboard_badges_an_illustrative_follow_up_action(full_world: World) -> None:
    client = Client()
    client.force_login(full_world.users["coordinator"])
    action = _flag(full_world.records["follow-up-actions"])
    page = client.get("/coordination/").content.decode()
    assert f"{action.title}</a> <span" in page and _badges(page) >= 1
