"""The main queries' plans seek with the indexes made for them, on both databases, with fresh statistics.

A plan must not depend on luck: after `ANALYZE` (what production's statistics become, SQLite's
`PRAGMA optimize` included) the dashboard's dormant-agreements probe reads an agreement's engagements
since a date through `engagement_agreement_since`, not by scanning engagements by date for each
agreement; PostgreSQL may instead read the engagements since the date once and join them (an anti
join). The test's tables are small enough for PostgreSQL to read whole, so there it is asked for a
plan with indexes (`enable_seqscan` off).
"""

import datetime
from collections.abc import Callable

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from interlocal.core.access import ANONYMOUS
from interlocal.core.bulk import insert_rows
from interlocal.core.permissions import access_for
from interlocal.core.selectors import record_list
from interlocal.diplomacy.entities import MEMBERSHIPS
from interlocal.diplomacy.models import Agreement
from interlocal.ecosystem.models import Organisation
from interlocal.iati.export import published_projects
from interlocal.metropolis.dashboard import dormant_agreements
from interlocal.portal.headlines import headline_year
from interlocal.projects.models import Project
from interlocal.results.entities import OBSERVATIONS, TARGETS
from interlocal.results.models import Indicator, Observation, Target
from interlocal.results.selectors import review_queue
from interlocal.territory.models import Territory
from tests.factories import World, records_for


def plan(queryset, before: Callable[[], None] = lambda: None) -> str:  # type: ignore[no-untyped-def]
    """The plan of `queryset` after `ANALYZE`, then what `before` does to the statistics."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        before()
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
    return str(queryset.explain())


def test_the_dormant_agreements_probe_seeks_an_agreements_engagements_since_a_date(world: World) -> None:
    for n in range(3):
        records_for(world.own, world.network, f"plan{n}", every_kind=True)
    explained = plan(dormant_agreements(Agreement.objects.all(), today=datetime.date(2026, 1, 1)))
    if connection.vendor == "postgresql" and "engagement_agreement_since" not in explained:
        # PostgreSQL may read the engagements since the date once and join them: a hash or merge anti join, or a
        # nested loop over that read materialised. A nested loop that reads them again for each agreement fails.
        assert "Anti Join" in explained, explained
        assert "Nested Loop" not in explained or "Materialize" in explained, explained
    else:  # a probe per agreement: it seeks that agreement's engagements since the date
        assert "engagement_agreement_since" in explained, explained


def misleading_statistics() -> None:
    """What `PRAGMA optimize` left on the bench's ten million observations: statistics sampled from 400 rows, by
    which each status, territory, indicator or user has some 400 values. By them, reading one status or one
    territory and sorting looks cheaper than reading the list's order; on the real table it sorted millions of rows.
    """
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'results_observation'")
        for _, index, *_ in cursor.execute("PRAGMA index_list(results_observation)").fetchall():
            columns = [row[2] for row in cursor.execute(f"PRAGMA index_info({index})").fetchall()]
            stat = " ".join(["10000000", *("1" if column == "id" else "401" for column in columns)])
            cursor.execute("INSERT INTO sqlite_stat1 VALUES ('results_observation', %s, %s)", [index, stat])
        cursor.execute("ANALYZE sqlite_schema")  # SQLite reads sqlite_stat1 again


def reads_along(explained: str, *indexes: str) -> None:
    """The plan reads one of `indexes` in its order, and sorts nothing."""
    assert any(index in explained for index in indexes), explained
    assert "TEMP B-TREE" not in explained and "Sort" not in explained, explained


@pytest.mark.parametrize("reader", ["anonymous", "editor"])
def test_the_observation_list_reads_its_first_page_along_its_order(world: World, reader: str) -> None:
    """The list's page of ids (`paging.rows_by_ids`) reads the observations newest first and stops at 25: not the
    visible indicators first, nor one status's values, then every one of them sorted."""
    records_for(world.own, world.network, "plan", every_kind=True)
    access = ANONYMOUS if reader == "anonymous" else access_for(world.users["editor"])
    listing = record_list(spec=OBSERVATIONS, access=access, params=QueryDict())
    page = listing.queryset.values_list("pk", flat=True)[:25]
    explained = plan(page, before=misleading_statistics)
    if reader == "editor":
        reads_along(explained, "obs_newest_first")
    elif connection.vendor == "sqlite":  # the public reads approved values only: those of one status, newest first
        reads_along(explained, "obs_status_newest")
    else:  # or every value newest first, testing each one's status: the test's few rows make both cost the same
        reads_along(explained, "obs_status_newest", "obs_newest_first")


