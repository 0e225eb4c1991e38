"""Gaps and synergies, from what each organisation prioritises and where and on what it is active."""

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from django.db.models import Q
from django.utils.translation import gettext as _

from interlocal.core.permissions import Access
from interlocal.diplomacy.models import Agreement, Engagement
from interlocal.ecosystem.models import Organisation
from interlocal.projects.models import Project

from ..regions import countries_by_region
from .base import Finding, Settings, _in_scope, months_before


@dataclass
class Agenda:
    """What each organisation in scope prioritises and where and on what it is active."""

    organisations: list[Organisation]
    active_regions: dict[int, set[str]]
    active_themes: dict[int, set[int]]
    agreement_places: dict[int, set[int]]
    project_places: dict[int, set[int]]


def agenda(access: Access, settings: Settings) -> Agenda:
    """Six queries: organisations with priorities, their themes and regions, their activity."""
    since = months_before(settings.on, settings.activity_months)
    organisations = list(
        Organisation.objects.visible_to(access)
        .filter(_in_scope(settings))
        .filter(Q(themes__isnull=False) | Q(priority_regions__isnull=False))
        .distinct()
        .prefetch_related("themes", "priority_regions")
        .order_by("name", "pk")
    )
    region_of_country: dict[str, set[str]] = defaultdict(set)
    for slug, codes in countries_by_region().items():
        for code in codes:
            region_of_country[code].add(slug)
    active_regions: dict[int, set[str]] = defaultdict(set)
    for organisation_id, country in (
        Engagement.objects.visible_to(access)
        .filter(start_on__gte=since, place__isnull=False)
        .values_list("participants", "place__country")
        .distinct()
    ):
        active_regions[organisation_id] |= region_of_country.get(country, set())
    active_themes: dict[int, set[int]] = defaultdict(set)
    agreement_places: dict[int, set[int]] = defaultdict(set)
    for organisation_id, country, theme_id, place_id in (
        Agreement.objects.visible_to(access)
        .exclude(status="ended")
        .values_list("organisation", "partner_place__country", "themes", "partner_place")
        .distinct()
    ):
        active_regions[organisation_id] |= region_of_country.get(country, set())
        agreement_places[organisation_id].add(place_id)
        if theme_id is not None:
            active_themes[organisation_id].add(theme_id)
    project_places: dict[int, set[int]] = defaultdict(set)
    for organisation_id, place_id in (
        Project.objects.visible_to(access)
        .filter(places__isnull=False)
        .exclude(status="completed")
        .values_list("lead", "places")
        .distinct()
    ):
        project_places[organisation_id].add(place_id)
    return Agenda(organisations, active_regions, active_themes, agreement_places, project_places)


def gaps(access: Access, settings: Settings, plan: Agenda) -> list[Finding]:
    findings = []
    for organisation in plan.organisations:
        for region in organisation.priority_regions.all():
            if region.slug not in plan.active_regions.get(organisation.pk, set()):
                findings.append(
                    Finding(
                        rule="gap",
                        title=_("%(organisation)s prioritises %(region)s but has no activity there")
                        % {"organisation": organisation, "region": region},
                        explanation=_(
                            "No engagement in the last %(months)s months and no current agreement of %(organisation)s with a place in %(region)s."
                        )
                        % {"months": settings.activity_months, "organisation": organisation, "region": region},
                        records=[organisation],
                        organisations=[organisation],
                        suggestion=_("Plan activity in the region, or revise the priorities of the agenda."),
                        key=f"region:{region.slug}",
                    )
                )
        for theme in organisation.themes.all():
            if theme.pk not in plan.active_themes.get(organisation.pk, set()):
                findings.append(
                    Finding(
                        rule="gap",
                        title=_("%(organisation)s prioritises %(theme)s but has no agreement on it")
                        % {"organisation": organisation, "theme": theme},
                        explanation=_("None of the current agreements of %(organisation)s covers the theme %(theme)s.")
                        % {"organisation": organisation, "theme": theme},
                        records=[organisation],
                        organisations=[organisation],
                        suggestion=_("Look for partners on the theme, or revise the priorities of the agenda."),
                        key=f"theme:{theme.slug}",
                    )
                )
    return findings


def synergies(access: Access, settings: Settings, plan: Agenda, *, limit: int = 100) -> list[Finding]:
    findings: list[Finding] = []
    for a, b in combinations(plan.organisations, 2):
        reasons = []
        themes = {t.name for t in a.themes.all()} & {t.name for t in b.themes.all()}
        if themes:
            reasons.append(_("both prioritise the themes %(themes)s") % {"themes": ", ".join(sorted(themes))})
        regions = {str(r) for r in a.priority_regions.all()} & {str(r) for r in b.priority_regions.all()}
        if regions:
            reasons.append(_("both prioritise %(regions)s") % {"regions": ", ".join(sorted(regions))})
        if reasons:
            findings.append(_synergy(a, b, reasons, "agenda"))
    # One's project where another has an agreement (organisations without stated priorities count too).
    places = _place_names(plan)
    actors = _actors(access, settings, plan)
    for lead_id, project_places in plan.project_places.items():
        for partner_id, agreement_places in plan.agreement_places.items():
            shared = project_places & agreement_places
            if lead_id == partner_id or not shared or lead_id not in actors or partner_id not in actors:
                continue
            a, b = actors[lead_id], actors[partner_id]
            reason = _("%(a)s runs a project in %(places)s, where %(b)s has an agreement") % {
                "a": a,
                "b": b,
                "places": ", ".join(sorted(places.get(p, str(p)) for p in shared)),
            }
            findings.append(_synergy(a, b, [reason], "project"))
    return findings[:limit]


def _actors(access: Access, settings: Settings, plan: Agenda) -> dict[int, Organisation]:
    """The organisations in scope that lead a project or hold an agreement somewhere (one query)."""
    ids = set(plan.project_places) | set(plan.agreement_places)
    return {
        o.pk: o for o in Organisation.objects.visible_to(access).filter(_in_scope(settings)).filter(pk__in=sorted(ids))
    }


def _place_names(plan: Agenda) -> dict[int, str]:
    from interlocal.diplomacy.models import PartnerPlace

    ids: set[int] = set().union(*plan.project_places.values()) & set().union(*plan.agreement_places.values())
    return dict(PartnerPlace.objects.filter(pk__in=sorted(ids)).values_list("pk", "name"))


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def _synergy(a: Organisation, b: Organisation, reasons: list[str], key: str) -> Finding:
    return Finding(
        rule="synergy",
        title=_("%(a)s and %(b)s have complementary interests") % {"a": a, "b": b},
        explanation=_sentence("; ".join(reasons)),
        records=[a, b],
        organisations=[a, b],
        suggestion=_("Introduce their teams and look for a shared project or mission."),
        key=key,
    )
