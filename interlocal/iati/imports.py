"""Import of IATI 2.03 activity files: one importer behind `manage.py iati_import`, the API and the upload page.

Three steps, each naming its problems (file, line, element, why), all or nothing:

1. reading (reading.py), a stream in bounded memory: the size limit (``settings.INTERLOCAL_IATI_MAX_BYTES``,
   checked before parsing), the hardened parser (no DOCTYPE, no entity declarations, no DTD, no network, no
   huge trees), then the official 2.03 schema, one activity at a time. Every file the schema accepts
   passes this step, even one the product cannot map; every file it refuses is refused.
2. codes against the IATI codelists. As in the IATI Datastore, only the schema refuses a file: a code off
   its codelist is a warning naming the element, and the model does not read what it carries (the
   activity, kept as published, still has it).
3. mapping (mapping.py), in one transaction, a batch of activities at a time: each iati-activity becomes
   a project (or updates the project it was imported or exported as), its organisations and places are
   found (by ref first) or created, fundings set from incoming EUR transactions; the activity itself is kept
   verbatim with its publisher, so the export writes back every element, modelled or not. Content a project
   needs but cannot read (an empty title, an unusable date) is an error and nothing is imported.

An organisation file (root ``<iati-organisations>``) goes through the same entry points: checked against the
official organisation schema the same way, each ``<iati-organisation>`` is kept verbatim (``IatiOrganisation``,
created or updated by its organisation-identifier) with its publisher, the Organisation it names when one is
known, and the import's owner and visibility.

Problem lists keep the first ``reading.MAX_LISTED`` problems and count the rest.
"""

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from lxml import etree

from interlocal.core import hooks, services
from interlocal.core.jobs import JobRefused, job_progress, job_run
from interlocal.core.paging import in_order
from interlocal.core.permissions import Access, access_for
from interlocal.ecosystem.home import home_organisations
from interlocal.ecosystem.models import Organisation
from interlocal.projects.models import Project

from .identifiers import organisation_key
from .mapping import REASON, Activity, Mapper
from .models import IatiOrganisation, ImportJob, OrganisationIdentifier
from .reading import Problem, Problems, check_codes, check_version, file_root, read_activities, read_organisations
from .reference import safe_parser

__all__ = [
    "ImportResult",
    "Problem",
    "import_activities",
    "import_organisations",
    "max_bytes",
    "run_job",
    "upload_max_bytes",
]

BATCH = 500
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
DEFAULT_UPLOAD_MAX_BYTES = 20 * 1024 * 1024


def max_bytes() -> int:
    """The largest file the importer reads (the command's limit): ``INTERLOCAL_IATI_MAX_BYTES``, 200 MB by default."""
    return int(getattr(settings, "INTERLOCAL_IATI_MAX_BYTES", DEFAULT_MAX_BYTES))


def upload_max_bytes() -> int:
    """The largest file the upload page and the API take (``INTERLOCAL_IATI_UPLOAD_MAX_BYTES``, 20 MB by default)."""
    return min(int(getattr(settings, "INTERLOCAL_IATI_UPLOAD_MAX_BYTES", DEFAULT_UPLOAD_MAX_BYTES)), max_bytes())


@dataclass
class ImportResult:
    errors: Problems = field(default_factory=Problems)
    warnings: Problems = field(default_factory=Problems)
    created_ids: list[int] = field(default_factory=list)
    updated_ids: list[int] = field(default_factory=list)
    organisation_ids: list[int] = field(default_factory=list)  # the IatiOrganisation rows of an organisation file
    activities: int = 0  # the file's iati-activity (or, in an organisation file, iati-organisation) elements read
    kind: str = "activities"  # or "organisations"
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # this process's CPU time: the rate on one core, whatever else the machine runs

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def created(self) -> list[Project]:
        """The projects created, read back (one query; prefer `created_ids` for large files)."""
        return _projects(self.created_ids)

    @property
    def updated(self) -> list[Project]:
        return _projects(self.updated_ids)

    @property
    def rate(self) -> float:
        """Activities read per second (wall clock)."""
        return self.activities / self.seconds if self.seconds else 0.0

    @property
    def cpu_rate(self) -> float:
        """Activities read per second of CPU time."""
        return self.activities / self.cpu_seconds if self.cpu_seconds else 0.0


def _projects(ids: list[int]) -> list[Project]:
    return in_order(Project.objects.all(), ids)


class _Rollback(Exception):
    pass


def import_activities(
    *,
    access: Access,
    user: Any,
    raw: bytes | Path,
    filename: str,
    owner: Organisation,
    visibility: str = "internal",
    limit: int | None = None,
) -> ImportResult:
    """Read, check and map a file (bytes or a path), all or nothing; `limit` defaults to ``max_bytes()``.

    An organisation file (root ``<iati-organisations>``) is read by `import_organisations`."""
    started, cpu_started = time.perf_counter(), time.process_time()
    if file_root(raw) == "iati-organisations":
        result = import_organisations(access=access, user=user, raw=raw, filename=filename, owner=owner,
                                      visibility=visibility, limit=limit)  # fmt: skip
        result.seconds, result.cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
        return result
    result = ImportResult()
    mapper = Mapper(access=access, user=user, owner=owner, visibility=visibility, filename=filename,
                    errors=result.errors, warnings=result.warnings)  # fmt: skip
    batch: list[Activity] = []
    try:
        with transaction.atomic(), hooks.collected():  # the search index: once per kind, on commit
            for activity in read_activities(raw, filename, result.errors, max_bytes=limit or max_bytes()):
                if result.activities == 0:
                    check_version(activity.getparent().get("version"), filename, result.warnings)
                result.activities += 1
                check_codes(activity, filename, result.warnings)
                read = mapper.read(activity)
                if read is not None and not result.errors:
                    batch.append(read)
                if len(batch) >= BATCH:
                    _write(mapper, batch, result)
                    batch = []
            if batch and not result.errors:
                _write(mapper, batch, result)
            if result.errors:
                raise _Rollback
    except _Rollback:
        mapper.outcome.created, mapper.outcome.updated = [], []
    result.created_ids, result.updated_ids = mapper.outcome.created, mapper.outcome.updated
    result.seconds = time.perf_counter() - started
    result.cpu_seconds = time.process_time() - cpu_started
    return result


