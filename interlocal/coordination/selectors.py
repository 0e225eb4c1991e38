"""Reads of the one view of all external action: filters, timeline, calendar, map, actions.

The action is the home metropolis's own (`ecosystem.home.own_records`): engagements with
one of its organisations, its agreements; a peer's twinnings stay in the benchmark.
Every function runs a fixed number of queries whatever the number of records.
"""

import calendar
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django import forms
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from interlocal.core.forms import check_period
from interlocal.core.memo import memoised
from interlocal.core.models import Theme
from interlocal.core.permissions import Access
from interlocal.core.reference import country_name, country_numeric
from interlocal.core.widgets import offer_records
from interlocal.diplomacy.models import Agreement, Engagement, EngagementKind, PartnerPlace
from interlocal.ecosystem.home import HOME_READS_FROM, own_records
from interlocal.ecosystem.models import Organisation, WorldRegion

from .models import OPEN_STATUSES, FollowUpAction
from .regions import countries_in

T = TypeVar("T")

DATE = forms.DateInput(attrs={"type": "date"})


class ActivityFilterForm(forms.Form):
    """The filters of the timeline, calendar and map: organisation, kind, theme, world region, period."""

    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none(), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "---------"), *EngagementKind.choices], required=False)
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.all(), required=False, to_field_name="slug")
    region = forms.ModelChoiceField(
        label=_("World region"), queryset=WorldRegion.objects.all(), required=False, to_field_name="slug"
    )
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("Until"), required=False, widget=DATE)

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Organisations that act abroad: networks and coordination bodies are not actors of an engagement.
        choices = Organisation.objects.visible_to(access).exclude(kind__in=["city_network", "coordination_body"])
        field = self.fields["organisation"]
        field.queryset = choices.only("pk", "name", "acronym")  # type: ignore[attr-defined]
        # A select of a hundred thousand organisations helps no one: type and pick a suggestion. Which it is, and
        # the options, are remembered (`offer_records`); chosen before validating, as a text box sends "123 · Name".
        if offer_records({"organisation": field}, access, "coordination:activity-filters"):
            field.help_text = _("Type a few letters and pick a suggestion, or give the record's number.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_period(self, "start", "end")
        return data


@dataclass
class ActivityFilter:
    organisation: Organisation | None = None
    kind: str = ""
    theme: Theme | None = None
    region: WorldRegion | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    errors: dict[str, Any] = field(default_factory=dict)

    @property
    def querystring(self) -> str:
        from urllib.parse import urlencode

        params = {
            "organisation": self.organisation.pk if self.organisation else "",
            "kind": self.kind,
            "theme": self.theme.slug if self.theme else "",
            "region": self.region.slug if self.region else "",
            "start": self.start.isoformat() if self.start else "",
            "end": self.end.isoformat() if self.end else "",
        }
        return urlencode({k: v for k, v in params.items() if v})


def activity_filter(form: ActivityFilterForm) -> ActivityFilter:
    if not form.is_bound:
        return ActivityFilter()
    if not form.is_valid():
        return ActivityFilter(errors=dict(form.errors))
    data = form.cleaned_data
    return ActivityFilter(
        organisation=data.get("organisation"),
        kind=data.get("kind") or "",
        theme=data.get("theme"),
        region=data.get("region"),
        start=data.get("start"),
        end=data.get("end"),
    )


# Every kind the activity's chart, list, calendar and map are read from: a change to any of them computes them again
# (core.memo). They read the engagements of the whole metropolis, so each is remembered for each class of reader and
# filter.
ACTIVITY_READS_FROM = (Engagement, Agreement, PartnerPlace, *HOME_READS_FROM)


def _remembered(name: str, access: Access, flt: ActivityFilter, compute: Callable[[], T], *arguments: Any) -> T:
    return memoised(name, access, ACTIVITY_READS_FROM, compute, flt.querystring, bool(flt.errors), *arguments)


def timeline_remembered(access: Access, flt: ActivityFilter, draw: Callable[[], T]) -> T:
    """What `draw` makes of the timeline's rows for this reader and these filters, remembered as the rows would be."""
    return _remembered("timeline", access, flt, draw)


def engagements(access: Access, flt: ActivityFilter) -> "QuerySet[Engagement]":
    """The home metropolis's visible engagements matching the filters (a theme matches through the
    agreement served or through a participant's themes; a world region through the place's country)."""
    queryset = own_records(Engagement.objects.visible_to(access))
    if flt.errors:
        return queryset.none()
    if flt.organisation is not None:
        queryset = queryset.filter(participants=flt.organisation)
    if flt.kind:
        queryset = queryset.filter(kind=flt.kind)
    if flt.theme is not None:
        queryset = queryset.filter(Q(agreement__themes=flt.theme) | Q(participants__themes=flt.theme))
    if flt.region is not None:
        queryset = queryset.filter(place__country__in=sorted(countries_in(flt.region.slug)))
    if flt.start:
        queryset = queryset.filter(start_on__gte=flt.start)
    if flt.end:
        queryset = queryset.filter(start_on__lte=flt.end)
    if flt.organisation is not None or flt.theme is not None:
        # Joins over many-to-many relations can repeat a row: keep each engagement once.
        queryset = Engagement.objects.filter(pk__in=queryset.values("pk"))
    return queryset


def engagements_by_month(access: Access, flt: ActivityFilter) -> list[dict[str, Any]]:
    """Number of engagements per month and kind, counted in the database (remembered)."""
    return _remembered("engagements_by_month", access, flt, lambda: _engagements_by_month(access, flt))


def _engagements_by_month(access: Access, flt: ActivityFilter) -> list[dict[str, Any]]:
    rows = (
        engagements(access, flt)
        .annotate(month=TruncMonth("start_on"))
        .values("month", "kind")
        .annotate(n=Count("pk"))
        .order_by("month", "kind")
    )
    labels = dict(EngagementKind.choices)
    return [
        {"month": row["month"].strftime("%Y-%m"), "kind": str(labels.get(row["kind"], row["kind"])), "count": row["n"]}
        for row in rows
        if row["month"] is not None
    ]


def timeline_spec(access: Access, flt: ActivityFilter) -> dict[str, Any]:
    """A Vega-Lite stacked bar chart of engagements per month and kind."""
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": str(_("Engagements of every organisation per month, by kind")),
        "width": "container",
        "height": 240,
        "data": {"values": engagements_by_month(access, flt)},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "x": {"field": "month", "type": "temporal", "timeUnit": "yearmonth", "title": str(_("Month"))},
            "y": {"field": "count", "type": "quantitative", "aggregate": "sum", "title": str(_("Engagements"))},
            "color": {"field": "kind", "type": "nominal", "title": str(_("Kind"))},
        },
    }