def test_the_review_queue_reads_the_submitted_values_oldest_first(world: World) -> None:
    records_for(world.own, world.network, "plan", every_kind=True)
    queue = review_queue(access=access_for(world.users["editor"])).values_list("pk", flat=True)[:100]
    reads_along(plan(queue, before=misleading_statistics), "obs_status_updated")


def test_the_portals_headline_year_reads_the_bands_indicators_values(world: World) -> None:
    """The latest year of the band's indicators: their values seeked by indicator, not the approved values of every
    indicator read newest first until one of theirs (on the bench's ten million, 9 s for a band with none)."""
    records_for(world.own, world.network, "plan", every_kind=True)
    plan(Observation.objects.none(), before=misleading_statistics)  # the statistics, for the query below
    with CaptureQueriesContext(connection) as queries:
        headline_year(ANONYMOUS)
    with connection.cursor() as cursor:
        explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
        cursor.execute(explain + queries.captured_queries[-1]["sql"])
        explained = "\n".join(" ".join(map(str, row)) for row in cursor.fetchall())
    # Never the values newest first, of one status or of all (PostgreSQL turns a maximum into that where it can).
    assert "obs_status_newest" not in explained and "obs_newest_first" not in explained, explained
    if connection.vendor == "sqlite":  # PostgreSQL may seek by indicator and territory instead (unique_observation)
        assert "obs_indicator_status_period" in explained, explained


@pytest.mark.parametrize("reader", ["anonymous", "editor"])
def test_the_membership_list_reads_its_first_page_along_the_networks_names(world: World, reader: str) -> None:
    """Sorted by network, a page of memberships reads the copied name's index (`membership_network_order`) and stops
    at 25: not every membership joined to its network and sorted (on the bench's 50,000, 15 ms on SQLite)."""
    for n in range(3):
        records_for(world.own, world.network, f"plan{n}", every_kind=True)
    access = ANONYMOUS if reader == "anonymous" else access_for(world.users["editor"])
    listing = record_list(spec=MEMBERSHIPS, access=access, params=QueryDict())
    reads_along(
        plan(listing.queryset.values_list("pk", flat=True)[:25], before=bench_memberships), "membership_network_order"
    )


def bench_memberships() -> None:
    """The bench's 50,000 memberships of 25 networks in SQLite's statistics: the test's few rows are cheaper to read
    whole and sort, and SQLite rightly does so. (PostgreSQL is asked for a plan with indexes, see `plan`.)"""
    planted_statistics(
        {"diplomacy_membership": 50000}, {"network_id": "2000", "network_name": "2000", "organisation_id": "1"}
    )


def planted_statistics(sizes: dict[str, int], per_value: dict[str, str]) -> None:
    """On SQLite, statistics of bench-sized tables (`sizes`: rows per table) in place of the test's: each index's
    rows per value of its columns (`per_value`, 1 for a column not named)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for table, rows in sizes.items():
            cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = %s", [table])
            cursor.execute("INSERT INTO sqlite_stat1 VALUES (%s, NULL, %s)", [table, str(rows)])
            for _, index, *_ in cursor.execute(f"PRAGMA index_list({table})").fetchall():
                columns = [row[2] for row in cursor.execute(f"PRAGMA index_info({index})").fetchall()]
                stat = " ".join([str(rows), *(per_value.get(column, "1") for column in columns)])
                cursor.execute("INSERT INTO sqlite_stat1 VALUES (%s, %s, %s)", [table, index, stat])
        cursor.execute("ANALYZE sqlite_schema")  # SQLite reads sqlite_stat1 again


def test_the_iati_import_seeks_the_organisations_it_names(world: World) -> None:
    """The names of a batch's organisations are looked up through `organisation_name_upper`: on SQLite an OR of
    `name__iexact` (LIKE) read every organisation, 2 s a batch among the bench's 100,000. Among 5,000 here: enough
    for both databases to prefer a seek to reading them all."""
    rows = [{"key": f"bulk-{n}", "name": f"Organisation {n}", "kind": "ngo", "owner_id": world.own.pk,
             "visibility": "public"} for n in range(5000)]  # fmt: skip
    insert_rows(Organisation, rows)
    named = Organisation.objects.filter(Organisation.name_is_any(["Organisation 12", "ORGANISATION 4000"]))
    explained = plan(named.values("pk"))
    assert "organisation_name_upper" in explained, explained
    assert sorted(named.values_list("key", flat=True)) == ["bulk-12", "bulk-4000"]


def test_the_registry_import_seeks_the_organisation_a_row_names_by_its_key(world: World) -> None:
    """A row's organisation key is matched whatever its case through `organisation_key_upper` (`key__caseless`):
    `key__iexact` read every organisation on SQLite, 13 ms a row among the bench's 100,000."""
    rows = [{"key": f"bulk-{n}", "name": f"Organisation {n}", "kind": "ngo", "owner_id": world.own.pk,
             "visibility": "public"} for n in range(5000)]  # fmt: skip
    insert_rows(Organisation, rows)
    named = Organisation.objects.filter(key__caseless="BULK-12")
    explained = plan(named.values("pk"))
    assert "organisation_key_upper" in explained, explained
    assert list(named.values_list("key", flat=True)) == ["bulk-12"]