def import_organisations(
    *,
    access: Access,
    user: Any,
    raw: bytes | Path,
    filename: str,
    owner: Organisation,
    visibility: str = "internal",
    limit: int | None = None,
) -> ImportResult:
    """Read and keep an IATI organisation file, all or nothing: each ``<iati-organisation>`` the organisation
    schema accepts becomes (or updates) the ``IatiOrganisation`` of its organisation-identifier."""
    result = ImportResult(kind="organisations")
    kept: list[tuple[int | None, str]] = []
    for element in read_organisations(raw, filename, result.errors, max_bytes=limit or max_bytes()):
        if not kept:
            check_version(element.getparent().get("version"), filename, result.warnings)
        kept.append((element.sourceline, etree.tostring(element, encoding="unicode", with_tail=False)))
    result.activities = len(kept)
    if result.errors:
        return result
    home = set(home_organisations().values_list("pk", flat=True))
    seen: set[str] = set()
    try:
        with transaction.atomic(), hooks.collected():
            for line, xml in kept:
                element = etree.fromstring(xml, safe_parser())
                identifier = (element.findtext("organisation-identifier") or "").strip()[:250]
                if identifier in seen:
                    message = _("The organisation “%(identifier)s” is in the file twice.") % {"identifier": identifier}
                    result.errors.add(Problem(filename, line, "organisation-identifier", message))
                    continue
                seen.add(identifier)
                reporting = element.find("reporting-org")
                publisher_ref = (reporting.get("ref") or "").strip()[:250] if reporting is not None else ""
                publisher = _organisation_named(publisher_ref)
                fields = {
                    "identifier": identifier,
                    "name": _first_narrative(element.find("name"))[:250],
                    "organisation": _organisation_named(identifier),
                    "reporting_org_ref": publisher_ref,
                    "reporting_org_name": _first_narrative(reporting)[:250],
                    "partner": publisher is None or publisher.pk not in home,
                    "xml": xml,
                    "owner": owner,
                    "visibility": visibility,
                }
                stored = IatiOrganisation.objects.filter(identifier=identifier).first()
                try:
                    if stored is None:
                        stored = services.record_create(
                            access=access, user=user, model=IatiOrganisation, fields=fields, reason=REASON
                        )
                    else:
                        services.record_update(access=access, user=user, instance=stored, fields=fields, reason=REASON)
                except PermissionDenied as denied:
                    result.errors.add(Problem(filename, line, "iati-organisation", str(denied)))
                    continue
                result.organisation_ids.append(stored.pk)
            if result.errors:
                raise _Rollback
    except _Rollback:
        result.organisation_ids = []
    return result


def _organisation_named(ref: str) -> Organisation | None:
    """The organisation an IATI organisation identifier names: configured or derived, else imported with it."""
    if not ref:
        return None
    key = organisation_key(ref)
    found = Organisation.objects.filter(key=key).first() if key else None
    if found is None:
        link = OrganisationIdentifier.objects.select_related("organisation").filter(ref=ref).first()
        found = link.organisation if link is not None else None
    return found


def _first_narrative(element: etree._Element | None) -> str:
    if element is None:
        return ""
    return " ".join((element.findtext("narrative") or "").split())


def _write(mapper: Mapper, batch: list[Activity], result: ImportResult) -> None:
    try:
        with transaction.atomic():
            mapper.write(batch)
    except PermissionDenied as denied:
        result.errors.add(Problem(mapper.filename, batch[0].line, "iati-activity", str(denied)))


def run_job(job_id: int) -> ImportJob:
    """Import one uploaded file (the background task's body), with the uploader's current rights."""
    job = ImportJob.objects.select_related("user", "owner").get(pk=job_id)
    return job_run(job=job, work=_import_job, end_fields={"raw": b""})  # the file is not kept once imported


def _import_job(job: ImportJob) -> dict[str, Any]:
    """The job's work (see core.jobs): the projects' ids, or JobRefused with every problem."""
    if job.user is None:
        raise JobRefused(_("The person who uploaded the file no longer has an account."))
    job_progress(job=job, done=0, step=_("Checking and importing"))
    result = import_activities(
        access=access_for(job.user),
        user=job.user,
        raw=bytes(job.raw),
        filename=job.filename,
        owner=job.owner,
        visibility=job.visibility,
        limit=upload_max_bytes(),
    )
    outcome = {
        "errors": result.errors.lines(),
        "warnings": result.warnings.lines(errors=False),
        "created_ids": result.created_ids,
        "updated_ids": result.updated_ids,
        "organisation_ids": result.organisation_ids,
    }
    if not result.ok:
        raise JobRefused(_("The file was refused: nothing was imported."), results=outcome)
    return outcome
