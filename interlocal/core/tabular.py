"""The rows of an uploaded table (CSV or XLSX), read one at a time, with caps on rows and unzipped size.

An upload is small, but what it unfolds into need not be: an XLSX is a ZIP whose sheets may unzip to a
thousand times their size, and a CSV under the upload limit may still hold millions of rows. So an XLSX's
ZIP directory is checked before openpyxl opens it (zipfile never inflates an entry past the size its
directory declares, so the declared sizes bound the work), sheets are read in openpyxl's read-only
mode, and both kinds stop at the row cap. The caps are settings, read at each call:

- ``IMPORT_MAX_ROWS`` (default 1,000,000): rows of a file, header included;
- ``IMPORT_MAX_UNCOMPRESSED_BYTES`` (default 200 MB): an XLSX's entries, unzipped;
- ``IMPORT_MAX_COMPRESSION_RATIO`` (default 500): an XLSX entry over 1 MB unzipped that is more than
  this many times its compressed size is a ZIP bomb, not a spreadsheet (real sheets stay under 100).
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

RATIO_FROM_BYTES = 1024 * 1024  # smaller entries may compress absurdly well and still be harmless


class TableRefused(ValueError):
    """The file is too large or unreadable as a table; `row` is where that was found (1 for the whole file)."""

    def __init__(self, message: str, *, row: int = 1) -> None:
        super().__init__(message)
        self.row = row


@dataclass
class Table:
    """A file's rows, read lazily, and about how many there are (for the progress bar only)."""

    rows: Iterator[list[Any]]
    size_hint: int


def max_rows() -> int:
    return int(getattr(settings, "IMPORT_MAX_ROWS", 1_000_000))


def max_uncompressed_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024))


def max_compression_ratio() -> int:
    return int(getattr(settings, "IMPORT_MAX_COMPRESSION_RATIO", 500))


def _too_many_rows(limit: int) -> TableRefused:
    message = _("The file has more than %(limit)s rows: split it into smaller files.")
    return TableRefused(message % {"limit": f"{limit:,}"}, row=limit + 1)


def _capped(rows: Iterator[list[Any]]) -> Iterator[list[Any]]:
    limit = max_rows()
    for number, row in enumerate(rows, start=1):
        if number > limit:
            raise _too_many_rows(limit)
        yield row


def check_xlsx_archive(content: bytes) -> None:
    """Refuse an XLSX whose entries unzip past the cap or compress like a ZIP bomb, before anything is inflated."""
    try:
        entries = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise TableRefused(_("The file is not a readable XLSX workbook.")) from None
    limit, ratio = max_uncompressed_bytes(), max_compression_ratio()
    if sum(entry.file_size for entry in entries) > limit:
        message = _("The workbook unzips to more than %(mb)s MB: split it into smaller files.")
        raise TableRefused(message % {"mb": limit // (1024 * 1024)})
    for entry in entries:
        if entry.file_size > RATIO_FROM_BYTES and entry.file_size > ratio * max(entry.compress_size, 1):
            message = _("The workbook is compressed %(ratio)s times: that is not a spreadsheet, it is refused.")
            raise TableRefused(message % {"ratio": entry.file_size // max(entry.compress_size, 1)})


def xlsx_table(content: bytes) -> Table:
    """The first sheet's rows as tuples of cell values; TableRefused if the archive is too large or unreadable."""
    from openpyxl import load_workbook

    check_xlsx_archive(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        size_hint = sheet.max_row or 0
    except Exception:  # openpyxl raises many kinds of error for a damaged file
        raise TableRefused(_("The file is not a readable XLSX workbook.")) from None

    def rows() -> Iterator[list[Any]]:
        try:
            for row in sheet.iter_rows(values_only=True):
                yield list(row)
        except TableRefused:
            raise
        except Exception:  # a sheet damaged past its first rows
            raise TableRefused(_("The file is not a readable XLSX workbook.")) from None
        finally:
            workbook.close()

    return Table(_capped(rows()), min(size_hint, max_rows()))


def csv_table(content: bytes) -> Table:
    """The rows of a UTF-8 CSV (comma or semicolon), decoded as they are read; UnicodeDecodeError as it comes."""
    first_line = content.split(b"\n", 1)[0]
    delimiter = ";" if first_line.count(b";") > first_line.count(b",") else ","
    text = io.TextIOWrapper(io.BytesIO(content), encoding="utf-8-sig", newline="")
    return Table(_capped(csv.reader(text, delimiter=delimiter)), min(content.count(b"\n") + 1, max_rows()))
