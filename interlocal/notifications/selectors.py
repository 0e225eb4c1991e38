"""Reads of notifications, preferences and calendar feeds.

A notification is shown only while its record is readable by its user: the filter is one
`EXISTS` per kind of record, on the record's own `visible_to`, inside the inbox query itself.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Exists, OuterRef, Q, QuerySet, When
from django.db.models import Value as V

from interlocal.coordination.models import Meeting
from interlocal.core.permissions import Access
from interlocal.diplomacy.models import Engagement

from .events import KIND_MODELS
from .models import CalendarFeed, DigestSettings, FeedScope, Notification, NotificationKind, Preference

FEED_PAST = datetime.timedelta(days=365)
FEED_LIMIT = 2000  # events of each kind in one feed


def readable(access: Access) -> Q:
    """Notifications whose record `access` may read (any kind; one EXISTS per kind of record)."""
    by_model: dict[Any, list[str]] = {}
    for kind, model in KIND_MODELS.items():
        by_model.setdefault(model, []).append(kind)
    condition = Q(pk__in=[])
    for model, kinds in by_model.items():
        visible = model.objects.visible_to(access).filter(pk=OuterRef("record_id"))
        condition |= Q(Exists(visible), kind__in=kinds)
    return condition


def inbox(*, user: Any, access: Access) -> "QuerySet[Notification]":
    """The user's notifications that the user may still read, unread first, then newest first."""
    return (
        Notification.objects.filter(user=user, in_app=True)
        .filter(readable(access))
        .order_by(Case(When(read_at__isnull=True, then=V(0)), default=V(1)), "-created_at", "-pk")
    )


def unread_count(*, user: Any, access: Access) -> int:
    """The user's unread notifications whose record they may still read (an index on user, in_app, read_at).

    Shown on every page a signed-in person reads: one query when there is none, the usual case, whose test of
    each kind's visibility is not even built; two otherwise.
    """
    unread = Notification.objects.filter(user=user, in_app=True, read_at__isnull=True)
    if not unread.exists():
        return 0
    return unread.filter(readable(access)).count()


@dataclass(frozen=True)
class KindPreference:
    kind: str
    label: str
    in_app: bool
    in_digest: bool


def preferences_of(user: Any) -> dict[str, KindPreference]:
    """Every kind with the user's choice, or the default (in the inbox and in the digest)."""
    stored = {p.kind: p for p in Preference.objects.filter(user=user)}
    return {
        kind: KindPreference(
            kind,
            str(label),
            stored[kind].in_app if kind in stored else True,
            stored[kind].in_digest if kind in stored else True,
        )
        for kind, label in NotificationKind.choices
    }


def chosen_language(user: Any) -> str:
    """The language the user chose for e-mails, or "" for the site's default."""
    return DigestSettings.objects.filter(user=user).values_list("language", flat=True).first() or ""


def active_feed(*, user: Any) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def feed_by_token(raw: str) -> CalendarFeed | None:
    """The live feed a token opens, or None (unknown, revoked, or its user deactivated)."""
    return (
        CalendarFeed.objects.select_related("user")
        .filter(digest=CalendarFeed.digest_for(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def feed_events(*, access: Access, scope: str, today: datetime.date) -> tuple[list[Engagement], list[Meeting]]:
    """The engagements and meetings of a feed: from a year ago on, as `access` may see them."""
    since = today - FEED_PAST
    engagements = Engagement.objects.visible_to(access).filter(
        Q(end_on__gte=since) | Q(end_on__isnull=True, start_on__gte=since)
    )
    meetings = Meeting.objects.visible_to(access).filter(held_on__gte=since)
    if scope == FeedScope.MINE:
        mine = access.member_of
        engagements = Engagement.objects.filter(
            pk__in=engagements.filter(Q(owner_id__in=mine) | Q(participants__in=mine)).values("pk")
        ).visible_to(access)
        meetings = Meeting.objects.filter(
            pk__in=meetings.filter(Q(owner_id__in=mine) | Q(body_id__in=mine) | Q(attendees__in=mine)).values("pk")
        ).visible_to(access)
    return (
        list(engagements.select_related("place").order_by("start_on", "pk")[:FEED_LIMIT]),
        list(meetings.select_related("body").order_by("held_on", "pk")[:FEED_LIMIT]),
    )
