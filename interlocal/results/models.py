"""Results and indicators (M5), the externality ledger (M6) and the data behind territorial equity (M7).

An `Indicator` says how its values aggregate; an `Observation` is one value per
indicator, territory and period, with its provenance and an approval workflow
(only approved values count); a `Target` is a baseline or a target value; a
`Counterweight` pairs an attraction indicator with an indicator of its cost.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from interlocal.core.access import Access, Author
from interlocal.core.models import Job, Record
from interlocal.core.numbers import format_value
from interlocal.core.visibility import among


class IndicatorKind(models.TextChoices):
    OUTPUT = "output", _("Output")
    OUTCOME = "outcome", _("Outcome")
    IMPACT = "impact", _("Impact")
    CONTEXT = "context", _("Context")
    RANKING = "ranking", _("Position in a ranking (lower is better, never summed)")


class IndicatorRole(models.TextChoices):
    """What the indicator tells about internationalisation: a gain, a cost, or neither."""

    ATTRACTION = "attraction", _("Attraction (a gain of international action)")
    EXTERNALITY = "externality", _("Externality (a cost of international action)")
    QUALITY_OF_LIFE = "quality_of_life", _("Quality of life")
    OTHER = "other", _("Other")


class Polarity(models.TextChoices):
    HIGHER_IS_BETTER = "higher_better", _("Higher is better")
    LOWER_IS_BETTER = "lower_better", _("Lower is better")
    NEUTRAL = "neutral", _("Neither")


class Aggregation(models.TextChoices):
    """How values combine over periods and territories (see results.aggregation).

    Counts and flows are summed, averages and concentrations averaged with population weights, stocks take
    their latest value, rates divide two sums, and positions in a ranking are never combined.
    """

    SUM = "sum", _("Sum")
    MEAN = "mean", _("Mean (weighted by population over territories)")
    LATEST = "latest", _("Latest value (summed over territories)")
    RATIO = "ratio", _("Ratio of a numerator and a denominator indicator")
    NONE = "none", _("None (a position in a ranking: never summed or averaged)")


class Periodicity(models.TextChoices):
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")
    MONTH = "month", _("Month")


class TerritorialLevel(models.TextChoices):
    METROPOLIS = "metropolis", _("Metropolitan area")
    MUNICIPALITY = "municipality", _("Municipality")
    DISTRICT = "district", _("District")


class Indicator(Record):
    key = models.SlugField(_("key"), max_length=80, unique=True, help_text=_("Used in import files."))
    name = models.CharField(_("name"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=IndicatorKind.choices)
    role = models.CharField(_("role"), max_length=20, choices=IndicatorRole.choices, default=IndicatorRole.OTHER)
    unit = models.CharField(_("unit"), max_length=60)
    polarity = models.CharField(_("polarity"), max_length=15, choices=Polarity.choices)
    aggregation = models.CharField(_("aggregation"), max_length=10, choices=Aggregation.choices)
    numerator = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("numerator"),
        help_text=_("For a ratio: the indicator divided."),
    )
    denominator = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("denominator"),
        help_text=_("For a ratio: the indicator it is divided by."),
    )
    scale = models.PositiveIntegerField(
        _("scale"), default=1, help_text=_("A ratio is multiplied by this (100 for a percentage).")
    )
    periodicity = models.CharField(_("periodicity"), max_length=10, choices=Periodicity.choices)
    territorial_level = models.CharField(
        _("territorial level"), max_length=15, choices=TerritorialLevel.choices, default="municipality"
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    objectives = models.ManyToManyField(
        "strategy.Objective", blank=True, related_name="indicators", verbose_name=_("objectives")
    )
    contributes_to = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="contributors",
        verbose_name=_("contributes to"),
        help_text=_("The outcomes this output feeds (the results chain)."),
    )
    projects = models.ManyToManyField(
        "projects.Project",
        blank=True,
        related_name="indicators",
        verbose_name=_("projects"),
        help_text=_("The activities and projects whose results this indicator measures."),
    )

    history = HistoricalRecords(m2m_fields=[objectives, contributes_to, projects])

    class Meta:
        ordering = ["name"]
        verbose_name = _("indicator")
        constraints = [
            models.CheckConstraint(
                condition=~Q(aggregation="ratio") | Q(numerator__isnull=False, denominator__isnull=False),
                name="indicator_ratio_has_numerator_and_denominator",
            ),
            # A position in a ranking: a lower one is better, and positions are never added up or averaged.
            models.CheckConstraint(
                condition=~Q(kind="ranking") | Q(aggregation="none", polarity="lower_better"),
                name="indicator_ranking_never_summed",
                violation_error_message=_(
                    "A position in a ranking is never summed: its aggregation is “None” and lower is better."
                ),
            ),
        ]
        # the lists' usual order, the indicators' and (through the indicator) their targets'
        indexes = [models.Index(fields=["name", "id"], name="indicator_name_order")]

    def __str__(self) -> str:
        return self.name


class Counterweight(Record):
    """An attraction indicator paired with an indicator of its cost (M6)."""

    attraction = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="counterweights", verbose_name=_("attraction indicator")
    )
    cost = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="weighs_against", verbose_name=_("cost indicator")
    )
    rationale = models.TextField(_("rationale"), help_text=_("Why this cost goes with this gain."))

    history = HistoricalRecords()

    class Meta:
        ordering = ["attraction__name", "cost__name"]
        verbose_name = _("counterweight")
        constraints = [
            models.UniqueConstraint(fields=["attraction", "cost"], name="unique_counterweight"),
            models.CheckConstraint(condition=~Q(attraction=F("cost")), name="counterweight_not_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.attraction} ↔ {self.cost}"


class ObservationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class ObservationImport(Job):
    """One uploaded file of observations and its background import (core.jobs)."""

    owner = models.ForeignKey(
        "ecosystem.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("owning organisation")
    )
    filename = models.CharField(_("file"), max_length=255)
    content = models.BinaryField(editable=False)  # the upload, so any worker process can read it
    visibility = models.CharField(_("visibility of the values"), max_length=10, default="internal")
    created_count = models.PositiveIntegerField(_("values created"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)  # [{"row", "column", "message"}]

    class Meta(Job.Meta):
        verbose_name = _("observation import")

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("results:import-detail", args=[self.pk])


class Observation(Record):
    """One value of an indicator for a territory and a period."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="observations", verbose_name=_("indicator")
    )
    territory = models.ForeignKey(
        "territory.Territory", on_delete=models.PROTECT, related_name="observations", verbose_name=_("territory")
    )
    period_kind = models.CharField(_("period kind"), max_length=10, choices=Periodicity.choices)
    period_start = models.DateField(_("period start"), help_text=_("The first day of the year, quarter or month."))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    breakdown = models.CharField(
        _("breakdown"), max_length=100, blank=True, help_text=_("Empty for the total; e.g. “sex=female”.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ObservationStatus.choices, default=ObservationStatus.DRAFT
    )
    review_note = models.TextField(_("review note"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    import_run = models.ForeignKey(
        ObservationImport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("imported from"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
        editable=False,
    )

    # The history is read record by record (by id); indexes on its other foreign keys would only slow
    # down the imports that write hundreds of thousands of history rows at once.
    history = HistoricalRecords(
        no_db_index=["owner", "indicator", "territory", "entered_by", "import_run", "submitted_by"]
    )

    def prepare_restore(self, user: Author) -> None:
        """A restored value is a changed value: back to draft, to be submitted and approved again.

        As an edit does (services.observation_update), the restore names its author as the one who
        entered the value, so that four eyes keep them from approving the number they brought back.
        """
        self.status = ObservationStatus.DRAFT
        self.submitted_by = None
        self.review_note = ""
        if user is not None and user.is_authenticated:
            self.entered_by = user

    class Meta:
        ordering = ["indicator_id", "-period_start", "territory_id"]
        verbose_name = _("observation")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "territory", "period_kind", "period_start", "breakdown"],
                name="unique_observation",
            )
        ]
        indexes = [
            models.Index(fields=["indicator", "status", "period_start"], name="obs_indicator_status_period"),
            models.Index(fields=["territory", "indicator", "status"], name="obs_territory_indicator"),
            models.Index(fields=["-period_start", "id"], name="obs_newest_first"),  # the lists' default order
            models.Index(fields=["status", "-period_start", "id"], name="obs_status_newest"),  # and the public's
            models.Index(fields=["status", "updated_at", "id"], name="obs_status_updated"),  # the review queue
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.territory} · {self.period_label}: {self.value}"

    @classmethod
    def visible_q(cls, access: Access, *, prefix: str = "", include_archived: bool = False) -> Q:
        """A value is read where its indicator is; the public reads approved values only."""
        condition = super().visible_q(access, prefix=prefix, include_archived=include_archived)
        if access.coordinator:
            return condition
        visible_indicators = Indicator.objects.visible_to(access, include_archived=include_archived)
        condition &= among(f"{prefix}indicator_id", visible_indicators)
        if not access.can_read_internal:
            condition &= Q(**{f"{prefix}status": ObservationStatus.APPROVED})
        return condition

    def is_visible_to(self, access: Access) -> bool:
        if not super().is_visible_to(access):
            return False
        if access.coordinator:
            return True
        if not access.can_read_internal and self.status != ObservationStatus.APPROVED:
            return False
        return self.indicator.is_visible_to(access)

    @property
    def period_label(self) -> str:
        from .periods import period_label

        return period_label(self.period_kind, self.period_start)

    @property
    def value_display(self) -> str:
        """The value with its indicator's unit, as the reader's language writes it (lists and pages)."""
        return format_value(self.value, self.indicator.unit)


class TargetKind(models.TextChoices):
    BASELINE = "baseline", _("Baseline")
    TARGET = "target", _("Target")


class Target(Record):
    """A baseline or a target value of an indicator for a territory and a period."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    territory = models.ForeignKey("territory.Territory", on_delete=models.PROTECT, related_name="indicator_targets")
    kind = models.CharField(_("kind"), max_length=10, choices=TargetKind.choices)
    period_kind = models.CharField(_("period kind"), max_length=10, choices=Periodicity.choices, default="year")
    period_start = models.DateField(_("period start"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator_id", "period_start"]
        verbose_name = _("baseline or target")
        verbose_name_plural = _("baselines and targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "territory", "kind", "period_start"], name="unique_target")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.indicator} · {self.period_start.year}: {self.value}"

    @property
    def value_display(self) -> str:
        """The value with its indicator's unit, as the reader's language writes it (lists and pages)."""
        return format_value(self.value, self.indicator.unit)
