"""Starting an IATI import: the upload is kept on an `ImportJob` and its task queued on commit."""

from typing import Any

from django.db import transaction

from interlocal.core.jobs import job_enqueue
from interlocal.ecosystem.models import Organisation

from .models import ImportJob
from .tasks import run_import


def iati_import_start(*, user: Any, owner: Organisation, visibility: str, filename: str, raw: bytes) -> ImportJob:
    """Keep the file and queue its import (the form has checked the owner and the size)."""
    with transaction.atomic():
        job = ImportJob.objects.create(user=user, owner=owner, visibility=visibility, filename=filename[:255], raw=raw)
        job_enqueue(job=job, task=run_import)
    return job
