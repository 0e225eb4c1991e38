"""On PostgreSQL, autovacuum analyses every table of ours once a tenth of it has changed, small tables included."""

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from interlocal.core.statistics import SETTING, analyse_small_tables_soon


def test_after_migrate_no_table_waits_for_50_changed_rows_before_it_is_analysed(db: Any) -> None:
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    assert "territory_territory" in tables
    if connection.vendor != "postgresql":  # SQLite has no autovacuum: its connections run `PRAGMA optimize`
        with CaptureQueriesContext(connection) as queries:
            analyse_small_tables_soon(using="default")
        assert len(queries) == 0
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reloptions FROM pg_class WHERE relkind = 'r' AND relname = ANY(%s)", [tables])
        options = dict(cursor.fetchall())
    assert options.keys() == set(tables)
    assert [table for table, given in options.items() if SETTING not in (given or [])] == []
