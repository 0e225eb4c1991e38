"""Where the public figures come from: which of them rest on illustrative data, and the sources to cite.

The portal and the annual report label every figure drawn from illustrative
records (generated example data, never a cited fact) and list their sources.
Pages whose rows are records read the flag from the row itself; the figures
that count or aggregate records ask here, one query per page whatever the
number of rows: a UNION of the illustrative records behind each section.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import CharField, Q, QuerySet, Value

from interlocal.benchmark.models import Profile
from interlocal.core.memo import memoised
from interlocal.core.permissions import Access
from interlocal.diplomacy.models import Agreement, Engagement, Membership
from interlocal.ecosystem.home import HOME_READS_FROM, home_key, home_organisations, own_records
from interlocal.ecosystem.models import ManagementUnit, UnitYear
from interlocal.projects.models import Funding, Project
from interlocal.results.aggregation import approved_observations, source_ids
from interlocal.results.models import Aggregation, Indicator, Target
from interlocal.territory.models import Territory

from .sections import _overlaps

# The sections of the annual report that count records (results go by indicator, below).
REPORT_SECTIONS = ("engagements", "projects", "roles", "agreements", "units", "cooperation", "distribution")


def _labelled(queryset: QuerySet[Any], label: str, column: str = "section") -> QuerySet[Any]:
    """The queryset as one constant column, to be UNIONed with the other sections (no order, no duplicates)."""
    labelled: QuerySet[Any] = (
        queryset.order_by().annotate(**{column: Value(label, output_field=CharField())}).values_list(column)
    )
    return labelled


def illustrative_indicators(
    access: Access,
    indicators: Iterable[Indicator],
    *,
    within: Territory | None,
    first: datetime.date,
    last: datetime.date,
) -> set[int]:
    """The indicators whose shown values, baseline or target include illustrative records (one query).

    A ratio is illustrative when its numerator or its denominator is.
    """
    indicators = list(indicators)
    if not indicators:
        return set()
    needed = source_ids(indicators)
    values = approved_observations(access).filter(
        illustrative=True, indicator_id__in=needed, period_start__gte=first, period_start__lte=last
    )
    targets = Target.objects.visible_to(access).filter(illustrative=True, indicator_id__in=needed)
    if within is not None:
        values = values.filter(Q(territory=within) | Q(territory__parent=within) | Q(territory__parent__parent=within))
        targets = targets.filter(territory=within)
    found = set(
        values.order_by()
        .values_list("indicator_id", flat=True)
        .union(targets.order_by().values_list("indicator_id", flat=True))
    )
    return {
        i.pk
        for i in indicators
        if i.pk in found or (i.aggregation == Aggregation.RATIO and bool({i.numerator_id, i.denominator_id} & found))
    }


def report_illustrative(access: Access, year: int) -> set[str]:
    """The sections of the annual report of `year` that count illustrative records (one query)."""
    engagements = own_records(Engagement.objects.visible_to(access)).filter(illustrative=True, start_on__year=year)
    projects = own_records(Project.objects.visible_to(access)).filter(_overlaps(year, "start_on", "end_on"))
    parts = [
        _labelled(engagements, "engagements"),
        _labelled(projects.filter(illustrative=True), "projects"),
        _labelled(Funding.objects.visible_to(access).filter(illustrative=True, project__in=projects), "projects"),
        _labelled(
            own_records(Membership.objects.visible_to(access))
            .filter(illustrative=True)
            .filter(_overlaps(year, "start_on", "end_on")),
            "roles",
        ),
        _labelled(
            own_records(Agreement.objects.visible_to(access))
            .filter(illustrative=True)
            .filter(Q(signed_on__year=year) | _overlaps(year, "signed_on", "ends_on")),
            "agreements",
        ),
        _labelled(
            own_records(UnitYear.objects.visible_to(access)).filter(
                illustrative=True, year=year, unit__in=ManagementUnit.objects.visible_to(access)
            ),
            "units",
        ),
        _labelled(
            Profile.objects.visible_to(access).filter(illustrative=True, territory__key=home_key()),
            "cooperation",
        ),
    ]
    first, *others = parts
    found = {label for (label,) in first.union(*others)}
    if found & {"engagements", "projects"}:
        found.add("distribution")  # it counts the same engagements and projects, by municipality
    return found


def report_sources(access: Access, year: int, indicators: Iterable[Indicator]) -> list[str]:
    """The citations of the records the annual report counts and the sources of its indicators (one query)."""
    projects = own_records(Project.objects.visible_to(access)).filter(_overlaps(year, "start_on", "end_on"))
    cited: list[QuerySet[Any]] = [
        own_records(Engagement.objects.visible_to(access)).filter(start_on__year=year),
        projects,
        Funding.objects.visible_to(access).filter(project__in=projects),
        own_records(Membership.objects.visible_to(access)).filter(_overlaps(year, "start_on", "end_on")),
        own_records(Agreement.objects.visible_to(access)).filter(_overlaps(year, "signed_on", "ends_on")),
        own_records(UnitYear.objects.visible_to(access)).filter(year=year),
        Profile.objects.visible_to(access).filter(territory__key=home_key()),
    ]
    first, *others = [q.exclude(citation="").order_by().values_list("citation") for q in cited]
    found = {citation for (citation,) in first.union(*others)}
    for indicator in indicators:
        found.update(text for text in (indicator.source, indicator.citation) if text)
    return sorted(found)


def distribution_illustrative(access: Access) -> bool:
    """Whether the engagements and projects counted by municipality include illustrative ones (one query, which
    reads every row where none is: remembered like the distribution, core.memo)."""
    return memoised(
        "distribution_illustrative",
        access,
        (Engagement, Project, *HOME_READS_FROM),
        lambda: _distribution_illustrative(access),
    )


def _distribution_illustrative(access: Access) -> bool:
    local = home_organisations().filter(territory__kind="municipality").values("pk")
    engagements = Engagement.objects.visible_to(access).filter(illustrative=True, participants__in=local)
    projects = Project.objects.visible_to(access).filter(illustrative=True, lead__in=local)
    return _any(_labelled(engagements, "engagements"), _labelled(projects, "projects"))


def map_illustrative(access: Access) -> bool:
    """Whether the map's points and countries come partly from illustrative records (one query, which reads every
    own row where none is: remembered like the map, core.memo)."""
    return memoised(
        "map_illustrative",
        access,
        (Agreement, Engagement, Membership, *HOME_READS_FROM),
        lambda: _map_illustrative(access),
    )


def _map_illustrative(access: Access) -> bool:
    agreements = own_records(Agreement.objects.visible_to(access)).filter(
        illustrative=True, partner_place__isnull=False
    )
    engagements = own_records(Engagement.objects.visible_to(access)).filter(illustrative=True, place__isnull=False)
    memberships = own_records(Membership.objects.visible_to(access)).filter(illustrative=True)
    return _any(
        _labelled(agreements, "agreements"), _labelled(engagements, "engagements"), _labelled(memberships, "roles")
    )


def _any(first: QuerySet[Any], *others: QuerySet[Any]) -> bool:
    """Whether any of the querysets has a row, in one query that stops at the first row found (UNION ALL with
    LIMIT 1: neither database reads the rest of a large table)."""
    return bool(first.union(*others, all=True)[:1])
