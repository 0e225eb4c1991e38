"""The life of every background job (imports, reports): queued, running, then succeeded or failed.

A view creates the app's job and calls `job_enqueue`; the task calls `job_run` with the work. The work
runs inside one transaction, so whatever it wrote is rolled back when it raises, whatever it raises;
the job's status is written outside that transaction, so the failure is recorded all the same and no
job stays queued or running once its task has ended. Only these services write a job's status.

While the work runs, `job_progress` writes through a second connection on PostgreSQL, so the page
polling the job sees the count move although the work has not committed. SQLite has one writer at a
time: there the progress is written with the work, and the page sees it when the job ends.
"""

import logging
import time
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from django.db import DatabaseError, connections, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Job, JobStatus

J = TypeVar("J", bound=Job)
logger = logging.getLogger(__name__)

PROGRESS_SECONDS = 0.5  # at most two progress writes a second: each one is a commit
DETAIL_CHARS = 300  # an unexpected error's own text shown to the user, first line only


class Task(Protocol):
    def enqueue(self, *args: Any, **kwargs: Any) -> Any: ...


class JobRefused(Exception):
    """The work found the input unusable: the job fails with `message` and keeps `results` (e.g. every row error)."""

    def __init__(self, message: str, *, results: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.results = results or {}


def at_row(error: BaseException, row: int) -> BaseException:
    """Mark an error with the row of the file it happened at, for the message the user reads."""
    error.job_row = row  # type: ignore[attr-defined]
    return error


def _write(job: Job, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    type(job)._default_manager.filter(pk=job.pk).update(**fields)


def job_enqueue(*, job: Job, task: Task) -> None:
    """Queue `task(job.pk)` once the job's row is committed, so the worker always finds it."""
    job_id = job.pk
    transaction.on_commit(lambda: task.enqueue(job_id), using=router.db_for_write(type(job)))


def job_start(*, job: J, step: str = "") -> J:
    _write(job, status=JobStatus.RUNNING, started_at=timezone.now(), step=step, error="")
    return job


def job_progress(*, job: Job, done: int, total: int | None = None, step: str | None = None) -> None:
    """Keep how far the job got; writes at most twice a second unless the step changes or the job is done."""
    fields: dict[str, Any] = {"done": done}
    if total is not None:
        fields["total"] = total
    if step is not None:
        fields["step"] = step
    last = getattr(job, "_progress_at", 0.0)
    now = time.monotonic()
    changed_step = step is not None and step != job.step
    at_end = done == 0 or done == (total if total is not None else job.total)
    for name, value in fields.items():
        setattr(job, name, value)
    if not (changed_step or at_end or now - last >= PROGRESS_SECONDS):
        return
    job._progress_at = now  # type: ignore[attr-defined]
    _write_progress(job, fields)


def _write_progress(job: Job, fields: dict[str, Any]) -> None:
    alias = router.db_for_write(type(job))
    connection = connections[alias]
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        type(job)._default_manager.filter(pk=job.pk).update(**fields)
        return
    side = getattr(job, "_progress_connection", None)
    try:
        if side is None:
            side = connection.__class__(connection.settings_dict.copy(), alias)
            job._progress_connection = side  # type: ignore[attr-defined]
            with side.cursor() as cursor:
                cursor.execute("SET lock_timeout = '1s'")  # never wait on a row the work itself holds
        meta, quote = type(job)._meta, side.ops.quote_name
        column = {field.name: str(field.column) for field in meta.concrete_fields}
        pk = str(meta.pk.column) if meta.pk is not None else "id"
        assignments = ", ".join(f"{quote(column[name])} = %s" for name in fields)
        sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(pk)} = %s"  # noqa: S608 - names from the model
        with side.cursor() as cursor:
            cursor.execute(sql, [*fields.values(), job.pk])
    except DatabaseError:
        logger.warning("Progress of %s %s not written", type(job)._meta.label, job.pk, exc_info=True)


def _close_progress_connection(job: Job) -> None:
    side: BaseDatabaseWrapper | None = getattr(job, "_progress_connection", None)
    if side is not None:
        side.close()
        job._progress_connection = None  # type: ignore[attr-defined]


def job_finish(*, job: J, results: dict[str, Any] | None = None) -> J:
    """End the job as succeeded, with the fields the app keeps as its outcome (`results`)."""
    _write(
        job,
        status=JobStatus.SUCCEEDED,
        done=max(job.done, job.total),
        total=max(job.done, job.total),
        step="",
        finished_at=timezone.now(),
        **(results or {}),
    )
    return job


def job_fail(*, job: J, error: str, results: dict[str, Any] | None = None) -> J:
    """End the job as failed with a message its reader understands, and what the app keeps of it (`results`)."""
    fields = {"done": job.done, "total": job.total, **(results or {})}  # the progress as far as the job got
    _write(job, status=JobStatus.FAILED, error=error, finished_at=timezone.now(), **fields)
    return job


def unexpected_error_message(error: BaseException) -> str:
    """What the user reads when the work broke: where (the row, when known) and the error's first line."""
    detail = (str(error).strip().splitlines() or [""])[0][:DETAIL_CHARS] or error.__class__.__name__
    row = getattr(error, "job_row", None)
    if row is not None:
        message = _("An unexpected error stopped the job at row %(row)s: %(detail)s. Nothing was saved.")
        return message % {"row": row, "detail": detail}
    return _("An unexpected error stopped the job: %(detail)s. Nothing was saved.") % {"detail": detail}


def job_run(*, job: J, work: Callable[[J], dict[str, Any] | None], end_fields: dict[str, Any] | None = None) -> J:
    """Run `work(job)` in one transaction and end the job: succeeded with the fields `work` returns, or failed.

    `end_fields` are written when the job ends either way (e.g. the upload, no longer kept).
    """
    if job.finished:
        return job
    job_start(job=job)
    end = dict(end_fields or {})
    try:
        with transaction.atomic(using=router.db_for_write(type(job))):
            results = work(job) or {}
    except JobRefused as refused:
        _close_progress_connection(job)
        return job_fail(job=job, error=refused.message, results={**refused.results, **end})
    except Exception as error:
        logger.exception("Job %s %s failed", type(job)._meta.label, job.pk)
        _close_progress_connection(job)
        return job_fail(job=job, error=unexpected_error_message(error), results=end)
    except BaseException:  # the worker is stopping: the job must not stay running
        _close_progress_connection(job)
        job_fail(job=job, error=_("The job was interrupted. Nothing was saved."), results=end)
        raise
    _close_progress_connection(job)
    return job_finish(job=job, results={**results, **end})
