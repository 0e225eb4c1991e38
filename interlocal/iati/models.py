"""Which IATI activity a project came from, so a re-import updates it instead of duplicating it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Checking and importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Refused: nothing imported")


class ImportJob(models.Model):
    """One uploaded IATI file, imported by a background task (tasks.run_import)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey("ecosystem.Organisation", on_delete=models.CASCADE, related_name="+")
    visibility = models.CharField(max_length=10)
    filename = models.CharField(max_length=255)
    raw = models.BinaryField()
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    errors = models.JSONField(default=list)
    warnings = models.JSONField(default=list)
    created_ids = models.JSONField(default=list)
    updated_ids = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("IATI import")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)
