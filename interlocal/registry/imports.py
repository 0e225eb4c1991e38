"""Import of registry records from CSV or XLSX: a dry run, then the import as a job, all or nothing.

Both run the same code (`apply_file`), which reads every row, finds the record it updates by its
natural key (kinds.py) or the file's `id` column, validates it with the record's page form and writes
it through the core services, each row in a savepoint so that one faulty row does not hide the next.
The dry run then rolls everything back and keeps what would have happened (the `Plan`); the job keeps
its writes only if no row is faulty. So the dry run shows exactly what the import will do, and every
bad row is named with its line (the header is line 1) and the reason, all of them.
"""

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import ManyToManyField, Model, UniqueConstraint
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from interlocal.core import services
from interlocal.core.access import Author
from interlocal.core.forms import RecordForm
from interlocal.core.jobs import JobRefused, job_progress, job_run
from interlocal.core.models import Record
from interlocal.core.permissions import Access, access_for, require_create
from interlocal.core.tabular import TableRefused, csv_table, xlsx_table
from interlocal.core.visibility import hidden_ids, is_record_model, records
from interlocal.ecosystem.models import Organisation, Person, Position

from .cells import CellError, CellReader, cell_text
from .kinds import SHEETS, Column, Sheet
from .models import RegistryImport

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000  # rows of a file after its header: the dry run runs while the user waits
PREVIEW = 20  # rows of each action the dry run shows
MAX_ERRORS = 1000  # row errors kept
PROGRESS_EVERY = 20


