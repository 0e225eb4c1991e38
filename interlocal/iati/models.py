"""Which IATI activity a project came from, so a re-import updates it instead of duplicating it."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from interlocal.core.models import Job


class ActivityLink(models.Model):
    """The iati-identifier a project was imported under (exports reuse it)."""

    identifier = models.CharField(_("IATI identifier"), max_length=250, unique=True)
    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="iati_link", verbose_name=_("project")
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        verbose_name = _("IATI activity link")

    def __str__(self) -> str:
        return self.identifier


class ImportJob(Job):
    """One uploaded IATI file, imported by a background task (tasks.run_import, core.jobs)."""

    owner = models.ForeignKey("ecosystem.Organisation", on_delete=models.CASCADE, related_name="+")
    visibility = models.CharField(max_length=10)
    filename = models.CharField(max_length=255)
    raw = models.BinaryField()
    errors = models.JSONField(default=list)
    warnings = models.JSONField(default=list)
    created_ids = models.JSONField(default=list)
    updated_ids = models.JSONField(default=list)

    class Meta(Job.Meta):
        verbose_name = _("IATI import")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("iati:job", args=[self.pk])
