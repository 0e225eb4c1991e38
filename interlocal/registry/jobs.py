"""Starting a registry import: the upload kept and dry-run at once, then, once confirmed, its task queued.

The dry run runs while the user waits (files are capped at `imports.MAX_ROWS` rows); the import
itself runs as a job (core.jobs) in the worker, where it checks every row again, since the registry
may have changed in between.
"""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from interlocal.core.jobs import job_enqueue, unexpected_error_message
from interlocal.core.models import Visibility
from interlocal.core.permissions import Access, require_create
from interlocal.ecosystem.models import Organisation

from .imports import MAX_BYTES, MAX_ERRORS, Plan, RowError, dry_run
from .kinds import SHEETS
from .models import ImportStage, RegistryImport
from .tasks import run_registry_import

logger = logging.getLogger(__name__)


def registry_import_start(
    *,
    access: Access,
    user: Any,
    kind: str,
    owner: Organisation,
    filename: str,
    content: bytes,
    visibility: str = Visibility.INTERNAL,
) -> RegistryImport:
    """Keep the file and dry-run it: the import shows what it would do, or every faulty row."""
    require_create(access, owner.pk)
    if kind not in SHEETS:
        raise ValidationError(_("Unknown kind of record."))
    if visibility not in Visibility.values:
        raise ValidationError(_("Unknown visibility."))
    if len(content) > MAX_BYTES:
        raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    if not content.strip():
        raise ValidationError(_("The file is empty."))
    run = RegistryImport.objects.create(
        kind=kind,
        owner=owner,
        user=user,
        filename=filename[:255],
        content=content,
        visibility=visibility,
        language=(get_language() or "en")[:2],
    )
    try:
        plan = dry_run(run=run, access=access, user=user)
    except Exception as error:  # not the file's fault: the dry run says so, and nothing can be confirmed
        logger.exception("Dry run of registry import %s failed", run.pk)
        plan = Plan(errors=[RowError(1, "", unexpected_error_message(error))])
    stage = ImportStage.REFUSED if plan.errors else ImportStage.CHECKED
    fields: dict[str, Any] = {
        "plan": plan.as_dict(),
        "errors": [e.as_dict() for e in plan.errors[:MAX_ERRORS]],
        "stage": stage,
    }
    if plan.errors:
        fields["content"] = b""  # a refused file is not kept: the user corrects it and uploads it again
    RegistryImport.objects.filter(pk=run.pk).update(**fields)
    run.refresh_from_db()
    return run


def registry_import_confirm(*, access: Access, user: Any, run: RegistryImport) -> RegistryImport:
    """Queue the import of a file whose dry run found no problem; only whoever uploaded it may confirm it."""
    if run.user_id != getattr(user, "pk", None):
        raise PermissionDenied(_("Only the person who uploaded the file may confirm its import."))
    require_create(access, run.owner_id)
    with transaction.atomic():
        updated = RegistryImport.objects.filter(pk=run.pk, stage=ImportStage.CHECKED).update(
            stage=ImportStage.CONFIRMED
        )
        if not updated:
            raise ValidationError(_("This import cannot be confirmed: it was refused or is already confirmed."))
        run.stage = ImportStage.CONFIRMED
        job_enqueue(job=run, task=run_registry_import)
    return run
