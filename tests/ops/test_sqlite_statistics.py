"""On SQLite, the planner's statistics are gathered by the product itself, as SQLite advises."""

import sqlite3
from pathlib import Path
from typing import Any

from django.db.utils import ConnectionHandler


def test_a_connection_closing_gathers_the_statistics_its_queries_needed(tmp_path: Path, django_db_blocker: Any) -> None:
    path = tmp_path / "interlocal.sqlite3"
    handler = ConnectionHandler({"default": {"ENGINE": "interlocal.core.sqlite_backend", "NAME": str(path)}})
    connection = handler["default"]
    with django_db_blocker.unblock():  # a database of its own, not the test database
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE agreement (id INTEGER PRIMARY KEY, place INTEGER, title TEXT)")
            cursor.execute("CREATE INDEX agreement_place ON agreement (place)")
            rows = [(n % 50, "a") for n in range(2000)]
            cursor.executemany("INSERT INTO agreement (place, title) VALUES (%s, %s)", rows)
        connection.close()
        assert not _statistics(path)  # nothing asked for them yet

        with connection.cursor() as cursor:  # a request reading agreements by place
            cursor.execute("SELECT count(*) FROM agreement WHERE place = %s", [7])
            assert cursor.fetchone() == (40,)
        connection.close()

    assert ("agreement", "agreement_place") in _statistics(path)


def _statistics(path: Path) -> set[tuple[str, str]]:
    with sqlite3.connect(path) as db:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
            return set()
        return set(db.execute("SELECT tbl, idx FROM sqlite_stat1"))
