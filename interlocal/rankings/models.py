"""Rankings follow-up (M15): city rankings, their editions, and the positions of the home metropolis and its peers.

Vienna and Medellín follow their positions in international rankings and use them in their communication
(Study §2, Mechanisms for follow-up). A `Ranking` says who publishes it, how, and what a better position
means; an `Edition` is one publication of it (its year when the source gives one); a `Position` is one
territory's place in an edition.

A position is an indicator value of its own kind: lower is better, and it is never added up or averaged.
Each ranking keeps one `results.Indicator` (kind "ranking", aggregation "none", polarity "lower is better")
and each position of an edition with a year one approved `results.Observation` of it, for its territory and
year: so the positions show in the results dashboards and on the portal like any indicator. The rankings
services keep them in step (`services.ranking_results_sync`); they are not edited in the results app.

An edition and a position are read where their ranking (and edition) is: a public position of a draft
ranking stays hidden.
"""

from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from interlocal.core.access import Access
from interlocal.core.models import Record
from interlocal.core.visibility import RecordQuerySet


class Ranking(Record):
    key = models.SlugField(_("key"), max_length=70, unique=True, help_text=_("Used in import files."))
    name = models.CharField(_("name"), max_length=250)
    publisher = models.ForeignKey(
        "ecosystem.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="published_rankings",
        verbose_name=_("publisher"),
        help_text=_("The organisation that publishes the ranking, if it is in the registry."),
    )
    publisher_name = models.CharField(
        _("publisher (as named)"),
        max_length=200,
        blank=True,
        help_text=_("The publisher's name when it is not in the registry; leave empty if the source does not say."),
    )
    methodology_url = models.URLField(_("methodology"), max_length=500, blank=True)
    better_means = models.TextField(
        _("what a better position means"),
        blank=True,
        help_text=_("What the ranking measures: a city placed higher than another does what better?"),
    )
    places_ranked = models.PositiveIntegerField(
        _("places ranked"), null=True, blank=True, help_text=_("How many cities the ranking places, if known.")
    )
    description = models.TextField(_("description"), blank=True)
    # The ranking's indicator in the results app, created and kept in step by services.ranking_results_sync.
    indicator = models.OneToOneField(
        "results.Indicator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="ranking",
        verbose_name=_("indicator"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("ranking")

    def __str__(self) -> str:
        return self.name

    @property
    def publisher_label(self) -> str:
        """The publisher's name: the registry's organisation when the reader may see it, else the name as written."""
        named = self.publisher.name if self.publisher is not None else None  # a hidden publisher's name reads None
        return str(named or self.publisher_name)


class EditionManager(models.Manager.from_queryset(RecordQuerySet)):  # type: ignore[misc]  # a generated base
    """Editions with their ranking: an edition is named by its ranking (in choices and lists), in the same query."""

    def get_queryset(self) -> "RecordQuerySet[Any]":
        return super().get_queryset().select_related("ranking")  # type: ignore[no-any-return]


class Edition(Record):
    ranking = models.ForeignKey(Ranking, on_delete=models.PROTECT, related_name="editions", verbose_name=_("ranking"))
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900)],
        help_text=_("Leave empty when the source does not give it: the edition then stays out of the charts."),
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    label = models.CharField(
        _("label"),
        max_length=200,
        blank=True,
        help_text=_("How the source names this edition, e.g. “latest edition (year not given in the study)”."),
    )
    places_ranked = models.PositiveIntegerField(_("places ranked"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True, help_text=_("Where the results were read."))
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("Other places the source gives, e.g. cities not in the registry.")
    )

    objects = EditionManager()  # type: ignore[misc]  # the same queryset, with the ranking joined
    history = HistoricalRecords()

    class Meta:
        ordering = ["ranking__name", models.F("year").desc(nulls_last=True), "-pk"]
        verbose_name = _("ranking edition")
        constraints = [models.UniqueConstraint(fields=["ranking", "year"], name="unique_ranking_edition_year")]

    def __str__(self) -> str:
        when = str(self.year) if self.year else (self.label or _("year not given"))
        return f"{self.ranking.name} · {when}"

    @classmethod
    def visible_q(cls, access: Access, *, prefix: str = "", include_archived: bool = False) -> Q:
        """An edition is read where its ranking is."""
        condition = super().visible_q(access, prefix=prefix, include_archived=include_archived)
        return condition & Ranking.visible_q(access, prefix=f"{prefix}ranking__", include_archived=include_archived)

    def is_visible_to(self, access: Access) -> bool:
        return super().is_visible_to(access) and self.ranking.is_visible_to(access)


class Position(Record):
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="positions", verbose_name=_("edition"))
    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="ranking_positions",
        verbose_name=_("territory"),
        help_text=_("The city or metropolis placed: the home metropolis (or a municipality of it) or a peer."),
    )
    position = models.PositiveIntegerField(_("position"), validators=[MinValueValidator(1)])
    source = models.CharField(_("source"), max_length=300, blank=True, help_text=_("Where this position is read."))

    history = HistoricalRecords()

    class Meta:
        ordering = ["edition_id", "position", "pk"]
        verbose_name = _("ranking position")
        constraints = [
            models.UniqueConstraint(fields=["edition", "territory"], name="unique_ranking_position"),
            models.CheckConstraint(condition=Q(position__gte=1), name="ranking_position_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.territory} · {self.position} · {self.edition}"

    @classmethod
    def visible_q(cls, access: Access, *, prefix: str = "", include_archived: bool = False) -> Q:
        """A position is read where its edition (and so its ranking) is."""
        condition = super().visible_q(access, prefix=prefix, include_archived=include_archived)
        return condition & Edition.visible_q(access, prefix=f"{prefix}edition__", include_archived=include_archived)

    def is_visible_to(self, access: Access) -> bool:
        return super().is_visible_to(access) and self.edition.is_visible_to(access)
