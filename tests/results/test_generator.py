"""The benchmark generator of observations (`manage.py generate_observations`)."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection

from interlocal.core.permissions import SYSTEM
from interlocal.results.aggregation import aggregate
from interlocal.results.bench import STAGING, _select
from interlocal.results.generator import BREAKDOWNS, SUBMITTED_FROM, generate_observations, months
from interlocal.results.models import Indicator, Observation


def test_it_adds_exactly_the_rows_asked_for_and_they_aggregate(metro) -> None:  # type: ignore[no-untyped-def]
    per_indicator = len(metro.towns) * len(months()) * len(BREAKDOWNS)
    added = generate_observations(observations=per_indicator + 10, area="metro", log=lambda _line: None)

    assert added == Observation.objects.count() == per_indicator + 10
    first, second = Indicator.objects.filter(key__startswith="bench-monthly-").order_by("pk")
    assert first.observations.count() == per_indicator and second.observations.count() == 10
    totals = first.observations.filter(breakdown="", territory=metro.towns[0])
    assert totals.count() == len(months())
    assert not totals.filter(status="approved", period_start__gte=SUBMITTED_FROM).exists()
    # only approved totals count: the year before the submitted quarter has 12 months of them
    year = SUBMITTED_FROM.year - 1
    result = aggregate(
        access=SYSTEM, indicator=first, within=metro.area,
        first=datetime.date(year, 1, 1), last=datetime.date(year, 12, 31),
    )  # fmt: skip
    assert len(result.present) == 12 and result.missing == []
    expected = sum(o.value for o in first.observations.filter(breakdown="", period_start__year=year, status="approved"))
    assert result.value == expected


def test_the_bench_bulk_load_fills_every_column_of_an_observation(metro) -> None:  # type: ignore[no-untyped-def]
    """`make bench` compares the import with the database's own bulk load, an INSERT … SELECT written column by
    column: a field added to Observation must be given there too, or the bench stops at its last step."""
    user = get_user_model().objects.create_user(username="bench-loader")
    with connection.cursor() as cursor:
        cursor.execute(STAGING)
        cursor.execute(
            "INSERT INTO staging VALUES (%s, %s, %s, %s, %s, %s)",
            ["visitors", "middle", "2024-03", "12.50", "", "A file"],
        )
        now, period = ("datetime('now')", "s.period || '-01'")
        if connection.vendor == "postgresql":
            now, period = ("now()", "(s.period || '-01')::date")
        value = "s.value" if connection.vendor == "sqlite" else "s.value::numeric"
        cursor.execute(_select(metro.world.amb.pk, user.pk, now, period, value))
        cursor.execute("DROP TABLE staging")
    loaded = Observation.objects.get(source="A file")
    assert (loaded.indicator.key, loaded.territory.key, loaded.period_start) == (
        "visitors",
        "middle",
        datetime.date(2024, 3, 1),
    )
    assert (loaded.value, loaded.status, loaded.entered_by, loaded.submitted_by) == (
        Decimal("12.50"),
        "draft",
        user,
        None,
    )
