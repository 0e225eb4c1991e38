"""Import of observations from CSV or XLSX, all or nothing, every faulty row named.

`observations_import_start` stores the upload and queues the background task;
`observations_import_run` (the task's body) checks every row, and writes the
values as drafts in one transaction only if no row is faulty. Its progress is
kept on the `ObservationImport`, which the import page polls.
"""

import csv
import datetime
import io
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from interlocal.core.permissions import Access, access_for, require_create, visible_q
from interlocal.territory.models import Territory

from .models import Indicator, Observation, ObservationImport
from .periods import parse_period
from .services import NewObservation, observations_bulk_create

MAX_BYTES = 20 * 1024 * 1024
REQUIRED = ["indicator", "territory", "period", "value"]
OPTIONAL = ["breakdown", "source"]
PROGRESS_EVERY = 500  # rows between two progress calls
PROGRESS_SECONDS = 0.5  # seconds between two progress writes


@dataclass
class RowError:
    row: int  # as the user sees it: the header is row 1
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


def observations_import_start(
    *, access: Access, user: Any, owner: Any, filename: str, content: bytes, visibility: str = "internal"
) -> ObservationImport:
    """Keep the file and queue its import; the values will belong to `owner`."""
    require_create(access, owner.pk)
    if len(content) > MAX_BYTES:
        raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    if not content.strip():
        raise ValidationError(_("The file is empty."))
    from .tasks import run_observation_import

    run = ObservationImport.objects.create(
        owner=owner, created_by=user, filename=filename[:255], content=content, visibility=visibility
    )
    transaction.on_commit(lambda: run_observation_import.enqueue(run.pk))
    return run


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value.year}-{value.month:02d}"
    return str(value).strip()


def read_table(filename: str, content: bytes) -> tuple[list[list[str]], list[RowError]]:
    """The file's rows as lists of strings (header first), or the errors that make it unreadable."""
    if filename.lower().endswith(".xlsx") or content[:2] == b"PK":
        return _read_xlsx(content)
    return _read_csv(content)


def _read_xlsx(content: bytes) -> tuple[list[list[str]], list[RowError]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
    except Exception:  # openpyxl raises many kinds of error for a damaged file
        return [], [RowError(1, "", _("The file is not a readable XLSX workbook."))]
    return rows, []


def _read_csv(content: bytes) -> tuple[list[list[str]], list[RowError]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
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
        return [], errors
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)], []


def parse_value(text: str) -> Decimal:
    cleaned = text.replace(" ", "").replace("\u00a0", "")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")  # a decimal comma (ca, es)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(_("“%(text)s” is not a number.") % {"text": text}) from None
    if not value.is_finite() or abs(value) >= Decimal(10) ** 16:
        raise ValueError(_("“%(text)s” is not a number this platform can store.") % {"text": text})
    return value


class RowChecker:
    """Checks rows against the indicators and territories the importer may see."""

    def __init__(self, access: Access) -> None:
        self.indicators = {i.key: i for i in Indicator.objects.filter(visible_q(access))}
        self.territories: dict[str, Territory] = {}
        for territory in Territory.objects.filter(visible_q(access)):
            self.territories[territory.key.lower()] = territory
            if territory.official_code:
                self.territories.setdefault(territory.official_code.lower(), territory)
        self.seen: dict[tuple[int, int, str, datetime.date, str], int] = {}
        self.periods: dict[str, tuple[str, datetime.date] | str] = {}  # a file repeats the same few periods

    def _period(self, text: str) -> tuple[str, datetime.date] | str:
        """The period, or why the text is not one."""
        found = self.periods.get(text)
        if found is None:
            try:
                found = parse_period(text)
            except ValueError as error:
                found = str(error)
            self.periods[text] = found
        return found

    def check(self, number: int, row: dict[str, str]) -> tuple[dict[str, Any] | None, list[RowError]]:
        errors: list[RowError] = []
        indicator = self.indicators.get(row["indicator"])
        if indicator is None:
            errors.append(RowError(number, "indicator", _("Unknown indicator “%(key)s”.") % {"key": row["indicator"]}))
        territory = self.territories.get(row["territory"].lower())
        if territory is None:
            errors.append(RowError(number, "territory", _("Unknown territory “%(key)s”.") % {"key": row["territory"]}))
        elif indicator is not None and territory.kind != indicator.territorial_level:
            errors.append(
                RowError(
                    number,
                    "territory",
                    _("“%(indicator)s” is recorded per %(level)s; %(territory)s is not one.")
                    % {
                        "indicator": indicator.key,
                        "level": indicator.get_territorial_level_display().lower(),
                        "territory": territory.name,
                    },
                )
            )
        parsed = self._period(row["period"])
        period: tuple[str, datetime.date] | None = None
        if isinstance(parsed, str):
            errors.append(RowError(number, "period", parsed))
        else:
            period = parsed
        if period and indicator is not None and period[0] != indicator.periodicity:
            errors.append(
                RowError(
                    number,
                    "period",
                    _("“%(indicator)s” is measured per %(periodicity)s, not per %(kind)s.")
                    % {"indicator": indicator.key, "periodicity": indicator.periodicity, "kind": period[0]},
                )
            )
        value: Decimal | None = None
        try:
            value = parse_value(row["value"])
        except ValueError as error:
            errors.append(RowError(number, "value", str(error)))
        breakdown, source = row.get("breakdown", ""), row.get("source", "")
        if len(breakdown) > 100:
            errors.append(RowError(number, "breakdown", _("At most 100 characters.")))
        if len(source) > 300:
            errors.append(RowError(number, "source", _("At most 300 characters.")))
        if errors or indicator is None or territory is None or period is None:
            return None, errors
        key = (indicator.id, territory.id, period[0], period[1], breakdown)
        if key in self.seen:
            message = _("The same indicator, territory, period and breakdown are already in row %(row)s.")
            return None, [RowError(number, "period", message % {"row": self.seen[key]})]
        self.seen[key] = number
        fields = {
            "indicator": indicator,
            "territory": territory,
            "period_kind": period[0],
            "period_start": period[1],
            "value": value,
            "breakdown": breakdown,
            "source": source,
            "_row": number,
        }
        return fields, []


