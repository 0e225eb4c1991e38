"""The import speed beside the database's own bulk load of the same CSV (`manage.py bench_import`).

Issue 4 asks that an import of observations run at least half as fast as the
database's own bulk load. Both load the same CSV file (the import's columns:
indicator, territory, period, value, breakdown, source) into the same
observation table, with its indexes and constraints, at whatever size the
benchmark metropolis has reached:

- the bulk load uses the database's own tools: SQLite's `.import` (the
  `sqlite3` shell, with the pragmas the platform sets) or PostgreSQL's `COPY`
  into a staging table, then one `INSERT … SELECT` resolving the indicator and
  territory keys; no checks, no history;
- the import is the platform's own (`results.imports.observations_import_run`,
  the body of the background task): read, check every row, write the values
  with their history entries, keep its progress.

Each loads a fresh set of indicators, so neither finds the other's rows.
"""

import csv
import datetime
import io
import os
import subprocess  # noqa: S404 - runs the sqlite3 shell on the benchmark database
import tempfile
import time
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from interlocal.core.models import JobStatus, Role, UserRole
from interlocal.ecosystem.defaults import amb_organisation
from interlocal.territory.models import Territory

from .generator import BREAKDOWNS, months
from .imports import observations_import_run
from .jobs import observation_import_create
from .models import Indicator, Observation, ObservationImport, ObservationStatus

OBSERVATION = Observation._meta.db_table
INDICATOR = Indicator._meta.db_table
TERRITORY = Territory._meta.db_table


def bench_indicators(label: str, count: int) -> list[Indicator]:
    owner = amb_organisation()
    stamp = datetime.datetime.now(tz=datetime.UTC).strftime("%Y%m%d%H%M%S%f")
    indicators = [
        Indicator(
            key=f"bench-import-{label}-{stamp}-{n}",
            name=f"Benchmark import {label} {n}",
            kind="output",
            unit="count",
            aggregation="sum",
            periodicity="month",
            territorial_level="municipality",
            owner=owner,
            visibility="public",
            illustrative=True,
            citation="Benchmark generator",
        )
        for n in range(count)
    ]
    Indicator.objects.bulk_create(indicators)
    return list(Indicator.objects.filter(key__in=[i.key for i in indicators]).order_by("pk"))


def bench_csv(indicators: list[Indicator], rows: int) -> bytes:
    """`rows` lines of monthly values of these indicators per municipality, as a user would upload."""
    towns = list(Territory.objects.filter(kind="municipality", parent__key="amb").values_list("key", flat=True))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["indicator", "territory", "period", "value", "breakdown", "source"])
    written = 0
    for indicator in indicators:
        for town in towns:
            for period in months():
                for n, breakdown in enumerate(BREAKDOWNS):
                    if written == rows:
                        return out.getvalue().encode()
                    value = f"{1000 + written % 977 + n / 4:.2f}"
                    writer.writerow([indicator.key, town, f"{period:%Y-%m}", value, breakdown, "Benchmark file"])
                    written += 1
    return out.getvalue().encode()


