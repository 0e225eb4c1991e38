"""Backups of the whole database, and restoring one: every table, history and tasks included.

SQLite: Python's `sqlite3` online backup API (`Connection.backup`), a consistent copy page by page
while the platform runs. PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --if-exists`
in one transaction, with the connection settings of DATABASES (the password through PGPASSWORD,
never on a command line). `dumpdata`/`loaddata` is not a backup: it writes through the models, so
history's many-to-many rows were doubled, and it leaves out sequences and the tables of no model.
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.postgresql.client import DatabaseClient

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
SIGNATURES = {SQLITE: b"SQLite format 3\x00", POSTGRESQL: b"PGDMP"}
NAMES = {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL"}


class BackupError(Exception):
    """A backup or a restore that cannot go on; the message says why and what to do."""


def database_kind(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in (SQLITE, POSTGRESQL):
        raise BackupError(f"Backups are made of SQLite and PostgreSQL databases, not {connection.vendor}.")
    return connection.vendor


def backup_kind(path: Path) -> str:
    """Which database `path` is a backup of, read from its first bytes; refuses anything else."""
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    with path.open("rb") as file:
        head = file.read(16)
    for kind, signature in SIGNATURES.items():
        if head.startswith(signature):
            return kind
    raise BackupError(f"{path} is not a backup made by `manage.py backup` (neither SQLite nor a pg_dump archive).")


def database_backup(*, path: Path, using: str = "default") -> str:
    """Write a backup of the database to `path` (replaced only once the backup is complete)."""
    connection = connections[using]
    kind = database_kind(connection)
    path = path.resolve()
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    handle, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    os.close(handle)
    try:
        if kind == SQLITE:
            _sqlite_backup(connection, Path(partial))
        else:
            _postgresql_run(connection, "pg_dump", ["--format=custom", f"--file={partial}"], dbname_flag=False)
        os.replace(partial, path)
    finally:
        Path(partial).unlink(missing_ok=True)
    return kind


def database_restore(*, path: Path, using: str = "default") -> str:
    """Replace every table of the database by those of the backup at `path`, or change nothing."""
    connection = connections[using]
    kind = database_kind(connection)
    found = backup_kind(path)
    if found != kind:
        raise BackupError(
            f"{path} is a backup of a {NAMES[found]} database and this one is {NAMES[kind]}: "
            f"restore it into a {NAMES[found]} database (DATABASE_URL), then move the data if need be."
        )
    if connection.in_atomic_block:
        raise BackupError("A restore cannot run inside a transaction.")
    if kind == SQLITE:
        _sqlite_restore(connection, path)
    else:
        _postgresql_check_archive(connection, path)
        connection.close()  # no session of ours holds a lock on the tables pg_restore drops
        _postgresql_run(
            connection,
            "pg_restore",
            ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"],
            dbname_flag=True,
            source=path,
        )
    return kind


def _sqlite_backup(connection: BaseDatabaseWrapper, target_path: Path) -> None:
    connection.ensure_connection()
    target = sqlite3.connect(target_path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def _sqlite_restore(connection: BaseDatabaseWrapper, path: Path) -> None:
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        try:
            healthy = source.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path} is not a readable SQLite database ({error}).") from error
        if not healthy:
            raise BackupError(f"{path} is damaged (SQLite's quick_check fails): choose another backup.")
        if "django_migrations" not in tables:
            raise BackupError(f"{path} is an SQLite database but not one of Interlocal (no django_migrations table).")
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()


def _postgresql_check_archive(connection: BaseDatabaseWrapper, path: Path) -> None:
    """pg_restore reads the archive's table of contents: a truncated or foreign file stops here."""
    completed = subprocess.run(  # noqa: S603
        [_executable("pg_restore"), "--list", str(path)], capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise BackupError(f"{path} is not a readable pg_dump archive: {completed.stderr.strip()}")


def _postgresql_run(
    connection: BaseDatabaseWrapper, program: str, options: list[str], *, dbname_flag: bool, source: Path | None = None
) -> None:
    settings = connection.settings_dict
    _, client_env = DatabaseClient.settings_to_cmd_args_env(settings, [])  # PGPASSWORD, PGSSLMODE…
    arguments = [_executable(program), "--no-password", *options]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            arguments.append(f"{flag}={settings[key]}")
    arguments.append(f"--dbname={settings['NAME']}" if dbname_flag else str(settings["NAME"]))
    if source is not None:
        arguments.append(str(source))
    completed = subprocess.run(  # noqa: S603
        arguments, env={**os.environ, **(client_env or {})}, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise BackupError(f"{program} failed, nothing was changed: {completed.stderr.strip()}")


def _executable(program: str) -> str:
    found = shutil.which(program)
    if found is None:
        raise BackupError(f"{program} is not installed: install PostgreSQL's client programs (postgresql-client).")
    return found
