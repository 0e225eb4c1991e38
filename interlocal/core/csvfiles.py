"""One CSV writer for every export: the same columns for the same kind of record, and cells no spreadsheet runs.

- **Columns** (`record_columns`): a kind of record exports its concrete fields in model order, less
  those the reader may not see. A foreign key to a record is two columns, its id (`owner_id`) and,
  beside it, the record's name (`owner`); a related record the reader may not see leaves both empty.
  The back office's list export and the portal's open data write the same columns.
- **Cells** (`cell`): empty for None, `true`/`false`, ISO dates, numbers as they are. Text that a
  spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return:
  the OWASP "CSV injection" guidance) gets a leading single quote. Numbers are values, never
  prefixed: -3.5 stays -3.5, and so does a text that is just a number ("-3.5").
- **Lines** end in CRLF (RFC 4180).
- **Downloads for a spreadsheet** (`csv_download`) start with a UTF-8 byte-order mark, without which
  Excel reads "Vallès" as "VallÃ¨s". The open data package's files go without (portal/opendata.py).
- **XLSX** cells go through `sheet_cell`, the same neutralisation (openpyxl would otherwise store a
  text starting with `=` as a formula).
"""

import csv
import json
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.http import HttpResponse, StreamingHttpResponse

from .visibility import is_record_model

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def neutralise(text: str) -> str:
    """`text`, with a leading single quote where a spreadsheet would run it as a formula."""
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def cell(value: Any) -> Any:
    """One CSV cell: numbers as they are, everything else as neutralised text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return neutralise(str(value))


def sheet_cell(value: Any) -> Any:
    """One XLSX cell: numbers, dates and booleans as they are, text neutralised."""
    if isinstance(value, str):
        return neutralise(value)
    if value is None or isinstance(value, bool | int | float | Decimal | date):
        return value
    return neutralise(str(value))


@dataclass(frozen=True)
class Column:
    """One exported column: a field's value, or (`label`) the name of the record a foreign key points at."""

    name: str
    field: "models.Field[Any, Any]"
    label: bool = False


def record_columns(model: type[models.Model], *, hide: Collection[str] = ()) -> list[Column]:
    """The columns of a kind of record, less the fields in `hide`: a foreign key to a record as id and name."""
    columns = []
    for field in model._meta.concrete_fields:
        if field.name in hide:
            continue
        if field.is_relation:
            columns.append(Column(field.attname, field))
            if is_record_model(field.related_model):
                columns.append(Column(field.name, field, label=True))
        else:
            columns.append(Column(field.name, field))
    return columns


def labelled_relations(columns: Iterable[Column]) -> list[str]:
    """The foreign keys whose records the columns name: what a queryset should `select_related`."""
    return [column.field.name for column in columns if column.label]


def record_values(record: models.Model, columns: Sequence[Column], *, unlisted: Collection[str] = ()) -> list[Any]:
    """A record's values for `columns`, raw (numbers, dates, None); JSON fields as JSON text.

    A related record the reader may not see (`core.visibility.HIDDEN`, whose pk is None) leaves
    its id and its name empty; the foreign keys named in `unlisted` keep the name but not the id.
    """
    values: list[Any] = []
    for column in columns:
        field = column.field
        if field.is_relation:
            if getattr(record, field.attname) is None:
                values.append(None)
                continue
            related = getattr(record, field.name)
            if related is None or related.pk is None or (not column.label and field.name in unlisted):
                values.append(None)
            else:
                values.append(str(related) if column.label else related.pk)
            continue
        value = getattr(record, field.attname)
        if isinstance(field, models.JSONField) and value is not None:
            value = json.dumps(value, ensure_ascii=False)
        values.append(value)
    return values


class _Line:
    """A file for csv.writer that hands back each line instead of keeping it."""

    def write(self, line: str) -> str:
        return line


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]], *, bom: bool = False) -> Iterator[str]:
    """The CSV text, line by line (CRLF), every cell through `cell`."""
    writer = csv.writer(_Line())
    yield (BOM if bom else "") + writer.writerow([neutralise(name) for name in header])
    for row in rows:
        yield writer.writerow([cell(value) for value in row])


# A streamed CSV is sent in blocks of about this many characters, not a line at a time.
BLOCK = 64 * 1024


def blocks(lines: Iterable[str], size: int = BLOCK) -> Iterator[bytes]:
    """The lines joined into blocks of about `size` characters, UTF-8 encoded, for a streamed response."""
    block: list[str] = []
    length = 0
    for line in lines:
        block.append(line)
        length += len(line)
        if length >= size:
            yield "".join(block).encode()
            block, length = [], 0
    if block:
        yield "".join(block).encode()


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]], *, bom: bool = False) -> str:
    return "".join(csv_lines(header, rows, bom=bom))


def csv_download(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    """A CSV download for a spreadsheet: UTF-8 with a byte-order mark."""
    response = HttpResponse(csv_text(header, rows, bom=True).encode(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_stream(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> StreamingHttpResponse:
    """`csv_download` streamed, so that a long export never sits in memory."""
    response = StreamingHttpResponse(blocks(csv_lines(header, rows, bom=True)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
