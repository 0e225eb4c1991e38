"""Starting an import of observations: the upload is kept on an `ObservationImport` and its task queued.

The task (`tasks.py`) runs `imports.observations_import_run`; this module sits above both, so the
import itself never needs to know how it is queued.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from interlocal.core.jobs import job_enqueue
from interlocal.core.permissions import Access, require_create

from .imports import MAX_BYTES
from .models import ObservationImport
from .tasks import run_observation_import


def observations_import_start(
    *, access: Access, user: Any, owner: Any, filename: str, content: bytes, visibility: str = "internal"
) -> ObservationImport:
    """Keep the file and queue its import; the values will belong to `owner`."""
    require_create(access, owner.pk)
    if len(content) > MAX_BYTES:
        raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    if not content.strip():
        raise ValidationError(_("The file is empty."))
    with transaction.atomic():
        run = observation_import_create(
            user=user, owner=owner, filename=filename, content=content, visibility=visibility
        )
        job_enqueue(job=run, task=run_observation_import)
    return run


def observation_import_create(
    *, user: Any, owner: Any, filename: str, content: bytes, visibility: str = "internal"
) -> ObservationImport:
    """The queued job holding the file, not yet handed to the worker (`make bench` runs it in place)."""
    return ObservationImport.objects.create(
        owner=owner, user=user, filename=filename[:255], content=content, visibility=visibility
    )