def timeline_rows(access: Access, flt: ActivityFilter, *, limit: int = 200) -> list[Engagement]:
    """The latest engagements matching the filters, newest first, with their participants (the activity page
    remembers them as drawn: `timeline_remembered`)."""
    return list(
        engagements(access, flt)
        .select_related("place")
        .prefetch_related("participants")
        .order_by("-start_on", "-pk")[:limit]
    )


@dataclass
class CalendarDay:
    day: datetime.date | None
    engagements: list[Engagement] = field(default_factory=list)


def calendar_month(
    access: Access, flt: ActivityFilter, *, year: int, month: int, limit_per_day: int = 8
) -> list[list[CalendarDay]]:
    """The weeks (Monday first) of a month, each day with the engagements under way that day (remembered)."""
    return _remembered(
        "calendar_month",
        access,
        flt,
        lambda: _calendar_month(access, flt, year, month, limit_per_day),
        year,
        month,
        limit_per_day,
    )


def _calendar_month(
    access: Access, flt: ActivityFilter, year: int, month: int, limit_per_day: int
) -> list[list[CalendarDay]]:
    first = datetime.date(year, month, 1)
    last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    rows = list(
        engagements(access, flt)
        .filter(start_on__lte=last)
        .filter(Q(end_on__gte=first) | Q(end_on__isnull=True, start_on__gte=first))
        .select_related("place")
        .order_by("start_on", "pk")[:500]
    )
    weeks = []
    for week in calendar.Calendar().monthdatescalendar(year, month):
        days = []
        for day in week:
            if day.month != month:
                days.append(CalendarDay(None))
                continue
            under_way = [e for e in rows if e.start_on <= day <= (e.end_on or e.start_on)]
            days.append(CalendarDay(day, under_way[:limit_per_day]))
        weeks.append(days)
    return weeks


