"""Profiles of metropolises on the CIDOB study's comparative framework (M13).

A profile holds what the registry cannot know (governance scenario, planning
kind, stakeholder logics, measurement, transparency…). What the registry
does know (units, staff and budget, networks and roles, agreements) is derived
from it in `selectors.py`, never typed twice; the `declared_*` fields only
serve a metropolis whose registry is empty (a self-assessment).

Null means "information not available"; False means the source states the absence.
"""

from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from interlocal.core.models import Job, Record


class ProfileKind(models.TextChoices):
    CASE_STUDY = "case_study", _("Case study of the report")
    PANEL = "panel", _("Panel city of the report")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")


class GovernanceScenario(models.IntegerChoices):
    METROPOLITAN = 1, _("1 · The metropolitan government manages international action")
    MAIN_CITY = 2, _("2 · The main city manages international action")
    SIDE_BY_SIDE = 3, _("3 · The metropolitan government and the municipalities act side by side")


class PlanningKind(models.IntegerChoices):
    SPECIFIC_PLAN = 1, _("1 · A specific plan for international action")
    STRATEGIC_PLAN = 2, _("2 · International action inside a strategic or development plan")
    SECTORAL_PLANS = 3, _("3 · Sectoral plans only")
    NO_PLANNING = 4, _("4 · No prior planning")


class MeasuredVariable(models.TextChoices):
    INVESTMENTS = "investments", _("Investments attracted")
    HEADQUARTERS = "headquarters", _("Headquarters established")
    PROJECTS_FINANCING = "projects_financing", _("Projects and financing acquired")
    TALENT = "talent", _("International talent attracted")
    JOBS = "jobs", _("Jobs generated")
    FAIR_VISITORS = "fair_visitors", _("Visitors to fairs and congresses")
    TOURISTS = "tourists", _("Number of tourists")
    RANKINGS = "rankings", _("Positions in international rankings")


def _flag(verbose_name: Any) -> "models.BooleanField[bool | None, bool | None]":
    return models.BooleanField(verbose_name, null=True, blank=True, help_text=_("Leave empty if not known."))


class Profile(Record):
    key = models.SlugField(_("key"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ProfileKind.choices, default=ProfileKind.SELF_ASSESSMENT)
    territory = models.ForeignKey(
        "territory.Territory", on_delete=models.PROTECT, related_name="profiles", verbose_name=_("metropolis")
    )
    country = models.CharField(_("country"), max_length=2)

    governance_scenario = models.PositiveSmallIntegerField(
        _("governance scenario"), choices=GovernanceScenario.choices, null=True, blank=True
    )
    governance_note = models.TextField(_("governance note"), blank=True)
    planning_kind = models.PositiveSmallIntegerField(
        _("planning kind"), choices=PlanningKind.choices, null=True, blank=True
    )
    planning_note = models.TextField(_("planning note"), blank=True)
    plans = models.JSONField(_("plans"), default=list, blank=True, help_text=_("The plans by name."))
    plan_has_sectoral_strategies = _flag(_("the plan carries sectoral strategies"))
    transversal_space = _flag(_("a transversal space for the whole external action"))
    transversal_space_note = models.TextField(_("transversal space note"), blank=True)

    coordination_between_governments = _flag(_("coordination between spheres of government"))
    coordination_mechanisms = models.TextField(_("coordination mechanisms"), blank=True)
    citizen_participation = _flag(_("citizen participation"))
    participation_mechanisms = models.TextField(_("participation mechanisms"), blank=True)
    public_private_collaboration = _flag(_("public-private collaboration"))
    public_private_mechanisms = models.TextField(_("public-private mechanisms"), blank=True)

    bilateral_management = models.TextField(_("how bilateral relations are managed"), blank=True)
    hosted_organisations = models.JSONField(_("international organisations hosted"), default=list, blank=True)
    reputation_brand = models.TextField(_("reputation and brand"), blank=True)
    investment_instruments = models.TextField(_("investment instruments"), blank=True)
    talent_instruments = models.TextField(_("talent instruments"), blank=True)
    science_diplomacy = models.TextField(_("science diplomacy"), blank=True)

    measured_variables = models.JSONField(_("variables measured"), default=list, blank=True)
    measures_classic_variables = _flag(_("measures the classic output variables"))
    tracks_rankings = _flag(_("tracks international rankings"))
    measures_externalities = _flag(_("measures negative externalities"))
    measures_outcomes = _flag(_("measures outcomes for citizens' quality of life"))

    web_page = models.CharField(_("web page of its international action"), max_length=300, blank=True)
    has_web_page = _flag(_("has a public web page of its international action"))
    annual_review = _flag(_("publishes an annual review"))

    cooperation_budget_eur = models.DecimalField(
        _("cooperation budget (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    total_budget_eur = models.DecimalField(
        _("total budget (EUR)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    cooperation_share_percent = models.DecimalField(
        _("cooperation share of the budget (%)"), max_digits=6, decimal_places=3, null=True, blank=True,
        help_text=_("Only if stated; otherwise computed from the two budgets."),
    )  # fmt: skip
    cooperation_note = models.TextField(_("cooperation note"), blank=True)
    continuity_mechanism = _flag(_("relations and strategy survive political change"))
    continuity_note = models.TextField(_("continuity note"), blank=True)

    declared_staff = models.PositiveIntegerField(
        _("declared staff"), null=True, blank=True, help_text=_("Only used when the registry holds no unit.")
    )
    declared_budget_eur = models.DecimalField(
        _("declared budget (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True,
        help_text=_("Only used when the registry holds no unit budget."),
    )  # fmt: skip
    declared_networks = models.PositiveIntegerField(
        _("declared network memberships"), null=True, blank=True, help_text=_("Only used when the registry holds none.")
    )
    declared_agreements = models.PositiveIntegerField(
        _("declared bilateral agreements"),
        null=True,
        blank=True,
        help_text=_("Only used when the registry holds none."),
    )
    citations = models.JSONField(_("citations"), default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("metropolis profile")

    def __str__(self) -> str:
        return self.name

    @property
    def cooperation_share(self) -> float | None:
        """The cooperation budget's share of the total budget, in percent: stated, or computed."""
        if self.cooperation_share_percent is not None:
            return float(self.cooperation_share_percent)
        if self.cooperation_budget_eur is not None and self.total_budget_eur:
            return float(self.cooperation_budget_eur / self.total_budget_eur * 100)
        return None


class ProfileImport(Job):
    """One uploaded file of self-assessments and its background import (core.jobs)."""

    filename = models.CharField(_("file"), max_length=255)
    content = models.BinaryField(editable=False)  # the upload, so any worker process can read it
    errors = models.JSONField(_("errors"), default=list, blank=True)  # one readable sentence per problem
    created_keys = models.JSONField(_("profiles created"), default=list, blank=True)

    class Meta(Job.Meta):
        verbose_name = _("self-assessment import")

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("benchmark:import-detail", args=[self.pk])
