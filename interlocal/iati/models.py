"""Which IATI activity a project came from, so a re-import updates it instead of duplicating it."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from interlocal.core.models import Job, Record


class ActivityLink(models.Model):
    """The IATI activity a project was imported from: its identifier (exports reuse it), its publisher and
    the activity as published, kept verbatim so the export writes back every element the model has no home for.

    `partner` is set when the reporting-org is not one of the home metropolis's organisations: the activity is
    the partner's publication, shown as theirs and never republished in the metropolis's own IATI file.
    """

    identifier = models.CharField(_("IATI identifier"), max_length=250, unique=True)
    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="iati_link", verbose_name=_("project")
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)
    reporting_org_ref = models.CharField(_("publisher's IATI identifier"), max_length=250, blank=True)
    reporting_org_name = models.CharField(_("publisher"), max_length=250, blank=True)
    partner = models.BooleanField(_("published by a partner"), default=False)
    xml = models.TextField(_("activity as published"), blank=True)

    class Meta:
        verbose_name = _("IATI activity link")

    def __str__(self) -> str:
        return self.identifier


class OrganisationIdentifier(models.Model):
    """An organisation's IATI organisation identifier as a file states it ("XM-DAC-41114"), kept unchanged:
    the import matches organisations by it and the export publishes it (in place of a derived ZZ- one)."""

    ref = models.CharField(_("IATI organisation identifier"), max_length=250, unique=True)
    organisation = models.OneToOneField(
        "ecosystem.Organisation", on_delete=models.CASCADE, related_name="iati_identifier"
    )

    class Meta:
        verbose_name = _("IATI organisation identifier")

    def __str__(self) -> str:
        return self.ref


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
    organisation_ids = models.JSONField(default=list)

    class Meta(Job.Meta):
        verbose_name = _("IATI import")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("iati:job", args=[self.pk])


class IatiOrganisation(Record):
    """One ``<iati-organisation>`` of an imported IATI organisation file, kept verbatim with its publisher.

    `organisation` is the Organisation its organisation-identifier names (by ``OrganisationIdentifier`` or a
    configured/derived identifier), when one is known. `owner` and `visibility` are the import's, as for the
    projects of imported activities; `partner` is set when the reporting-org is not a home organisation.
    ``iati_export --organisations`` writes it back as it was published.
    """

    identifier = models.CharField(_("IATI organisation identifier"), max_length=250, unique=True)
    name = models.CharField(_("name"), max_length=250, blank=True)
    organisation = models.ForeignKey(
        "ecosystem.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="iati_organisation_files",
        verbose_name=_("organisation"),
    )
    reporting_org_ref = models.CharField(_("publisher's IATI identifier"), max_length=250, blank=True)
    reporting_org_name = models.CharField(_("publisher"), max_length=250, blank=True)
    partner = models.BooleanField(_("published by a partner"), default=False)
    xml = models.TextField(_("organisation as published"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("IATI organisation file")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name or self.identifier

    def get_absolute_url(self) -> str:
        return reverse("iati:overview") + f"#iati-organisation-{self.pk}"
