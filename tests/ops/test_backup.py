"""`manage.py backup` and `manage.py restore` on the suite's database (SQLite or PostgreSQL): after a
round trip every table, history included, holds exactly the rows it held at the backup; a wrong
file is refused with a message and changes nothing."""

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from interlocal.core import services
from interlocal.core.permissions import SYSTEM
from interlocal.ecosystem.models import Organisation

from ..factories import build_world

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump reads committed rows only


def every_table() -> dict[str, list[str]]:
    """Each table's rows, in a stable order, as text (row count and content)."""
    tables: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            tables[table] = sorted(repr(row) for row in cursor.fetchall())
    return tables


def differences(before: dict[str, list[str]], after: dict[str, list[str]]) -> list[str]:
    return [
        f"{table}: {len(before.get(table, []))} rows then {len(after.get(table, []))}"
        for table in sorted(before.keys() | after.keys())
        if before.get(table) != after.get(table)
    ]


def change_everything_we_can(world: Any) -> None:
    agreement = world.records["agreements"]
    services.record_update(access=SYSTEM, user=None, instance=agreement, fields={"title": "Renamed after the backup"})
    services.record_set_archived(access=SYSTEM, user=None, instance=world.others["projects"], archived=True)
    services.record_create(
        access=SYSTEM, user=None, model=Organisation,
        fields={"key": "late", "name": "Created after the backup", "kind": "ngo", "owner": world.amb},
    )  # fmt: skip
    world.records["facts"].delete()  # and a row gone for good, with its history
    type(world.records["facts"]).history.all().delete()


def test_a_restored_backup_equals_the_database_it_was_made_from(tmp_path: Path) -> None:
    world = build_world(every_kind=True)
    before = every_table()
    history = [table for table in before if "historical" in table]
    assert len(history) > 20 and sum(len(before[table]) for table in history) > 50

    call_command("backup", tmp_path / "interlocal.backup")
    change_everything_we_can(world)
    assert differences(before, every_table())  # the changes are there…

    call_command("restore", tmp_path / "interlocal.backup", interactive=False)
    after = every_table()
    assert differences(before, after) == []  # …and gone: every table equal, row for row
    assert sum(map(len, after.values())) == sum(map(len, before.values()))


def test_a_table_added_after_the_backup_is_gone_after_the_restore(tmp_path: Path) -> None:
    """Restoring an older backup after an upgrade: the upgrade's tables go too, so `migrate` adds them again."""
    build_world()
    call_command("backup", tmp_path / "before-the-upgrade.backup")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE upgrade_added (id integer PRIMARY KEY, note varchar(20))")
        cursor.execute("INSERT INTO upgrade_added VALUES (1, 'new')")
    assert "upgrade_added" in connection.introspection.table_names()

    call_command("restore", tmp_path / "before-the-upgrade.backup", interactive=False)
    assert "upgrade_added" not in connection.introspection.table_names()
    with connection.cursor() as cursor:  # the upgrade's migration can create it again
        cursor.execute("CREATE TABLE upgrade_added (id integer PRIMARY KEY)")
    call_command("migrate", verbosity=0)  # and everything else is as the backup left it


def other_kind_of_backup(path: Path) -> Path:
    """A backup of the database kind the suite is not running on."""
    if connection.vendor == "sqlite":
        path.write_bytes(b"PGDMP\x01\x0f\x00" + bytes(200))
    else:
        with sqlite3.connect(path) as database:
            database.execute("CREATE TABLE django_migrations (id integer)")
    return path


@pytest.mark.parametrize(
    ("make_file", "message"),
    [
        (lambda path: path, "is not a file"),
        (lambda path: path.write_text("name,value\nx,1\n") and path, "is not a backup made by `manage.py backup`"),
        (other_kind_of_backup, "is a backup of a"),
    ],
    ids=["missing", "not-a-backup", "other-database"],
)
def test_a_wrong_file_is_refused_and_changes_nothing(tmp_path: Path, make_file: Any, message: str) -> None:
    build_world()
    before = every_table()
    with pytest.raises(CommandError, match=message):
        call_command("restore", make_file(tmp_path / "wrong.backup"), interactive=False)
    assert differences(before, every_table()) == []


@pytest.mark.parametrize("kept", [0.05, 0.75], ids=["head-only", "data-cut"])
def test_a_damaged_backup_is_refused_and_changes_nothing(tmp_path: Path, kept: float) -> None:
    build_world()
    call_command("backup", tmp_path / "good.backup")
    damaged = tmp_path / "damaged.backup"
    whole = (tmp_path / "good.backup").read_bytes()
    damaged.write_bytes(whole[: max(4096, int(len(whole) * kept))])  # cut in the header, or in the data
    before = every_table()
    with pytest.raises(CommandError):
        call_command("restore", damaged, interactive=False)
    assert differences(before, every_table()) == []


def test_restore_asks_before_replacing_the_database(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    build_world()
    call_command("backup", tmp_path / "interlocal.backup")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Restore cancelled; nothing was changed"):
        call_command("restore", tmp_path / "interlocal.backup")
