"""Starting an import of self-assessments: the upload is kept on a `ProfileImport` and its task queued."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from interlocal.core.jobs import job_enqueue
from interlocal.core.permissions import Access

from .models import ProfileImport
from .tasks import run_profiles_import


def profiles_import_start(*, access: Access, user: Any, filename: str, content: bytes) -> ProfileImport:
    """Keep the file and queue its import (the form has checked its kind and size)."""
    if not access.can_write:
        raise PermissionDenied(_("Your role does not allow creating records."))
    with transaction.atomic():
        job = ProfileImport.objects.create(user=user, filename=filename[:255], content=content)
        job_enqueue(job=job, task=run_profiles_import)
    return job
