"""Millions of synthetic observations for benchmarks (`make bench`), never for the demo.

A large metropolis keeps a statistical library far bigger than the default
one: `generate_observations` adds monthly indicators per municipality (each a
total and a breakdown by sex, 16 years of months) until the observation table
holds the number asked for, 10 million by default (issue 4). Most values are
approved; the last quarter is still submitted, as in a live office.

The rows go in with the database's fastest path (`executemany` on the raw
SQLite connection, `COPY` on PostgreSQL), in key order, with no history: this
is load for measuring the dashboards, not domain writes, and every row is
marked illustrative.
"""

import datetime
import math
import random
from collections.abc import Callable, Iterator
from typing import Any

from django.db import connection, transaction

from interlocal.ecosystem.defaults import amb_organisation
from interlocal.territory.models import Territory

from .models import Indicator, Observation, ObservationStatus

SEED = 10
PREFIX = "bench-monthly-"
FIRST_YEAR, LAST_YEAR = 2011, 2026
BREAKDOWNS = ["", "sex=female", "sex=male"]
SUBMITTED_FROM = datetime.date(LAST_YEAR, 10, 1)  # the last quarter awaits approval
CITATION = "Benchmark generator"
COLUMNS = [
    "owner_id", "visibility", "language", "illustrative", "citation", "archived_at", "created_at", "updated_at",
    "indicator_id", "territory_id", "period_kind", "period_start", "value", "breakdown", "status",
    "review_note", "source", "entered_by_id", "import_run_id", "submitted_by_id",
]  # fmt: skip


def months(first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR) -> list[datetime.date]:
    return [datetime.date(y, m, 1) for y in range(first_year, last_year + 1) for m in range(1, 13)]


def generate_observations(
    *, observations: int = 10_000_000, area: str = "amb", log: Callable[[str], None] = print
) -> int:
    """Add synthetic monthly indicators and their values (for the municipalities of `area`) until
    `observations` more rows exist."""
    assert [f.attname for f in Observation._meta.concrete_fields if not f.primary_key] == COLUMNS  # noqa: S101
    owner = amb_organisation()
    towns = list(
        Territory.objects.filter(kind="municipality", parent__key=area).order_by("pk").values_list("pk", flat=True)
    )
    periods = months()
    per_indicator = len(towns) * len(periods) * len(BREAKDOWNS)
    count = math.ceil(observations / per_indicator)
    start = Indicator.objects.filter(key__startswith=PREFIX).count()
    indicators = [
        Indicator(
            key=f"{PREFIX}{start + n}",
            name=f"Benchmark monthly indicator {start + n}",
            kind="output",
            unit="count",
            aggregation="sum",
            periodicity="month",
            territorial_level="municipality",
            owner=owner,
            visibility="public",
            illustrative=True,
            citation=CITATION,
        )
        for n in range(count)
    ]
    with transaction.atomic():
        Indicator.objects.bulk_create(indicators)
        created = Indicator.objects.filter(key__in=[i.key for i in indicators]).order_by("pk")
        ids = list(created.values_list("pk", flat=True))
        rows = _rows(owner.pk, ids, towns, periods, observations)
        written = _copy(rows) if connection.vendor == "postgresql" else _executemany(rows)
    log(f"  indicators: {len(ids)} monthly, {per_indicator} values each at most")
    log(f"  observations: {written}")
    _analyze()
    return written


def _rows(
    owner: int, indicators: list[int], towns: list[int], periods: list[datetime.date], limit: int
) -> Iterator[tuple[Any, ...]]:
    """The rows in key order, dates and times already in the database's form."""
    rng = random.Random(SEED)  # noqa: S311 - reproducible load, not security
    ops = connection.ops
    stamp = ops.adapt_datetimefield_value(datetime.datetime.now(tz=datetime.UTC))
    starts = {period: ops.adapt_datefield_value(period) for period in periods}
    written = 0
    for indicator in indicators:
        for town in towns:
            level = rng.lognormvariate(6, 1)
            for period in periods:
                status = ObservationStatus.SUBMITTED if period >= SUBMITTED_FROM else ObservationStatus.APPROVED
                total = round(level * rng.uniform(0.8, 1.2), 2)
                share = rng.uniform(0.4, 0.6)
                for breakdown, value in zip(BREAKDOWNS, (total, total * share, total * (1 - share)), strict=True):
                    if written == limit:
                        return
                    yield (
                        owner, "public", "en", True, CITATION, None, stamp, stamp, indicator, town, "month",
                        starts[period], round(value, 2), breakdown, status, "", CITATION, None, None, None,
                    )  # fmt: skip
                    written += 1


def _executemany(rows: Iterator[tuple[Any, ...]]) -> int:
    """SQLite: the raw connection's executemany, in batches."""
    connection.ensure_connection()
    raw = connection.connection
    sql = f"INSERT INTO results_observation ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"  # noqa: S608
    written, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) == 50_000:
            raw.executemany(sql, batch)
            written, batch = written + len(batch), []
    raw.executemany(sql, batch)
    return written + len(batch)


def _copy(rows: Iterator[tuple[Any, ...]]) -> int:
    """PostgreSQL: COPY FROM STDIN, row by row through psycopg."""
    written = 0
    sql = f"COPY results_observation ({', '.join(COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
            written += 1
    return written


def _analyze() -> None:
    """Fresh planner statistics, as a maintenance job would keep after a load this size."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE results_observation")  # whole, not sampled: SQLite's samples mislead its joins
