"""Django's SQLite backend, keeping the query planner's statistics fresh as SQLite advises.

SQLite chooses its plans from statistics that only `ANALYZE` gathers. Its documentation
(https://sqlite.org/pragma.html#pragma_optimize) advises running `PRAGMA optimize` just before
closing each connection, and periodically on long-lived ones. Ours are kept for a minute
(`CONN_MAX_AGE`, as on PostgreSQL: opening a large database reads its schema, 3.6 ms a request)
and closed at the end of the first request after it, so each one runs it once. It analyses only
the tables whose statistics are missing or stale for the queries that connection ran, usually
none, and `PRAGMA analysis_limit` bounds the rows it reads when it does, so a request never pays
for reading a large table whole.
"""

import sqlite3
from contextlib import suppress
from typing import Any

from django.db.backends.sqlite3 import base

# Rows read per index when SQLite analyses a table: the value its documentation suggests for this use.
ANALYSIS_LIMIT = 400


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        connection = super().get_new_connection(conn_params)
        connection.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        return connection

    def _close(self) -> None:
        if self.connection is not None and not self.is_in_memory_db():
            with suppress(sqlite3.Error):  # busy or locked: the next connection to close will do it
                self.connection.execute("PRAGMA optimize")
        super()._close()  # type: ignore[misc]  # Django's private hook, not in its type stubs
