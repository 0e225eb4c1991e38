"""Background tasks of the benchmark app (django-tasks, database backend)."""

from django_tasks import task

from .imports import profiles_import_run


@task()
def run_profiles_import(import_id: int) -> None:
    """Check and save one uploaded file of self-assessments (see benchmark.imports)."""
    profiles_import_run(import_id=import_id)