def _data_rows(rows: list[list[str]]) -> Iterator[tuple[int, list[str]]]:
    for number, row in enumerate(rows[1:], start=2):
        if any(row):
            yield number, row


def check_file(
    *, access: Access, filename: str, content: bytes, progress: Any = None
) -> tuple[list[dict[str, Any]], list[RowError]]:
    """Every row's fields, or every error found in the file."""
    rows, errors = read_table(filename, content)
    if errors:
        return [], errors
    if not rows:
        return [], [RowError(1, "", _("The file has no header row."))]
    header = [cell.strip().lower() for cell in rows[0]]
    for position, name in enumerate(header, start=1):
        if name not in REQUIRED + OPTIONAL:
            expected = ", ".join(REQUIRED + OPTIONAL)
            message = _("Unknown column “%(name)s” (column %(position)s); the columns are: %(expected)s.")
            errors.append(RowError(1, name, message % {"name": name, "position": position, "expected": expected}))
    for name in REQUIRED:
        if name not in header:
            errors.append(RowError(1, name, _("The column “%(name)s” is missing.") % {"name": name}))
    if errors:
        return [], errors
    checker = RowChecker(access)
    total = len(rows) - 1
    if progress:
        progress(0, total)
    valid: list[dict[str, Any]] = []
    for count, (number, cells) in enumerate(_data_rows(rows), start=1):
        if len(cells) > len(header):
            errors.append(RowError(number, "", _("The row has more cells than the header has columns.")))
            continue
        row = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))
        fields, row_errors = checker.check(number, row)
        errors.extend(row_errors)
        if fields is not None:
            valid.append(fields)
        if progress and count % PROGRESS_EVERY == 0:
            progress(count, total)
    if progress:
        progress(total, total)
    if not valid and not errors:
        errors.append(RowError(1, "", _("The file has no rows of values.")))
    return valid, errors


def _existing_rows(fields: list[dict[str, Any]]) -> list[RowError]:
    """Rows whose value is already recorded (found only when the insert was refused)."""
    wanted = {(f["indicator"].pk, f["territory"].pk, f["period_kind"], f["period_start"], f["breakdown"]): n
              for n, f in enumerate(fields)}  # fmt: skip
    starts = [f["period_start"] for f in fields]
    existing = Observation.objects.filter(
        Q(indicator_id__in={k[0] for k in wanted}),
        period_start__gte=min(starts),
        period_start__lte=max(starts),
    ).values_list("indicator_id", "territory_id", "period_kind", "period_start", "breakdown")
    clashes = sorted(wanted[key] for key in existing if key in wanted)
    return [
        RowError(fields[n]["_row"], "period", _("A value for this indicator, territory and period already exists."))
        for n in clashes
    ]


def observations_import_run(*, import_id: int) -> ObservationImport:
    """Check the stored file and, if every row is right, write all its values as drafts."""
    run = ObservationImport.objects.select_related("created_by", "owner").get(pk=import_id)
    if run.is_finished:
        return run
    access = access_for(run.created_by)

    last_write = 0.0

    def progress(done: int, total: int) -> None:
        """Keep the count the import page polls, at most twice a second (each write is a commit)."""
        nonlocal last_write
        if done in (0, total) or time.monotonic() - last_write >= PROGRESS_SECONDS:
            ObservationImport.objects.filter(pk=run.pk).update(processed_rows=done, total_rows=total)
            last_write = time.monotonic()

    ObservationImport.objects.filter(pk=run.pk).update(status=ObservationImport.Status.RUNNING)
    try:
        require_create(access, run.owner_id)
        valid, errors = check_file(access=access, filename=run.filename, content=bytes(run.content), progress=progress)
    except Exception as error:  # noqa: BLE001 - a refused import must say why, never hang
        valid, errors = [], [RowError(1, "", str(error) or error.__class__.__name__)]
    created = 0
    if not errors:
        ObservationImport.objects.filter(pk=run.pk).update(status=ObservationImport.Status.WRITING)
        try:
            created = _write(run, valid)
        except IntegrityError:
            errors = _existing_rows(valid) or [RowError(1, "", _("Some values already exist."))]
    ObservationImport.objects.filter(pk=run.pk).update(
        status=ObservationImport.Status.FAILED if errors else ObservationImport.Status.SUCCEEDED,
        errors=[e.as_dict() for e in errors[:1000]],
        created_count=created,
        finished_at=timezone.now(),
    )
    run.refresh_from_db()
    return run


def _write(run: ObservationImport, valid: list[dict[str, Any]]) -> int:
    user = run.created_by
    observations = [
        NewObservation(
            indicator_id=fields["indicator"].id,
            territory_id=fields["territory"].id,
            period_kind=fields["period_kind"],
            period_start=fields["period_start"],
            value=fields["value"],
            breakdown=fields["breakdown"],
            source=fields["source"],
            owner_id=run.owner_id,
            visibility=run.visibility,
            entered_by_id=user.pk,
            import_run_id=run.pk,
        )
        for fields in valid
    ]
    return observations_bulk_create(
        access=access_for(user), user=user, observations=observations, reason=f"imported from {run.filename}"
    )
