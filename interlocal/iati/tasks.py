"""Background tasks of the iati app (django-tasks, database backend)."""

from django_tasks import task

from .imports import run_job


@task()
def run_import(job_id: int) -> None:
    """Check and import one uploaded IATI file (see iati.imports)."""
    run_job(job_id)
