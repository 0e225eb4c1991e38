"""What the home page shows: counts, recent changes and what needs attention."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from interlocal.core.access import Author
from interlocal.core.entities import REGISTRY
from interlocal.core.paging import capped_count
from interlocal.core.permissions import Access
from interlocal.core.visibility import records
from interlocal.ecosystem.home import own_or_home, own_records, owns_kind

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
class Change:
    date: Any
    user: Author
    kind: str
    record: Any
    verbose_name: str


def entity_counts(access: Access) -> list[tuple[Any, int, bool, str]]:
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


def recent_changes(access: Access, *, limit: int = 10) -> list[Change]:
    """The latest changes to records the reader may see now and could see then, across every kind.

    Each change names the record as it is now (its related records filtered for the reader),
    never as the history row holds it.
    """
    changes: list[Change] = []
    for key in DASHBOARD_ENTITIES:
        spec = REGISTRY[key]
        history = spec.model.history.model  # type: ignore[attr-defined]
        rows = list(
            history.objects.filter(spec.model.visible_q(access))  # type: ignore[attr-defined]
            .select_related("history_user")
            .order_by("-history_date")[:limit]
        )
        current = spec.base_queryset().visible_to(access).in_bulk({row.id for row in rows})
        changes.extend(
            Change(
                row.history_date,
                row.history_user,
                row.get_history_type_display(),
                current[row.id],
                str(spec.model._meta.verbose_name),
            )
            for row in rows
            if row.id in current
        )
    changes.sort(key=lambda c: c.date, reverse=True)
    return changes[:limit]


def agreements_needing_attention(access: Access, *, today: datetime.date | None = None) -> dict[str, Any]:
    """The home metropolis's active agreements ending within 90 days, and those with no engagement for two years.

    A peer's agreements (Vienna's twinnings, kept as cited facts) are not the metropolis's to watch.
    """
    from interlocal.diplomacy.models import Agreement, Engagement

    today = today or timezone.localdate()
    active = (
        own_records(Agreement.objects.visible_to(access))
        .filter(status="active")
        .select_related("partner_place", "organisation")
    )
    ending = active.filter(ends_on__isnull=False, ends_on__lte=today + datetime.timedelta(days=90)).order_by("ends_on")
    recent = Engagement.objects.filter(agreement=OuterRef("pk"), start_on__gte=today - datetime.timedelta(days=730))
    dormant = active.filter(~Exists(recent)).order_by("signed_on")  # one probe per agreement, no grouping
    dormant_count, dormant_more = capped_count(dormant)
    return {
        "ending": list(ending[:10]),
        "dormant": list(dormant[:10]),
        "dormant_count": dormant_count,
        "dormant_more": dormant_more,
    }
