"""Cooperation, technical-cooperation and EU-funded projects."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from interlocal.core.models import Record


class ProjectKind(models.TextChoices):
    DECENTRALISED_COOPERATION = "decentralised_cooperation", _("Decentralised cooperation")
    TECHNICAL_COOPERATION = "technical_cooperation", _("Technical cooperation")
    EU_FUNDED = "eu_funded", _("EU-funded")
    OTHER = "other", _("Other")


class ProjectStatus(models.TextChoices):
    PIPELINE = "pipeline", _("Pipeline")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Project(Record):
    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(_("kind"), max_length=30, choices=ProjectKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=ProjectStatus.choices, default="active")
    description = models.TextField(_("description"), blank=True)
    lead = models.ForeignKey(
        "ecosystem.Organisation",
        on_delete=models.PROTECT,
        related_name="led_projects",
        verbose_name=_("lead organisation"),
    )
    partners = models.ManyToManyField(
        "ecosystem.Organisation",
        blank=True,
        related_name="partner_projects",
        verbose_name=_("partners"),
    )
    budget_eur = models.DecimalField(_("budget (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True)
    start_on = models.DateField(_("start"), null=True, blank=True)
    end_on = models.DateField(_("end"), null=True, blank=True)
    places = models.ManyToManyField(
        "diplomacy.PartnerPlace", blank=True, related_name="projects", verbose_name=_("places")
    )
    sdg_targets = models.ManyToManyField(
        "core.SdgTarget", blank=True, related_name="projects", verbose_name=_("SDG targets")
    )

    history = HistoricalRecords(m2m_fields=[partners, places, sdg_targets])

    class Meta:
        ordering = ["-start_on", "title"]
        verbose_name = _("project")
        indexes = [
            models.Index(fields=["kind", "status"]),
            # the list's usual order, whole or of one kind
            models.Index(fields=["-start_on", "id"], name="project_newest_first"),
            models.Index(fields=["kind", "-start_on", "id"], name="project_kind_newest_first"),
            # a title whatever its case (`title__caseless`: an imported row naming its project)
            models.Index(Upper("title"), name="project_title_upper"),
            # by title: the fundings' usual order (through their project), and the projects' when sorted so
            models.Index(fields=["title", "id"], name="project_title_order"),
            # the projects the metropolis publishes (iati.export.published_projects): a few among every imported one
            models.Index(
                fields=["owner"],
                name="project_published",
                condition=Q(visibility="public", archived_at__isnull=True, illustrative=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Funding(Record):
    """A funder's contribution to a project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="fundings")
    funder = models.ForeignKey(
        "ecosystem.Organisation",
        on_delete=models.PROTECT,
        related_name="fundings",
        verbose_name=_("funder"),
    )
    amount_eur = models.DecimalField(_("amount (EUR)"), max_digits=14, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding")
        constraints = [models.UniqueConstraint(fields=["project", "funder"], name="unique_project_funder")]

    def __str__(self) -> str:
        return f"{self.funder}: {self.amount_eur}"
