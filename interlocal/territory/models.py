"""Territories: the metropolis, its municipalities and districts, other metropolises."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from interlocal.core.models import Record


class TerritoryKind(models.TextChoices):
    METROPOLIS = "metropolis", _("Metropolitan area")
    MUNICIPALITY = "municipality", _("Municipality")
    DISTRICT = "district", _("District")
    REGION = "region", _("Region")
    COUNTRY = "country", _("Country")


class Territory(Record):
    key = models.SlugField(_("key"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=TerritoryKind.choices)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2 code."))
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    official_code = models.CharField(
        _("official code"), max_length=20, blank=True, help_text=_("For Spain, the INE code.")
    )
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=10, decimal_places=3, null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        return self.name


class PopulationFigure(Record):
    """The population of a territory in one year, with its source."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="populations")
    year = models.PositiveSmallIntegerField(_("year"))
    population = models.PositiveIntegerField(_("population"))
    source = models.CharField(_("source"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("population figure")
        constraints = [models.UniqueConstraint(fields=["territory", "year"], name="unique_population_year")]

    def __str__(self) -> str:
        return f"{self.territory} {self.year}: {self.population}"
