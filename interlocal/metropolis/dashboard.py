"""What the home page shows: counts, recent changes and what needs attention."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, Max, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from interlocal.core.entities import REGISTRY, EntitySpec
from interlocal.core.memo import memoised
from interlocal.core.paging import capped_count
from interlocal.core.permissions import Access
from interlocal.core.visibility import records
from interlocal.diplomacy.models import Agreement, Engagement, PartnerPlace
from interlocal.ecosystem.home import HOME_READS_FROM, own_or_home, own_records, owns_kind

DASHBOARD_ENTITIES = [
    "territories",
    "organisations",
    "units",
    "memberships",
    "agreements",
    "engagements",
    "projects",
    "facts",
]


@dataclass
class RecordChanges:
    """A record's recent changes, in one row: who made the latest, how many there were, when the latest was."""

    record: Any
    verbose_name: str
    changes: int
    latest: datetime.datetime
    user: Any  # the author of the latest change; None for a system job (default data, a generator)

    @property
    def author(self) -> str:
        if self.user is None:
            return ""
        return str(self.user.get_full_name() or self.user.get_username())


def entity_counts(access: Access) -> list[tuple[Any, int, bool, str]]:
    """The counts, remembered for each class of reader until a record of these kinds changes (core.memo): each reads the
    whole registry up to the cap."""
    kinds = [REGISTRY[key].model for key in DASHBOARD_ENTITIES]
    return memoised("entity_counts", access, (*kinds, *HOME_READS_FROM), lambda: _entity_counts(access))


def _entity_counts(access: Access) -> list[tuple[Any, int, bool, str]]:
    """(label, count, whether there are more, list URL) per kind of record, one query each.

    The metropolis's own records where a kind has owners (`ecosystem.home`: its organisations,
    units, memberships, agreements, engagements, projects), linking to the list narrowed the same
    way (`?whose=own`); shared kinds (territories, facts) whole. Counted up to 10,000, as the
    lists count (`paging.capped_count`).
    """
    counts = []
    for key in DASHBOARD_ENTITIES:
        spec = REGISTRY[key]
        own = owns_kind(spec.model)
        queryset = records(spec.model).visible_to(access)
        count, more = capped_count(own_or_home(queryset) if own else queryset)
        url = reverse(spec.url_name("list")) + ("?whose=own" if own else "")
        counts.append((spec.model._meta.verbose_name_plural, count, more, url))
    return counts


CHANGES_READ = 50  # changes read per record shown, newest first, to find the records changed last


def recent_changes(access: Access, *, limit: int = 10) -> list[RecordChanges]:
    """The records changed last, one row each, among those the reader may see now and could see then.

    Which records changed last is remembered for each class of reader until a record of these kinds changes
    (core.memo): finding them groups each kind's history. The records as they are now (their related records
    filtered for the reader) and their authors are read on each request: a query per kind shown, and one.
    History is for signed-in readers: an anonymous reader gets nothing.
    """
    if not access.authenticated:
        return []
    kinds = [REGISTRY[key].model for key in DASHBOARD_ENTITIES]
    rows = memoised("recent_changes", access, kinds, lambda: _last_changed(access, limit), limit)
    authors = get_user_model()._default_manager.in_bulk({row["author"] for _, row in rows if row["author"]})
    current: dict[str, dict[int, Any]] = {}
    for spec in {spec.key: spec for spec, _ in rows}.values():
        ids = {row["id"] for s, row in rows if s is spec}
        current[spec.key] = spec.base_queryset().visible_to(access).in_bulk(ids)
    return [
        RecordChanges(
            record=current[spec.key][row["id"]],
            verbose_name=str(spec.model._meta.verbose_name),
            changes=row["changes"],
            latest=row["latest"],
            user=authors.get(row["author"]),
        )
        for spec, row in rows
        if row["id"] in current[spec.key]
    ]


def _last_changed(access: Access, limit: int) -> list[tuple[EntitySpec, dict[str, Any]]]:
    """The `limit` records changed last, as (kind, {id, changes, latest, author}), newest first: a query per kind.

    Only the records of each kind's last `limit * CHANGES_READ` changes are grouped, read newest first along the
    history's date index: grouping all of a kind's history cost more each day.
    """
    rows: list[tuple[EntitySpec, dict[str, Any]]] = []
    for key in DASHBOARD_ENTITIES:
        spec = REGISTRY[key]
        history = spec.model.history.model  # type: ignore[attr-defined]
        visible = history.objects.filter(spec.model.visible_q(access))  # type: ignore[attr-defined]
        latest_author = visible.filter(id=OuterRef("id")).order_by("-history_date", "-history_id")
        last_changes = visible.order_by("-history_date", "-history_id").values("id")[: limit * CHANGES_READ]
        grouped = (
            visible.filter(id__in=last_changes)
            .values("id")
            .annotate(
                changes=Count("history_id"),
                latest=Max("history_date"),
                author=Subquery(latest_author.values("history_user_id")[:1]),
            )
            .order_by("-latest")[:limit]
        )
        rows.extend((spec, row) for row in grouped)
    rows.sort(key=lambda pair: pair[1]["latest"], reverse=True)
    return rows[:limit]


def dormant_agreements(agreements: "QuerySet[Any]", *, today: datetime.date) -> "QuerySet[Any]":
    """Those of `agreements` with no engagement for two years: one probe per agreement, no grouping (an index
    seek on the agreement's engagements since the date, `engagement_agreement_since`)."""
    recent = Engagement.objects.filter(agreement=OuterRef("pk"), start_on__gte=today - datetime.timedelta(days=730))
    return agreements.filter(~Exists(recent)).order_by("signed_on")


# Every kind the agreements to watch are read from, for core.memo.
ATTENTION_READS_FROM = (Agreement, Engagement, PartnerPlace, *HOME_READS_FROM)


def agreements_needing_attention(access: Access, *, today: datetime.date | None = None) -> dict[str, Any]:
    """The home metropolis's active agreements ending within 90 days, and those with no engagement for two years.

    A peer's agreements (Vienna's twinnings, kept as cited facts) are not the metropolis's to watch. The dormant
    ones are sought among every agreement of the metropolis, so the answer is remembered for each class of reader
    and day until the agreements or their engagements change (core.memo).
    """
    day = today or timezone.localdate()
    return memoised("attention", access, ATTENTION_READS_FROM, lambda: _agreements_needing_attention(access, day), day)


def _agreements_needing_attention(access: Access, today: datetime.date) -> dict[str, Any]:
    active = (
        own_records(Agreement.objects.visible_to(access))
        .filter(status="active")
        .select_related("partner_place", "organisation")
    )
    ending = active.filter(ends_on__isnull=False, ends_on__lte=today + datetime.timedelta(days=90)).order_by("ends_on")
    dormant = dormant_agreements(active, today=today)
    dormant_count, dormant_more = capped_count(dormant)
    return {
        "ending": list(ending[:10]),
        "dormant": list(dormant[:10]),
        "dormant_count": dormant_count,
        "dormant_more": dormant_more,
    }
