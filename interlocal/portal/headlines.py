"""The key figures of a year: the band on the portal's home and on the annual review's cover.

Each figure comes from an indicator (approved values of the home metropolis,
summed by the indicator's own rule) or from the registry (own records counted
in the database), filtered by who is reading. A figure without data for the
year is left out, never shown as zero. Whatever the data, the band costs a
fixed number of queries (see `headline_figures`), and it is computed once for
each class of reader until its data changes (core.memo).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from interlocal.benchmark.models import Profile
from interlocal.core.memo import memoised
from interlocal.core.numbers import format_value, is_count
from interlocal.core.permissions import Access
from interlocal.diplomacy.models import Agreement, Engagement, EngagementKind
from interlocal.ecosystem.home import HOME_READS_FROM, home_territories, own_records
from interlocal.results.aggregation import approved_observations, indicator_table
from interlocal.results.models import Indicator, Observation
from interlocal.results.periods import periods_between

from .figures import share_text
from .sections import COMMITMENT_PERCENT, _overlaps, cooperation_share, indicator_url, metropolis_profile

# The indicators of the band, in order, by key, with the short label the band gives them.
HEADLINE_INDICATORS: tuple[tuple[str, Any], ...] = (
    ("foreign-investment", gettext_lazy("Investment attracted")),
    ("jobs-generated", gettext_lazy("Jobs created")),
    ("new-headquarters", gettext_lazy("International headquarters")),
    ("international-talent", gettext_lazy("International students and researchers")),
)


@dataclass(frozen=True)
class Headline:
    """One key figure: what it is, its value as written for the reader, its year and where it comes from.

    `year` is None for a figure the metropolis states without a year (its cooperation budget's share).
    """

    key: str
    label: str
    value: Decimal | int
    formatted: str
    year: int | None
    source: str
    url: str
    illustrative: bool = False
    note: str = ""


# Every kind the band reads, for core.memo.
READ_FROM = (Indicator, Observation, Engagement, Agreement, *HOME_READS_FROM, Profile)


def headline_figures(access: Access, year: int) -> list[Headline]:
    """The key figures of `year` that `access` may see: one query when remembered, else a fixed number more
    (12 for an anonymous reader, the version of the data among them). The registry's counts read every agreement
    and engagement of the metropolis, so the band is remembered for each class of reader (core.memo)."""
    return memoised("headline_figures", access, READ_FROM, lambda: _headline_figures(access, year), year)


def _headline_figures(access: Access, year: int) -> list[Headline]:
    return [
        *_indicator_headlines(access, year),
        *_registry_headlines(access, year),
        *_cooperation_headlines(access),
    ]


def headline_year(access: Access) -> int | None:
    """The latest year with an approved value of a band's indicator in the home metropolis (one query).

    The portal's home shows the band of that year: the registry's counts run up to today, the indicators'
    values arrive a year or more later. The latest date is a maximum, not the first row newest first: read in
    that order (`obs_status_newest`), the approved values of ten million were read one by one for a band whose
    indicators had none (9 s).
    """
    latest = (
        approved_observations(access)
        .filter(
            indicator__in=Indicator.objects.visible_to(access).filter(
                key__in=[key for key, _label in HEADLINE_INDICATORS]
            ),
            territory__in=home_territories(),
        )
        .aggregate(latest=Max("period_start"))["latest"]
    )
    return latest.year if latest is not None else None


def _indicator_headlines(access: Access, year: int) -> list[Headline]:
    """The band's indicators over the home metropolis in `year`."""
    keys = [key for key, _label in HEADLINE_INDICATORS]
    found = {i.key: i for i in Indicator.objects.visible_to(access).without_many_sets().filter(key__in=keys)}
    if not found:
        return []
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    territory_ids = home_territories().values_list("pk", flat=True)
    table = indicator_table(
        access=access, indicators=found.values(), territory_ids=territory_ids, first=first, last=last
    )
    headlines = []
    for key, label in HEADLINE_INDICATORS:
        indicator = found.get(key)
        if indicator is None:
            continue
        value = table.over_time(indicator, periods_between(indicator.periodicity, first, last)).value
        if value is None:
            continue
        headlines.append(
            Headline(
                key=key,
                label=str(label),
                value=value,
                formatted=format_value(value, indicator.unit, whole=is_count(indicator.unit)),
                year=year,
                source=indicator.source or indicator.name,
                url=indicator_url(indicator),
                illustrative=table.illustrative(indicator),
            )
        )
    return headlines


def _registry_headlines(access: Access, year: int) -> list[Headline]:
    """Delegations received in `year` and agreements in force in it, each counted in one query."""
    delegations = (
        own_records(Engagement.objects.visible_to(access))
        .filter(kind=EngagementKind.INCOMING_DELEGATION, start_on__year=year)
        .aggregate(n=Count("pk"), illustrative=Count("pk", filter=Q(illustrative=True)))
    )
    agreements = (
        own_records(Agreement.objects.visible_to(access))
        .filter(_overlaps(year, "signed_on", "ends_on"))
        .aggregate(n=Count("pk"), illustrative=Count("pk", filter=Q(illustrative=True)))
    )
    rows = [
        ("delegations", _("Delegations received"), delegations, _("Registry of engagements"), "portal:map"),
        ("agreements", _("Agreements in force"), agreements, _("Registry of agreements"), "portal:map"),
    ]
    return [
        Headline(
            key=key,
            label=label,
            value=counts["n"],
            formatted=format_value(counts["n"], "", whole=True),
            year=year,
            source=source,
            url=reverse(page),
            illustrative=bool(counts["illustrative"]),
        )
        for key, label, counts, source, page in rows
        if counts["n"]  # nothing recorded is no figure: the registry cannot tell "none" from "not entered"
    ]


def _cooperation_headlines(access: Access) -> list[Headline]:
    """The cooperation budget and its share of the metropolis's own budget against the 0.7% commitment (one query)."""
    profile = metropolis_profile(access)
    cooperation = cooperation_share(profile)
    if profile is None:
        return []
    source, url = profile.citation or profile.name, reverse("portal:strategy")
    headlines = []
    if profile.cooperation_budget_eur:
        headlines.append(
            Headline(
                key="cooperation",
                label=_("Cooperation budget"),
                value=profile.cooperation_budget_eur,
                formatted=format_value(profile.cooperation_budget_eur, "EUR"),
                year=None,
                source=source,
                url=url,
                illustrative=profile.illustrative,
            )
        )
    if cooperation is not None:
        headlines.append(
            Headline(
                key="cooperation-share",
                label=_("Share of own resources for cooperation"),
                value=cooperation["share"],
                formatted=share_text(cooperation["share"]),
                year=None,
                source=source,
                url=url,
                illustrative=profile.illustrative,
                note=(
                    _("meets the %(commitment)s commitment")
                    if cooperation["meets"]
                    else _("below the %(commitment)s commitment")
                )
                % {"commitment": share_text(COMMITMENT_PERCENT)},
            )
        )
    return headlines
