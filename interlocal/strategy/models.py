"""Strategy (M3): plans of the report's four kinds, their axes, objectives and action lines.

Engagements, projects and agreements are linked to the action lines they serve
through `ActionLineLink`, so the registry apps need not know about strategy.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from interlocal.core.models import Record


class PlanKind(models.IntegerChoices):
    """The four planning situations of Study §2 (Strategic planning)."""

    SPECIFIC = 1, _("A specific plan for international action")
    WITHIN_STRATEGIC_PLAN = 2, _("International action inside a strategic or development plan")
    SECTORAL = 3, _("Sectoral plans only (economic internationalisation, cooperation…)")
    NONE = 4, _("International action without prior planning")


class Plan(Record):
    title = models.CharField(_("title"), max_length=250)
    kind = models.PositiveSmallIntegerField(_("kind of planning"), choices=PlanKind.choices)
    organisation = models.ForeignKey(
        "ecosystem.Organisation",
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("organisation"),
        help_text=_("The organisation whose plan this is."),
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("plan")

    def __str__(self) -> str:
        return self.title


class Axis(Record):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="axes", verbose_name=_("plan"))
    position = models.PositiveSmallIntegerField(pgettext_lazy("order in a list", "position"), default=1)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan_id", "position", "title"]
        verbose_name = _("axis")
        verbose_name_plural = _("axes")

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Objective(Record):
    axis = models.ForeignKey(Axis, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("axis"))
    code = models.CharField(_("code"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    sdg_targets = models.ManyToManyField(
        "core.SdgTarget", blank=True, related_name="objectives", verbose_name=_("SDG targets")
    )

    history = HistoricalRecords(m2m_fields=[sdg_targets])

    class Meta:
        ordering = ["axis_id", "code", "title"]
        verbose_name = _("objective")

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class ActionLine(Record):
    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="action_lines", verbose_name=_("objective")
    )
    code = models.CharField(_("code"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["objective_id", "code", "title"]
        verbose_name = _("action line")

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class ActionLineLink(Record):
    """An engagement, project or agreement serving an action line (exactly one of the three)."""

    action_line = models.ForeignKey(
        ActionLine, on_delete=models.CASCADE, related_name="links", verbose_name=_("action line")
    )
    engagement = models.ForeignKey(
        "diplomacy.Engagement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="action_line_links",
        verbose_name=_("engagement"),
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="action_line_links",
        verbose_name=_("project"),
    )
    agreement = models.ForeignKey(
        "diplomacy.Agreement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="action_line_links",
        verbose_name=_("agreement"),
    )
    note = models.CharField(_("how it serves the line"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action line link")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(engagement__isnull=False, project__isnull=True, agreement__isnull=True)
                    | Q(engagement__isnull=True, project__isnull=False, agreement__isnull=True)
                    | Q(engagement__isnull=True, project__isnull=True, agreement__isnull=False)
                ),
                name="action_line_link_exactly_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.target} → {self.action_line}"

    @property
    def target(self) -> object:
        return self.engagement or self.project or self.agreement
