"""One uploaded spreadsheet of registry records: its dry run, then its import as a background job (core.jobs)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from interlocal.core.models import Job


class ImportKind(models.TextChoices):
    ORGANISATIONS = "organisations", _("Organisations")
    PEOPLE = "people", _("People and positions")
    AGREEMENTS = "agreements", _("Agreements")
    MEMBERSHIPS = "memberships", _("Network memberships")
    ENGAGEMENTS = "engagements", _("Engagements")
    PROJECTS = "projects", _("Projects")


class ImportStage(models.TextChoices):
    REFUSED = "refused", _("Dry run found problems")
    CHECKED = "checked", _("Dry run done, waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")


class RegistryImport(Job):
    """A file of one kind of record: checked by a dry run, imported all or nothing once confirmed."""

    kind = models.CharField(_("kind of record"), max_length=20, choices=ImportKind.choices)
    owner = models.ForeignKey(
        "ecosystem.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owning organisation"),
        help_text=_("The owner of the records the file creates; records it updates keep their owner."),
    )
    visibility = models.CharField(_("visibility of new records"), max_length=10, default="internal")
    language = models.CharField(_("language of new records"), max_length=8, default="en")
    filename = models.CharField(_("file"), max_length=255)
    content = models.BinaryField(editable=False)  # the upload, until the import has run
    stage = models.CharField(_("stage"), max_length=10, choices=ImportStage.choices, default=ImportStage.CHECKED)
    plan = models.JSONField(_("dry run"), default=dict, blank=True)  # what the dry run would do (imports.Plan)
    errors = models.JSONField(_("errors"), default=list, blank=True)  # [{"row", "column", "message"}]
    created_count = models.PositiveIntegerField(_("records created"), default=0)
    updated_count = models.PositiveIntegerField(_("records updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("records unchanged"), default=0)

    class Meta(Job.Meta):
        verbose_name = _("registry import")

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("registry:import-detail", args=[self.pk])
