"""The annual reports generated for the portal (a background task fills them, see core.jobs)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from interlocal.core.models import Job


class AnnualReport(Job):
    """One generation of the public annual report of a year, in one language: its HTML and its PDF.

    Its progress is a percentage: `done` out of a `total` of 100.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    language = models.CharField(_("language"), max_length=8, default="en")
    html = models.TextField(_("HTML"), blank=True, editable=False)
    pdf = models.BinaryField(_("PDF"), blank=True, default=b"", editable=False)

    class Meta(Job.Meta):
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")

    def __str__(self) -> str:
        return f"{self.year} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("portal:report", args=[self.pk])