@dataclass
class RowError:
    row: int  # as the user sees it: the header is row 1
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class Plan:
    """What a file does: records created, updated and unchanged (the first of each shown), or its errors."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # {model label: {action: n}}
    preview: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {"created": [], "updated": []})
    places: list[str] = field(default_factory=list)  # partner places the file registers
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(by_action.get(action, 0) for by_action in self.counts.values())

    def add(self, *, row: int, action: str, record: Model, changes: list[dict[str, str]] | None = None) -> None:
        by_action = self.counts.setdefault(record._meta.label, {"created": 0, "updated": 0, "unchanged": 0})
        by_action[action] += 1
        shown = self.preview.get(action)
        if shown is not None and len(shown) < PREVIEW:
            pk = record.pk if action != "created" else None  # a dry run's new records are rolled back
            line = {"row": row, "model": record._meta.label, "record": str(record), "pk": pk}
            shown.append({**line, "changes": changes or []})

    def as_dict(self) -> dict[str, Any]:
        return {"counts": self.counts, "preview": self.preview, "places": self.places, "rows": self.rows}


def read_rows(filename: str, content: bytes) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    """The header and the numbered rows after it, blank ones left out; TableRefused if unreadable."""
    if filename.lower().endswith(".xlsx") or content[:2] == b"PK":
        table = xlsx_table(content)
    else:
        try:
            content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = content[: error.start].count(b"\n") + 1
            message = _("Not UTF-8 text (line %(line)s): save the file as UTF-8.") % {"line": line}
            raise TableRefused(message, row=line) from None
        table = csv_table(content)
    try:
        header = [cell_text(cell) for cell in next(table.rows)]
    except StopIteration:
        raise TableRefused(_("The file has no header row.")) from None
    except csv.Error as error:
        raise TableRefused(str(error)) from None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for number, row in enumerate(table.rows, start=2):
            if any(cell_text(cell) for cell in row):
                if number - 1 > MAX_ROWS:
                    message = _("The file has more than %(limit)s rows: split it into smaller files.")
                    raise TableRefused(message % {"limit": f"{MAX_ROWS:,}"}, row=number)
                yield number, row

    return header, rows()


def _snapshot(instance: Model, names: list[str]) -> dict[str, Any]:
    """The fields `names` of a record as comparable values: numbers of related records, sets for lists."""
    values: dict[str, Any] = {}
    for name in names:
        model_field = instance._meta.get_field(name)
        if isinstance(model_field, ManyToManyField):  # every link, those the reader may not see included
            linked = type(instance)._default_manager.filter(pk=instance.pk).values_list(name, flat=True)
            values[name] = set(linked) - {None}
        elif model_field.is_relation:
            values[name] = getattr(instance, f"{name}_id")
        else:
            values[name] = getattr(instance, name)
    return values


def _shown(instance: Model, name: str, value: Any, access: Access) -> str:
    """A field's value as the reader knows it: the names of the records it links to, those they may see.

    Linked records the reader may not see are left out without a word: not even how many there are.
    """
    model_field = instance._meta.get_field(name)
    related = model_field.related_model
    if value in (None, "", set()):
        return "—"
    if related is not None and not isinstance(related, str):
        ids = value if isinstance(value, set) else {value}
        if is_record_model(related):
            shown: Any = records(related).visible_to(access).filter(pk__in=ids)
        else:
            shown = related._default_manager.filter(pk__in=ids)
        return "; ".join(sorted(str(obj) for obj in shown)) or "—"
    choices = dict(getattr(model_field, "choices", None) or [])
    return str(choices.get(value, value))


class HiddenValueTaken(Exception):
    """A row gives a unique value (an organisation's key, …) that a record the user may not see holds."""


def hidden_unique_taken(model: type[Model], data: dict[str, Any], access: Access, exclude: Any = None) -> bool:
    """Whether a unique field, or set of fields, of `data` is taken by a record the reader may not see."""
    opts = model._meta
    groups = [[f.name] for f in opts.fields if f.unique and not f.primary_key]
    groups += [list(names) for names in opts.unique_together]
    groups += [list(c.fields) for c in opts.constraints if isinstance(c, UniqueConstraint) and c.fields]
    everything = cast(Any, model)._default_manager
    for names in groups:
        values = [data.get(name) for name in names]
        if any(value in (None, "") for value in values):
            continue
        lookup = {
            getattr(opts.get_field(name), "attname", name): getattr(value, "pk", value)
            for name, value in zip(names, values, strict=True)
        }
        taken = everything.filter(**lookup).exclude(pk=exclude)
        if taken.exists() and not everything.visible_to(access).filter(**lookup).exclude(pk=exclude).exists():
            return True
    return False


class FileImport:
    """One pass over a file: every row validated and written (see the module's docstring)."""

    def __init__(self, *, run: RegistryImport, access: Access, user: Author) -> None:
        self.run, self.access, self.user = run, access, user
        self.sheet: Sheet = SHEETS[run.kind]
        self.reader = CellReader(access=access, user=user, owner=run.owner, sheet=self.sheet)
        self.plan = Plan()
        self.reason = f"imported from {run.filename} (registry import {run.pk})"
        self.written: dict[tuple[str, int], int] = {}  # (model, pk) -> the row that wrote it
        self.headers: dict[str, str] = {}  # column name -> the header as the file writes it

    def check_header(self, header: list[str]) -> list[tuple[int, Column]]:
        """The position of each column the file has; every unknown or missing column is an error of row 1."""
        found: list[tuple[int, Column]] = []
        for position, text in enumerate(header):
            if not text:
                continue
            column = self.sheet.column_for_header(text)
            if column is None or column.name in self.headers:
                expected = ", ".join(self.sheet.label(c) for c in self.sheet.columns)
                message = _("Unknown or repeated column “%(name)s”; the columns are: %(expected)s.")
                self.error(1, text, message % {"name": text, "expected": expected})
                continue
            self.headers[column.name] = text
            found.append((position, column))
        for column in self.sheet.columns:
            if column.required and column.name not in self.headers:
                label = self.sheet.label(column)
                self.error(1, label, _("The column “%(name)s” is missing.") % {"name": label})
        return found

    def error(self, row: int, column: str, message: str) -> None:
        self.plan.errors.append(RowError(row, column, message))

    def header_of(self, name: str, sheet_model: type[Model] | None = None) -> str:
        """The header naming a form field in messages: the file's own, else the field's label."""
        for column in self.sheet.columns:
            if self.sheet.field_name(column) == name and (
                sheet_model is None or self.sheet.model_for(column) is sheet_model
            ):
                return self.headers.get(column.name) or self.sheet.label(column)
        return name

    def run_file(
        self, header: list[str], rows: Iterator[tuple[int, list[Any]]], progress: Callable[[int], None]
    ) -> Plan:
        columns = self.check_header(header)
        if self.plan.errors:
            return self.plan
        try:
            for number, cells in rows:
                self.plan.rows += 1
                errors_before = len(self.plan.errors)
                values: dict[str, Any] = {}
                for position, column in columns:
                    cell = cells[position] if position < len(cells) else None
                    try:
                        values[column.name] = self.reader.read(column, cell)
                    except CellError as error:
                        self.error(number, self.headers[column.name], str(error))
                if len(cells) > len(header) and any(cell_text(cell) for cell in cells[len(header) :]):
                    self.error(number, "", _("The row has more cells than the header has columns."))
                if len(self.plan.errors) == errors_before:  # cells that cannot be read: the form is not tried
                    self.row(number, values)
                if self.plan.rows % PROGRESS_EVERY == 0:
                    progress(self.plan.rows)
        except TableRefused as refused:
            self.plan.errors.insert(0, RowError(refused.row, "", str(refused)))
        except HiddenValueTaken:
            # The page form answers "already exists" for a key taken by any record, seen or not: one
            # key per request. A file of 5,000 rows must not answer for 5,000 keys at once, so the
            # whole file is refused with one message that names neither the row nor the value, and
            # no other result (counts, previews, other rows' errors) that would tell which row it is.
            message = _(
                "A key (or another value that must be unique) of this file is already used by a record "
                "you may not see. Nothing of the file is shown or saved: check the keys you create."
            )
            self.plan = Plan(errors=[RowError(1, "", message)])
            return self.plan
        except csv.Error as error:  # e.g. a cell longer than the csv module reads
            self.error(self.plan.rows + 1, "", str(error))
        if not self.plan.rows and not self.plan.errors:
            self.error(1, "", _("The file has no rows of records."))
        self.plan.places = self.reader.registered_places
        return self.plan

    def row(self, number: int, values: dict[str, Any]) -> None:
        main = {name: value for name, value in values.items() if not name.startswith("position_")}
        record = self.save(number, self.sheet.model, self.sheet.form_class, main, repeat_ok=self.sheet.model is Person)
        if record is None or self.sheet.extra_model is None:
            return
        position = {
            name.removeprefix("position_"): value for name, value in values.items() if name.startswith("position_")
        }
        if not position.get("organisation"):
            if any(position.values()):
                self.error(
                    number, self.header_of("organisation", Position), _("Give the organisation of the position.")
                )
            return
        if not position.get("title"):
            self.error(number, self.header_of("title", Position), _("Give the title of the position."))
            return
        position["person"] = record.pk
        assert self.sheet.extra_form_class is not None
        self.save(number, Position, self.sheet.extra_form_class, position)

    def match(self, number: int, model: type[Model], values: dict[str, Any]) -> tuple[Model | None, bool]:
        """The record the row updates (None: it creates one), and False when the row cannot be matched."""
        visible = cast(Any, model)._default_manager.visible_to(self.access)
        if values.get("id"):
            found = list(visible.filter(pk=values["id"]))
            if not found:
                self.error(number, self.headers.get("id", "id"), _("No record number %(id)s.") % {"id": values["id"]})
                return None, False
            return found[0], True
        lookup = natural_key(model, values)
        if lookup is None:
            return None, True
        found = list(visible.filter(**lookup)[:2])
        if len(found) > 1:
            message = _("Several records match this row: add an “id” column with the number of the one to update.")
            self.error(number, "", message)
            return None, False
        return (found[0] if found else None), True

    def save(
        self,
        number: int,
        model: type[Model],
        form_class: type[RecordForm],
        values: dict[str, Any],
        repeat_ok: bool = False,
    ) -> Model | None:
        """Validate the row with the record's form and write it; the record, or None with the row's errors."""
        existing, matched = self.match(number, model, values)
        if not matched:
            return None
        values = {name: value for name, value in values.items() if name != "id"}
        if existing is not None and (model._meta.label, existing.pk) in self.written:
            if repeat_ok:
                return existing
            message = _("Row %(row)s already gives this record.") % {
                "row": self.written[(model._meta.label, existing.pk)]
            }
            self.error(number, "", message)
            return None
        form_fields = list(form_class._meta.fields or [])
        if existing is None:  # the fields' defaults, then the file's cells that are not blank
            instance = model()
            data = model_to_dict(instance, fields=form_fields)
            data.update(owner=self.run.owner_id, visibility=self.run.visibility, language=self.run.language)
            data.update(
                {name: value for name, value in values.items() if name in form_fields and value not in ("", [])}
            )
        else:  # the record as it is, then the file's cells: a blank one empties its field
            instance = existing
            data = self.current(existing, form_fields)
            data.update({name: value for name, value in values.items() if name in form_fields})
        if hidden_unique_taken(model, data, self.access, exclude=existing.pk if existing else None):
            raise HiddenValueTaken
        before = (
            _snapshot(existing, [n for n in form_fields if n != "owner" and _is_field(model, n)]) if existing else {}
        )
        form = form_class(data=data, instance=instance, access=self.access)
        if existing is not None:
            del form.fields["owner"]  # an update keeps the record's owner
        if not form.is_valid():
            for name, messages in form.errors.items():
                column = "" if name == "__all__" else self.header_of(name, model)
                for text in messages:
                    self.error(number, column, str(text))
            return None
        fields, m2m = form.split_cleaned_data()
        try:
            with transaction.atomic():  # a savepoint: a refused row leaves the transaction usable
                if existing is None:
                    record = services.record_create(
                        access=self.access, user=self.user, model=cast(type[Record], model), fields=fields,
                        m2m=m2m, reason=self.reason,
                    )  # fmt: skip
                    self.plan.add(row=number, action="created", record=record)
                else:
                    record = self.update(number, cast(Record, existing), before, fields, m2m)
        except PermissionDenied as denied:
            self.error(number, "", str(denied))
            return None
        except (IntegrityError, ValidationError, DatabaseError) as error:
            message = " ".join(error.messages) if isinstance(error, ValidationError) else _("The database refused it.")
            self.error(number, "", message)
            return None
        self.written[(model._meta.label, record.pk)] = number
        return record

    def current(self, existing: Model, form_fields: list[str]) -> dict[str, Any]:
        """The form's data for a record as it is, so that the columns a file leaves out keep their values."""
        data = model_to_dict(existing, fields=form_fields)
        for name, value in data.items():
            model_field = existing._meta.get_field(name)
            if isinstance(model_field, ManyToManyField):
                pks = [obj.pk for obj in value]
                hidden = (
                    hidden_ids(model_field.related_model, pks, self.access)
                    if is_record_model(model_field.related_model)
                    else set()
                )
                data[name] = [pk for pk in pks if pk not in hidden]
        return data

    def update(
        self, number: int, existing: Record, before: dict[str, Any], fields: dict[str, Any], m2m: dict[str, Any]
    ) -> Record:
        """Write the fields that changed, or nothing (and no history) when none did."""
        after = {name: getattr(value, "pk", value) for name, value in fields.items()}
        for name, chosen in m2m.items():
            model_field = existing._meta.get_field(name)
            related = model_field.related_model
            previous = before.get(name, set())
            hidden = hidden_ids(related, previous, self.access) if is_record_model(related) else set()
            m2m[name] = [*chosen, *sorted(hidden)]
            after[name] = {getattr(obj, "pk", obj) for obj in m2m[name]}
        changed = [name for name in after if name in before and after[name] != before[name]]
        if not changed:
            existing.refresh_from_db()  # the form wrote the file's values onto the instance
            self.plan.add(row=number, action="unchanged", record=existing)
            return existing
        changes = [
            {"field": self.header_of(name, type(existing)), "old": _shown(existing, name, before[name], self.access),
             "new": _shown(existing, name, after[name], self.access)}
            for name in changed
        ] if len(self.plan.preview["updated"]) < PREVIEW else []  # fmt: skip
        record = services.record_update(
            access=self.access, user=self.user, instance=existing, fields=fields, m2m=m2m, reason=self.reason
        )
        self.plan.add(row=number, action="updated", record=record, changes=changes)
        return record


def _is_field(model: type[Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a form-only field (the partner city)
        return False
    return True


def natural_key(model: type[Model], values: dict[str, Any]) -> dict[str, Any] | None:
    """The lookup that finds the record a row updates (see kinds.py), or None when the row cannot give it."""
    if model is Organisation:
        return {"key__caseless": values["key"]} if values.get("key") else None
    if model is Person:
        if values.get("email"):
            return {"email__caseless": values["email"]}
        return {"name__caseless": values["name"]} if values.get("name") else None
    keys = NATURAL_KEYS.get(model._meta.label, [])
    if not keys or not all(values.get(name) not in (None, "") for name in keys):
        return None
    return {(f"{name}__caseless" if name == "title" else name): values[name] for name in keys}


NATURAL_KEYS = {
    "ecosystem.Position": ["person", "organisation", "title"],
    "diplomacy.Agreement": ["organisation", "partner_place", "title"],
    "diplomacy.Membership": ["organisation", "network", "role"],
    "diplomacy.Engagement": ["title", "start_on"],
    "projects.Project": ["title", "lead"],
}


def apply_file(*, run: RegistryImport, access: Access, user: Author, progress: Callable[[int], None]) -> Plan:
    """Read, check and write every row of the run's file (inside the caller's transaction)."""
    importer = FileImport(run=run, access=access, user=user)
    try:
        header, rows = read_rows(run.filename, bytes(run.content))
    except TableRefused as refused:
        importer.error(refused.row, "", str(refused))
        return importer.plan
    return importer.run_file(header, rows, progress)


def dry_run(*, run: RegistryImport, access: Access, user: Author) -> Plan:
    """What the import would do, everything it wrote rolled back."""
    with transaction.atomic():
        plan = apply_file(run=run, access=access, user=user, progress=lambda done: None)
        transaction.set_rollback(True)
    return plan


def registry_import_run(*, import_id: int) -> RegistryImport:
    """The task's body: the confirmed file imported, all or nothing."""
    run = RegistryImport.objects.select_related("user", "owner").get(pk=import_id)
    return job_run(job=run, work=_import, end_fields={"content": b""})


def _import(run: RegistryImport) -> dict[str, Any]:
    if run.user is None:
        raise JobRefused(_("The person who uploaded the file no longer has an account."))
    access = access_for(run.user)
    try:
        require_create(access, run.owner_id)
    except PermissionDenied as denied:
        raise JobRefused(str(denied), results={"errors": [RowError(1, "", str(denied)).as_dict()]}) from None
    step = _("Importing rows")
    job_progress(job=run, done=0, total=run.plan.get("rows", 0), step=step)
    plan = apply_file(run=run, access=access, user=run.user, progress=lambda done: job_progress(job=run, done=done))
    if plan.errors:
        raise refused(plan.errors)
    return {
        "plan": plan.as_dict(),
        "errors": [],
        "created_count": plan.count("created"),
        "updated_count": plan.count("updated"),
        "unchanged_count": plan.count("unchanged"),
    }


def refused(errors: list[RowError]) -> JobRefused:
    rows = len({error.row for error in errors})
    message = ngettext(
        "The file was refused: %(count)s row has problems. Nothing was saved.",
        "The file was refused: %(count)s rows have problems. Nothing was saved.",
        rows,
    ) % {"count": rows}
    return JobRefused(message, results={"errors": [e.as_dict() for e in errors[:MAX_ERRORS]]})