def test_a_list_sorted_by_a_related_name_reads_its_first_page_along_that_name(world: World) -> None:
    """Targets are listed by their indicator's name: the indicators are read along `indicator_name_order` (name, then
    key: `core.selectors.list_order`) and their targets seeked, to stop at 25. Many indicators may share a name
    (an IATI import gives 20,000 the same one): sorted by the name and the target's key alone, every target of the
    first name was read and sorted, and on PostgreSQL the whole list (96,000 targets, 80 ms)."""
    territory_id = Territory.objects.order_by("pk").values_list("pk", flat=True).first()
    indicators = [
        {"key": f"same-{n}", "name": "Households connected", "kind": "output", "unit": "households",
         "polarity": "higher_better", "aggregation": "sum", "periodicity": "year", "owner_id": world.own.pk,
         "visibility": "public"}
        for n in range(3000)
    ]  # fmt: skip
    insert_rows(Indicator, indicators)
    insert_rows(
        Target,
        [{"indicator_id": row["id"], "territory_id": territory_id, "kind": "target", "period_start": datetime.date(2030, 1, 1),
          "value": 1, "owner_id": world.own.pk, "visibility": "public"} for row in indicators],
    )  # fmt: skip
    listing = record_list(spec=TARGETS, access=access_for(world.users["editor"]), params=QueryDict())
    explained = plan(listing.queryset.values_list("pk", flat=True)[:25], before=bench_targets)
    assert "indicator_name_order" in explained, explained
    assert "Sort Key: results_indicator.name, results_target.id" not in explained, explained


def bench_targets() -> None:
    """The bench's 48,000 indicators and 96,000 targets in SQLite's statistics: the test's 3,000 are cheaper to read
    whole and sort, and SQLite rightly does so. (PostgreSQL is asked for a plan with indexes, see `plan`.)"""
    planted_statistics(
        {"results_indicator": 48000, "results_target": 96000},
        {"name": "2", "indicator_id": "2", "territory_id": "1500", "owner_id": "2000"},
    )


def test_the_published_projects_are_read_through_their_partial_index(world: World) -> None:
    """The IATI page counts the projects the metropolis publishes among every project, imported partners' included
    (46,000 on the bench): through `project_published`, not by reading every project (14 ms a count, twice a page)."""
    rows = [{"title": f"Imported {n}", "kind": "other", "lead_id": world.other.pk, "owner_id": world.own.pk,
             "visibility": "internal"} for n in range(3000)]  # fmt: skip
    insert_rows(Project, rows)
    explained = plan(published_projects().values("pk"))
    assert "project_published" in explained, explained


def test_the_planner_knows_public_projects_may_all_be_illustrative(world: World) -> None:
    """Public projects that are all illustrative, and cited ones that are all internal: PostgreSQL's statistics of
    the pairs (`project_published_stats`) let it expect the few published projects there are, not a quarter of the
    table, which it read with a parallel worker. (SQLite keeps no such statistics: the plan is the index either
    way, `test_the_published_projects_are_read_through_their_partial_index`.)"""
    rows = [{"title": f"Project {n}", "kind": "other", "lead_id": world.other.pk, "owner_id": world.own.pk,
             "visibility": "public" if n % 2 else "internal", "illustrative": bool(n % 2)}
            for n in range(6000)]  # fmt: skip
    insert_rows(Project, rows)
    explained = plan(published_projects().values("pk"))
    assert "project_published" in explained, explained
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            sql, params = published_projects().values("pk").query.sql_with_params()
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
            expected = _rows_expected(cursor.fetchone()[0][0]["Plan"], "project_published")
        assert expected is not None and expected < 100, expected


def _rows_expected(node: dict, index: str) -> int | None:  # type: ignore[type-arg]
    """The rows the planner expects from the scan of `index` in a JSON plan."""
    if node.get("Index Name") == index:
        return int(node["Plan Rows"])
    for child in node.get("Plans", []):
        if (found := _rows_expected(child, index)) is not None:
            return found
    return None
