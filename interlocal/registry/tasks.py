"""Background tasks of the registry import (django-tasks, database backend)."""

from django_tasks import task

from .imports import registry_import_run


@task()
def run_registry_import(import_id: int) -> None:
    """Import one confirmed registry file, all or nothing (see registry.imports)."""
    registry_import_run(import_id=import_id)