def map_points(access: Access, flt: ActivityFilter) -> dict[str, Any]:
    """Places of the matching engagements and of the agreements of the matching organisations,
    in the JSON shape of the world map (see diplomacy/maps.py). They count the whole registry, so they are
    computed once for each class of reader and filter, and read again until it changes (core.memo)."""
    return _remembered("map_points", access, flt, lambda: _map_points(access, flt))


def _map_points(access: Access, flt: ActivityFilter) -> dict[str, Any]:
    engagement_counts = dict(
        engagements(access, flt)
        .exclude(place__isnull=True)
        .values("place")
        .annotate(n=Count("pk"))
        .values_list("place", "n")
    )
    agreement_counts: dict[int, int] = {}
    if not flt.kind and not flt.errors:  # a kind of engagement says nothing about agreements
        agreements = own_records(Agreement.objects.visible_to(access))
        if flt.organisation is not None:
            agreements = agreements.filter(Q(organisation=flt.organisation) | Q(parties=flt.organisation))
        if flt.theme is not None:
            agreements = agreements.filter(themes=flt.theme)
        if flt.region is not None:
            agreements = agreements.filter(partner_place__country__in=sorted(countries_in(flt.region.slug)))
        if flt.start:
            agreements = agreements.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=flt.start))
        if flt.end:
            agreements = agreements.filter(Q(signed_on__isnull=True) | Q(signed_on__lte=flt.end))
        agreement_counts = dict(
            Agreement.objects.filter(pk__in=agreements.values("pk"))
            .values("partner_place")
            .annotate(n=Count("pk"))
            .values_list("partner_place", "n")
        )
    ids = set(engagement_counts) | set(agreement_counts)
    places = PartnerPlace.objects.visible_to(access).filter(pk__in=ids, latitude__isnull=False).order_by("name")
    points = []
    countries: dict[str, int] = {}
    for place in places:
        n_agreements, n_engagements = agreement_counts.get(place.pk, 0), engagement_counts.get(place.pk, 0)
        count = n_agreements + n_engagements
        points.append(
            {
                "name": place.name,
                "lat": place.latitude,
                "lon": place.longitude,
                "kind": "agreement" if n_agreements else "engagement",
                "label": f"{place.name} ({country_name(place.country)}): {n_agreements} agreement(s), {n_engagements} engagement(s)",
                "url": place.get_absolute_url(),
                "count": count,
            }
        )
        countries[place.country] = countries.get(place.country, 0) + count
    return {
        "points": points,
        "countries": [
            {"iso_numeric": country_numeric(code), "count": n, "name": country_name(code)}
            for code, n in sorted(countries.items())
        ],
    }


def open_actions(access: Access) -> "QuerySet[FollowUpAction]":
    return (
        FollowUpAction.objects.visible_to(access)
        .filter(status__in=OPEN_STATUSES)
        .select_related("responsible", "meeting", "meeting__body")
        .order_by("due_on", "pk")
    )


def overdue_actions(access: Access, *, today: datetime.date | None = None, limit: int = 10) -> dict[str, Any]:
    """Open follow-up actions past their due date, for the home dashboard (two queries)."""
    today = today or timezone.localdate()
    overdue = open_actions(access).filter(due_on__lt=today)
    return {"actions": list(overdue[:limit]), "count": overdue.count(), "today": today}
