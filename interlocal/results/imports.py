"""Import of observations from CSV or XLSX, all or nothing, every faulty row named.

`results.jobs.observations_import_start` stores the upload and queues the background task;
`observations_import_run` (the task's body) checks every row as the file is read, and writes the
values as drafts in one transaction only if no row is faulty. It runs as a core job (`core.jobs`):
its progress is kept on the `ObservationImport`, which the import page polls, and any error ends
it as failed with nothing written. The file is read as a stream with the caps of `core.tabular`.
"""

import csv
import datetime
import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from interlocal.core.jobs import JobRefused, at_row, job_progress, job_run
from interlocal.core.permissions import Access, access_for, require_create
from interlocal.core.tabular import Table, TableRefused, csv_table, xlsx_table
from interlocal.territory.models import Territory

from .models import Indicator, Observation, ObservationImport, Periodicity
from .periods import parse_period
from .services import Measurement, Shared, observations_bulk_create
from .signals import send_values_changed

MAX_BYTES = 20 * 1024 * 1024
REQUIRED = ["indicator", "territory", "period", "value"]
OPTIONAL = ["breakdown", "source"]
PROGRESS_EVERY = 500  # rows between two progress calls (core.jobs writes at most two a second)
MAX_ERRORS = 1000  # row errors kept on a refused import
LARGEST = Decimal(10) ** 16  # the observation's value has 20 digits, 4 of them decimals


@dataclass
class RowError:
    row: int  # as the user sees it: the header is row 1
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value.year}-{value.month:02d}"
    return str(value).strip()


def read_table(filename: str, content: bytes) -> tuple[Table | None, list[RowError]]:
    """The file's rows as a stream (header first), or the errors that make it unreadable."""
    try:
        if filename.lower().endswith(".xlsx") or content[:2] == b"PK":
            table = xlsx_table(content)
            return Table(([_cell(value) for value in row] for row in table.rows), table.size_hint), []
        return csv_table(content), [] if content.isascii() else _utf8_errors(content)
    except TableRefused as refused:
        return None, [RowError(refused.row, "", str(refused))]


