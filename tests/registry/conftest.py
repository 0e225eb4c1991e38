"""Helpers of the registry import tests: files as CSV or XLSX, and an import run from dry run to job."""

import csv
import io
from typing import Any

from openpyxl import Workbook

from interlocal.core.permissions import access_for
from interlocal.registry.imports import registry_import_run
from interlocal.registry.jobs import registry_import_confirm, registry_import_start
from interlocal.registry.models import RegistryImport


def as_file(rows: list[list[Any]], fmt: str) -> tuple[str, bytes]:
    """The rows (header first) as a CSV or an XLSX file: (file name, content)."""
    if fmt == "xlsx":
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        return "registry.xlsx", buffer.getvalue()
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return "registry.csv", text.getvalue().encode()


def check(
    world: Any, kind: str, rows: list[list[Any]], fmt: str = "csv", user: str = "editor", owner: Any = None
) -> RegistryImport:
    """Upload a file: its dry run."""
    person = world.users[user]
    filename, content = as_file(rows, fmt)
    return registry_import_start(
        access=access_for(person), user=person, kind=kind, owner=owner or world.own, filename=filename, content=content
    )


def run_import(world: Any, kind: str, rows: list[list[Any]], fmt: str = "csv", user: str = "editor") -> RegistryImport:
    """Upload, check, confirm and run the job (its task's body) as `user`."""
    checked = check(world, kind, rows, fmt, user)
    assert checked.stage == "checked", checked.errors
    person = world.users[user]
    registry_import_confirm(access=access_for(person), user=person, run=checked)
    return registry_import_run(import_id=checked.pk)
