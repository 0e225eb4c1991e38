"""Background tasks of the results app (django-tasks, database backend)."""

from django_tasks import task

from .imports import observations_import_run


@task()
def run_observation_import(import_id: int) -> None:
    """Check and write one uploaded file of observations (see results.imports)."""
    observations_import_run(import_id=import_id)
