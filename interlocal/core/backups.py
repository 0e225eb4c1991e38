"""Backups of the whole database, and restoring one: every table, history and tasks included.

SQLite: Python's `sqlite3` online backup API (`Connection.backup`), a consistent copy page by page
while the platform runs; a restore replaces the whole file. PostgreSQL: `pg_dump --format=custom`;
a restore replaces the whole `public` schema in one transaction (`DROP SCHEMA public CASCADE`, then
the archive's script from `pg_restore --file=-`, run by `psql`), so a table added by a later upgrade
does not survive the restore of an older backup, and `migrate` then applies the upgrade again.
The connection settings are those of DATABASES (the password through PGPASSWORD, never on a
command line). `dumpdata`/`loaddata` is not a backup: it writes through the models, so
history's many-to-many rows were doubled, and it leaves out sequences and the tables of no model.
"""

import contextlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path
from typing import IO, cast

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
        connection.close()  # no session of ours holds a lock on the tables the restore drops
        _postgresql_restore(connection, path)
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


def _postgresql_client(connection: BaseDatabaseWrapper) -> tuple[list[str], dict[str, str]]:
    """The connection options of a client program (host, port, user) and its environment (PGPASSWORD…)."""
    settings = connection.settings_dict
    _, client_env = DatabaseClient.settings_to_cmd_args_env(settings, [])  # PGPASSWORD, PGSSLMODE…
    options = ["--no-password"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            options.append(f"{flag}={settings[key]}")
    return options, {**os.environ, **(client_env or {})}


def _postgresql_run(connection: BaseDatabaseWrapper, program: str, options: list[str], *, dbname_flag: bool) -> None:
    connect, env = _postgresql_client(connection)
    name = str(connection.settings_dict["NAME"])
    arguments = [_executable(program), *connect, *options, f"--dbname={name}" if dbname_flag else name]
    completed = subprocess.run(arguments, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if completed.returncode != 0:
        raise BackupError(f"{program} failed, nothing was changed: {completed.stderr.strip()}")


# Everything of the database lives in the schema `public` (the unaccent extension too): replaced whole.
REPLACE_SCHEMA = b"BEGIN;\nDROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n"


def _postgresql_restore(connection: BaseDatabaseWrapper, path: Path) -> None:
    """The archive's SQL script (pg_restore) streamed into psql after the schema is dropped, in one
    transaction committed only once pg_restore has written the whole script without an error."""
    pg_restore, psql = _executable("pg_restore"), _executable("psql")
    connect, env = _postgresql_client(connection)
    name = str(connection.settings_dict["NAME"])
    with tempfile.TemporaryFile() as script_errors, tempfile.TemporaryFile() as psql_errors:
        script = subprocess.Popen(  # noqa: S603
            [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--file=-", str(path)],
            stdout=subprocess.PIPE,
            stderr=script_errors,
            env=env,
        )
        runner = subprocess.Popen(  # noqa: S603
            [psql, *connect, "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", f"--dbname={name}"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_errors,
            env=env,
        )
        source, target = cast(IO[bytes], script.stdout), cast(IO[bytes], runner.stdin)
        try:
            target.write(REPLACE_SCHEMA)
            while chunk := source.read(1 << 16):
                target.write(chunk)
            if script.wait() == 0:
                target.write(b"COMMIT;\n")
        except BrokenPipeError:  # psql stopped at an error (ON_ERROR_STOP): rolled back
            script.kill()
        with contextlib.suppress(BrokenPipeError):
            target.close()  # psql reads to the end; without COMMIT its transaction is rolled back
        script.wait()
        runner.wait()
        if script.returncode != 0 and runner.returncode == 0:
            script_errors.seek(0)
            message = script_errors.read().decode(errors="replace").strip()
            raise BackupError(f"pg_restore failed, nothing was changed: {message}")
        if runner.returncode != 0:
            psql_errors.seek(0)
            message = psql_errors.read().decode(errors="replace").strip()
            raise BackupError(f"psql failed, nothing was changed: {message}")


def _executable(program: str) -> str:
    found = shutil.which(program)
    if found is None:
        raise BackupError(f"{program} is not installed: install PostgreSQL's client programs (postgresql-client).")
    return found
