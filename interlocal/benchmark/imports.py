"""Self-assessments from a CSV or JSON file: all rows valid, or nothing saved.

`jobs.profiles_import_start` keeps the upload and queues the task; `profiles_import_run` (the task's
body) checks every row with the self-assessment form and saves them all, as a core job (`core.jobs`).
"""

import csv
import io
import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from interlocal.core.jobs import JobRefused, job_progress, job_run
from interlocal.core.permissions import Access, access_for
from interlocal.core.tabular import max_rows

from .forms import ProfileForm
from .models import Profile, ProfileImport

MAX_BYTES = 1_000_000
LIST_FIELDS = {"plans", "hosted_organisations", "measured_variables"}


@dataclass
class ImportResult:
    created: list[Profile] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _rows(raw: bytes, filename: str) -> list[dict[str, Any]]:
    """The file's rows as dicts; ValueError with a clear message if it cannot be read."""
    if len(raw) > MAX_BYTES:
        raise ValueError(_("The file is larger than 1 MB."))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(_("The file is not UTF-8 text (byte %(position)s).") % {"position": error.start}) from None
    if filename.lower().endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(
                _("The JSON is malformed at line %(line)s, column %(column)s: %(message)s.")
                % {"line": error.lineno, "column": error.colno, "message": error.msg}
            ) from None
        except RecursionError:  # brackets nested deeper than the parser goes: no profile is shaped like that
            raise ValueError(
                _("The JSON is nested too deeply: a profile is one object of fields, a list field holds texts.")
            ) from None
        data = data if isinstance(data, list) else [data]
        if len(data) > max_rows():
            message = _("The file has more than %(limit)s rows: split it into smaller files.")
            raise ValueError(message % {"limit": f"{max_rows():,}"})
        if not all(isinstance(item, dict) for item in data):
            raise ValueError(_("The JSON must be an object or a list of objects, one per profile."))
        return data
    if filename.lower().endswith(".csv"):
        try:
            rows = list(itertools.islice(csv.DictReader(io.StringIO(text)), max_rows() + 1))
        except csv.Error as error:
            raise ValueError(_("The CSV is malformed: %(message)s.") % {"message": error}) from None
        if len(rows) > max_rows():
            message = _("The file has more than %(limit)s rows: split it into smaller files.")
            raise ValueError(message % {"limit": f"{max_rows():,}"})
        for row in rows:
            for name in LIST_FIELDS & set(row):
                row[name] = [item.strip() for item in (row[name] or "").split(";") if item.strip()]
            if None in row:
                raise ValueError(_("A row has more cells than the header."))
            if any("\x00" in str(value) for value in row.values()):
                raise ValueError(_("A cell holds a NUL character (0x00): remove it."))
        return rows
    raise ValueError(_("Upload a .csv or .json file."))


def profiles_import(*, access: Access, user: Any, raw: bytes, filename: str) -> ImportResult:
    """Validate every row with the self-assessment form; save all of them only if all are valid."""
    result = ImportResult()
    try:
        rows = _rows(raw, filename)
    except ValueError as error:
        result.errors.append(str(error))
        return result
    if not rows:
        result.errors.append(_("The file holds no profile."))
        return result
    forms = []
    for number, row in enumerate(rows, start=1):
        row = {key: value for key, value in row.items() if value not in ("", None)}
        form = ProfileForm(row, access=access)
        if form.is_valid():
            forms.append(form)
            continue
        for name, messages in form.errors.items():
            label = name if name != "__all__" else _("row")
            result.errors.extend(
                _("Row %(row)s, %(field)s: %(message)s") % {"row": number, "field": label, "message": m}
                for m in messages
            )
    names = [form.cleaned_data["name"].casefold() for form in forms]
    if len(set(names)) != len(names):
        result.errors.append(_("Two rows have the same name."))
    if result.errors:
        return result
    with transaction.atomic():
        result.created = [form.save_with(user=user) for form in forms]
    return result


def profiles_import_run(*, import_id: int) -> ProfileImport:
    """Check the stored file and save every profile in it, or none (the background task's body)."""
    job = ProfileImport.objects.select_related("user").get(pk=import_id)
    return job_run(job=job, work=_import, end_fields={"content": b""})  # the file is not kept once read


def _import(job: ProfileImport) -> dict[str, Any]:
    """The job's work (see core.jobs): the new profiles' keys, or JobRefused with every problem."""
    if job.user is None:
        raise JobRefused(_("The person who uploaded the file no longer has an account."))
    job_progress(job=job, done=0, step=_("Checking rows"))
    result = profiles_import(access=access_for(job.user), user=job.user, raw=bytes(job.content), filename=job.filename)
    if result.errors:
        raise JobRefused(_("Nothing was imported."), results={"errors": result.errors})
    return {"created_keys": [profile.key for profile in result.created]}