def _rows_needed(rows: int) -> int:
    towns = Territory.objects.filter(kind="municipality", parent__key="amb").count()
    return -(-rows // (towns * len(months()) * len(BREAKDOWNS)))


def _select(owner_id: int, user_id: int, now: str, period: str, value: str) -> str:
    """The INSERT … SELECT from the staging table into the observation table (drafts, like an import)."""
    values = {
        "owner_id": str(owner_id),
        "visibility": "'internal'",
        "language": "'en'",
        "illustrative": "FALSE",
        "citation": "''",
        "archived_at": "NULL",
        "created_at": now,
        "updated_at": now,
        "indicator_id": "i.id",
        "territory_id": "t.id",
        "period_kind": "'month'",
        "period_start": period,
        "value": value,
        "breakdown": "COALESCE(s.breakdown, '')",
        "status": f"'{ObservationStatus.DRAFT}'",
        "review_note": "''",
        "source": "COALESCE(s.source, '')",
        "entered_by_id": str(user_id),
        "import_run_id": "NULL",
        "submitted_by_id": "NULL",
    }
    columns = [str(f.column) for f in Observation._meta.concrete_fields if not f.primary_key]
    if missing := set(columns) - set(values):  # a field added to Observation since: say so, not "19 values for 20"
        raise ValueError(f"The bench's bulk load gives no value for the observation's {', '.join(sorted(missing))}.")
    return (
        f"INSERT INTO {OBSERVATION} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT {', '.join(values[c] for c in columns)} "
        f"FROM staging s JOIN {INDICATOR} i ON i.key = s.indicator JOIN {TERRITORY} t ON t.key = s.territory"
    )


STAGING = (
    "CREATE TEMP TABLE staging (indicator TEXT, territory TEXT, period TEXT, value TEXT, breakdown TEXT, source TEXT)"
)


def bulk_load_seconds(content: bytes, owner_id: int, user_id: int) -> float:
    """The database's own bulk load of the CSV into the observation table."""
    if connection.vendor == "sqlite":
        return _sqlite_import(content, owner_id, user_id)
    return _postgres_copy(content, owner_id, user_id)


def _sqlite_import(content: bytes, owner_id: int, user_id: int) -> float:
    insert = _select(owner_id, user_id, "datetime('now')", "s.period || '-01'", "s.value")
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "observations.csv")
        with open(path, "wb") as file:
            file.write(content)
        script = "\n".join(
            [
                ".bail on",
                "PRAGMA foreign_keys=ON;",
                "PRAGMA synchronous=NORMAL;",
                "PRAGMA busy_timeout=5000;",
                f"{STAGING};",
                f".import --csv --skip 1 {path} staging",
                f"{insert};",
            ]
        )
        connection.close()  # the shell needs the database to itself
        start = time.perf_counter()
        done = subprocess.run(  # noqa: S603
            ["sqlite3", str(connection.settings_dict["NAME"])],  # noqa: S607
            input=script.encode(),
            check=False,
            capture_output=True,
        )
        if done.returncode:
            raise RuntimeError(f"sqlite3 could not load the file: {done.stderr.decode(errors='replace').strip()}")
        return time.perf_counter() - start


def _postgres_copy(content: bytes, owner_id: int, user_id: int) -> float:
    insert = _select(owner_id, user_id, "now()", "(s.period || '-01')::date", "s.value::numeric")
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"{STAGING} ON COMMIT DROP")
        with cursor.cursor.copy("COPY staging FROM STDIN (FORMAT csv, HEADER true)") as copy:
            copy.write(content)
        cursor.execute(insert)
    return time.perf_counter() - start


def import_seconds(content: bytes, owner: Any, user: Any) -> tuple[float, ObservationImport]:
    """The platform's import of the same file, as the background task runs it."""
    run = observation_import_create(user=user, owner=owner, filename="observations.csv", content=content)
    start = time.perf_counter()
    run = observations_import_run(import_id=run.pk)
    return time.perf_counter() - start, run


def measure(rows: int = 200_000) -> dict[str, Any]:
    owner = amb_organisation()
    user, _ = get_user_model().objects.get_or_create(username="bench-importer")
    UserRole.objects.get_or_create(user=user, organisation=owner, defaults={"role": Role.COORDINATOR})
    count = _rows_needed(rows)
    bulk_file = bench_csv(bench_indicators("bulk", count), rows)
    import_file = bench_csv(bench_indicators("import", count), rows)
    bulk = bulk_load_seconds(bulk_file, owner.pk, user.pk)
    seconds, run = import_seconds(import_file, owner, user)
    if run.status != JobStatus.SUCCEEDED:
        raise RuntimeError(f"the import was refused: {run.errors[:3]}")
    return {
        "engine": connection.vendor,
        "rows": rows,
        "observations": Observation.objects.count(),
        "bulk_rate": rows / bulk,
        "import_rate": run.created_count / seconds,
        "ratio": (run.created_count / seconds) / (rows / bulk),
    }
