"""The empty file of each kind, to fill in: its headers in the reader's language, and a help sheet in the XLSX."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from interlocal.core import csvfiles
from interlocal.core.csvfiles import sheet_cell

from .kinds import Sheet, column_help


def template_csv(sheet: Sheet) -> bytes:
    """The header row as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the accents)."""
    return csvfiles.csv_text([sheet.label(column) for column in sheet.columns], [], bom=True).encode()


def template_xlsx(sheet: Sheet) -> bytes:
    """A workbook: the records sheet first (its header row), then a sheet explaining each column."""
    book = Workbook()
    records = book.active
    assert records is not None
    records.title = _("Records")[:31]
    records.append([sheet_cell(sheet.label(column)) for column in sheet.columns])
    for cell in records[1]:
        cell.font = Font(bold=True)
    records.freeze_panes = "A2"
    help_sheet = book.create_sheet(_("Help")[:31])
    headers = [_("Column"), _("Code"), _("Required"), _("Format"), _("Notes"), _("Allowed codes")]
    help_sheet.append([sheet_cell(header) for header in headers])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for row in column_help(sheet):
        codes = "; ".join(f"{code} ({label})" for code, label in row["codes"])
        required = _("yes") if row["required"] else _("no")
        help_sheet.append(
            [sheet_cell(value) for value in (row["header"], row["name"], required, row["format"], row["help"], codes)]
        )
    help_sheet.append([])
    help_sheet.append([sheet_cell(str(sheet.key_help))])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