def _utf8_errors(content: bytes) -> list[RowError]:
    """Every line that is not UTF-8 text, with the byte that gives it away (none for a UTF-8 file)."""
    try:
        content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        return []
    errors = []
    for number, line in enumerate(content.splitlines(), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as error:
            errors.append(
                RowError(
                    number,
                    "",
                    _("Not UTF-8 text (byte 0x%(byte)02x at position %(position)s): save the file as UTF-8.")
                    % {"byte": line[error.start], "position": error.start + 1},
                )
            )
    return errors


def parse_value(text: str) -> Decimal:
    try:
        value = Decimal(text)  # most cells are plain numbers; Decimal ignores the spaces around them
    except InvalidOperation:
        text = text.strip()
        value = _parse_written_number(text)
    if not value.is_finite() or abs(value) >= LARGEST:
        raise ValueError(_("“%(text)s” is not a number this platform can store.") % {"text": text})
    return value


def _parse_written_number(text: str) -> Decimal:
    """A number as people write it: spaces between thousands, a decimal comma."""
    cleaned = text.replace(" ", "").replace("\u00a0", "")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")  # a decimal comma (ca, es)
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(_("“%(text)s” is not a number.") % {"text": text}) from None


@dataclass
class CheckedFile:
    """The values a file holds, each with its row number, or every error found in it."""

    values: list[Measurement]
    rows: list[int]
    errors: list[RowError]


class RowChecker:
    """Checks rows against the indicators and territories the importer may see.

    A file repeats the same few indicators, territories and periods over and over, so what a
    pair (indicator, territory) or (indicator, period) gives is worked out once and reused.
    The cells come as the file writes them, spaces included: the pairs are stripped once,
    when they are first met, and Decimal ignores the spaces around a number.
    """

    def __init__(self, access: Access) -> None:
        self.indicators = {i.key: i for i in Indicator.objects.visible_to(access).without_many_sets()}
        self.territories: dict[str, Territory] = {}
        for territory in Territory.objects.visible_to(access):
            self.territories[territory.key.lower()] = territory
            if territory.official_code:
                self.territories.setdefault(territory.official_code.lower(), territory)
        self.seen: dict[tuple[int, int, str, datetime.date, str], int] = {}
        self.places: dict[tuple[str, str], tuple[int | None, int | None, list[tuple[str, str]]]] = {}
        self.periods: dict[tuple[str, str], tuple[str, datetime.date] | list[tuple[str, str]]] = {}

    def _place(self, indicator_key: str, territory_key: str) -> tuple[int | None, int | None, list[tuple[str, str]]]:
        """(indicator id, territory id, [(column, why)]) for an indicator and a territory as the file writes them.

        Called once per pair: `check` reads the answer from `self.places` afterwards.
        """
        key = (indicator_key, territory_key)
        indicator_key, territory_key = indicator_key.strip(), territory_key.strip()
        problems: list[tuple[str, str]] = []
        indicator = self.indicators.get(indicator_key)
        if indicator is None:
            problems.append(("indicator", _("Unknown indicator “%(key)s”.") % {"key": indicator_key}))
        territory = self.territories.get(territory_key.lower())
        if territory is None:
            problems.append(("territory", _("Unknown territory “%(key)s”.") % {"key": territory_key}))
        elif indicator is not None and territory.kind != indicator.territorial_level:
            message = _("“%(indicator)s” is recorded per %(level)s; %(territory)s is not one.") % {
                "indicator": indicator.key,
                "level": indicator.get_territorial_level_display().lower(),
                "territory": territory.name,
            }
            problems.append(("territory", message))
        found = (indicator.id if indicator else None, territory.id if territory else None, problems)
        self.places[key] = found
        return found

    def _period(self, indicator_key: str, text: str) -> tuple[str, datetime.date] | list[tuple[str, str]]:
        """The period (kind, first day), or [(column, why)] when it is not one the indicator is measured by.

        Called once per pair: `check` reads the answer from `self.periods` afterwards.
        """
        key = (indicator_key, text)
        indicator_key, text = indicator_key.strip(), text.strip()
        found: tuple[str, datetime.date] | list[tuple[str, str]]
        try:
            found = parse_period(text)
        except ValueError as error:
            found = [("period", str(error))]
        indicator = self.indicators.get(indicator_key)
        if isinstance(found, tuple) and indicator is not None and found[0] != indicator.periodicity:
            message = _("“%(indicator)s” is measured per %(periodicity)s, not per %(kind)s.") % {
                "indicator": indicator.key,
                "periodicity": Periodicity(indicator.periodicity).label.lower(),
                "kind": Periodicity(found[0]).label.lower(),
            }
            found = [("period", message)]
        self.periods[key] = found
        return found

    def check(
        self, number: int, indicator: str, territory: str, period: str, value: str, breakdown: str, source: str
    ) -> tuple[Measurement | None, list[RowError]]:
        """One row's cells as the file writes them: the value to write, or every reason it cannot be."""
        breakdown, source = breakdown.strip(), source.strip()
        indicator_id, territory_id, problems = self.places.get((indicator, territory)) or self._place(
            indicator, territory
        )
        parsed = self.periods.get((indicator, period)) or self._period(indicator, period)
        number_value: Decimal | ValueError
        try:
            number_value = parse_value(value)
        except ValueError as error:
            number_value = error
        if (
            problems
            or isinstance(parsed, list)
            or isinstance(number_value, ValueError)
            or len(breakdown) > 100
            or len(source) > 300
        ):
            return None, self._errors(number, problems, parsed, number_value, breakdown, source)
        assert indicator_id is not None and territory_id is not None  # noqa: S101 - no problem means both are known
        kind, start = parsed
        key = (indicator_id, territory_id, kind, start, breakdown)
        if key in self.seen:
            message = _("The same indicator, territory, period and breakdown are already in row %(row)s.")
            return None, [RowError(number, "period", message % {"row": self.seen[key]})]
        self.seen[key] = number
        return (indicator_id, territory_id, kind, start, number_value, breakdown, source), []

    @staticmethod
    def _errors(
        number: int,
        problems: list[tuple[str, str]],
        parsed: tuple[str, datetime.date] | list[tuple[str, str]],
        value: Decimal | ValueError,
        breakdown: str,
        source: str,
    ) -> list[RowError]:
        """Every reason a row cannot be written, column by column."""
        errors = [RowError(number, column, why) for column, why in problems]
        if isinstance(parsed, list):
            errors.extend(RowError(number, column, why) for column, why in parsed)
        if isinstance(value, ValueError):
            errors.append(RowError(number, "value", str(value)))
        if len(breakdown) > 100:
            errors.append(RowError(number, "breakdown", _("At most 100 characters.")))
        if len(source) > 300:
            errors.append(RowError(number, "source", _("At most 300 characters.")))
        return errors


def _data_rows(rows: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """The rows after the header with their numbers, leaving out blank ones (spaces are blank)."""
    for number, row in enumerate(rows, start=2):
        if row and (row[0].strip() or any(cell.strip() for cell in row)):
            yield number, row


def check_file(
    *, access: Access, filename: str, content: bytes, progress: Callable[[int, int], None] | None = None
) -> CheckedFile:
    """Every row's value, or every error; the file is read as a stream and refused past the caps."""
    table, errors = read_table(filename, content)
    checked = CheckedFile([], [], errors)
    if errors or table is None:
        return checked
    try:
        header = [cell.strip().lower() for cell in next(table.rows)]
    except StopIteration:
        errors.append(RowError(1, "", _("The file has no header row.")))
        return checked
    except (TableRefused, UnicodeDecodeError, csv.Error) as error:
        errors.append(RowError(getattr(error, "row", 1), "", str(error)))
        return checked
    for position, name in enumerate(header, start=1):
        if name not in REQUIRED + OPTIONAL:
            expected = ", ".join(REQUIRED + OPTIONAL)
            message = _("Unknown column “%(name)s” (column %(position)s); the columns are: %(expected)s.")
            errors.append(RowError(1, name, message % {"name": name, "position": position, "expected": expected}))
    for name in REQUIRED:
        if name not in header:
            errors.append(RowError(1, name, _("The column “%(name)s” is missing.") % {"name": name}))
    if errors:
        return checked
    checker = RowChecker(access)
    total = max(table.size_hint - 1, 0)  # an estimate until the last row is read
    if progress:
        progress(0, total)
    width = len(header)
    # Where each column is; a missing optional column reads the blank cell added at the end of each row.
    at = [header.index(name) if name in header else width for name in REQUIRED + OPTIONAL]
    pick, blank = operator.itemgetter(*at), [""] * (width + 1)
    may_hold_nul = b"\x00" in content  # PostgreSQL cannot store a NUL character: such a row is refused
    count, number = 0, 1
    try:
        for count, (number, cells) in enumerate(_data_rows(table.rows), start=1):  # noqa: B007 - both read after the loop
            if len(cells) > width:
                errors.append(RowError(number, "", _("The row has more cells than the header has columns.")))
                continue
            if may_hold_nul and any("\x00" in cell for cell in cells):
                column = header[next(i for i, cell in enumerate(cells) if "\x00" in cell)]
                errors.append(RowError(number, column, _("The cell holds a NUL character (0x00): remove it.")))
                continue
            value, row_errors = checker.check(number, *pick(cells + blank[len(cells) :]))
            if row_errors:
                errors.extend(row_errors)
            elif value is not None:
                checked.values.append(value)
                checked.rows.append(number)
            if progress and count % PROGRESS_EVERY == 0:
                progress(number - 1, max(total, number - 1))
    except TableRefused as refused:
        errors.insert(0, RowError(refused.row, "", str(refused)))  # first: only the first errors are kept
        return checked
    except csv.Error as error:  # e.g. a cell longer than the csv module reads
        errors.append(RowError(number + 1, "", str(error)))
        return checked
    except Exception as error:  # not the file's fault: the job fails naming the row it stopped at
        at_row(error, number)
        raise
    if progress:
        progress(number - 1, number - 1)  # every row after the header, blank ones included
    if not checked.values and not errors:
        errors.append(RowError(1, "", _("The file has no rows of values.")))
    return checked


def _existing_rows(checked: CheckedFile) -> list[RowError]:
    """Rows whose value is already recorded (found only when the insert was refused)."""
    wanted = {
        (indicator_id, territory_id, kind, start, breakdown): row
        for (indicator_id, territory_id, kind, start, _value, breakdown, _source), row in zip(
            checked.values, checked.rows, strict=True
        )
    }
    starts = [key[3] for key in wanted]
    existing = Observation.objects.filter(
        Q(indicator_id__in={key[0] for key in wanted}),
        period_start__gte=min(starts),
        period_start__lte=max(starts),
    ).values_list("indicator_id", "territory_id", "period_kind", "period_start", "breakdown")
    clashes = sorted(wanted[key] for key in existing if key in wanted)
    return [
        RowError(row, "period", _("A value for this indicator, territory and period already exists."))
        for row in clashes
    ]


def observations_import_run(*, import_id: int) -> ObservationImport:
    """Check the stored file and, if every row is right, write all its values as drafts (the task's body)."""
    run = ObservationImport.objects.select_related("user", "owner").get(pk=import_id)
    # The file is not kept once the job ends: the values keep its name as provenance.
    return job_run(job=run, work=_import, end_fields={"content": b""})


def _import(run: ObservationImport) -> dict[str, Any]:
    """The job's work: every value written, or JobRefused with every faulty row (see core.jobs)."""
    if run.user is None:
        raise JobRefused(_("The person who uploaded the file no longer has an account."))
    access = access_for(run.user)
    try:
        require_create(access, run.owner_id)
    except PermissionDenied as denied:
        raise JobRefused(str(denied), results={"errors": [RowError(1, "", str(denied)).as_dict()]}) from None
    checking = _("Checking rows")

    def progress(done: int, total: int) -> None:
        job_progress(job=run, done=done, total=total, step=checking)

    checked = check_file(access=access, filename=run.filename, content=bytes(run.content), progress=progress)
    if checked.errors:
        raise _refused(checked.errors)
    job_progress(job=run, done=run.done, step=_("Saving"))
    # Every value of the run is a draft of the run's owner, entered by whoever uploaded the file.
    shared = Shared(owner_id=run.owner_id, visibility=run.visibility, entered_by_id=run.user_id, import_run_id=run.pk)
    try:
        with transaction.atomic():  # a savepoint: the clash below is looked up after the refused insert
            created = observations_bulk_create(
                access=access,
                user=run.user,
                shared=shared,
                values=checked.values,
                reason=f"imported from {run.filename}",
            )
    except IntegrityError:
        raise _refused(_existing_rows(checked) or [RowError(1, "", _("Some values already exist."))]) from None
    send_values_changed()
    return {"created_count": created}


def _refused(errors: list[RowError]) -> JobRefused:
    message = ngettext(
        "The file was refused: %(count)s problem. Nothing was saved.",
        "The file was refused: %(count)s problems. Nothing was saved.",
        len(errors),
    ) % {"count": len(errors)}
    return JobRefused(message, results={"errors": [e.as_dict() for e in errors[:MAX_ERRORS]]})
