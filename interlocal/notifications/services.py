"""Writes of notifications: the day's events, the digest, read marks, preferences, calendar feeds.

Notifications are not records: they belong to one user and are written by the platform
(`send_digest`) or by their user (read marks). Preferences, e-mail language and calendar
feeds keep a history (who changed them, when).
"""

import datetime
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from interlocal.core.links import site_url
from interlocal.core.permissions import access_for

from .events import dormant_candidates, events_for
from .models import CalendarFeed, DigestDelivery, DigestSettings, Notification, NotificationKind, Preference
from .selectors import inbox, preferences_of, readable

logger = logging.getLogger(__name__)


def language_of(user: Any) -> str:
    """The language of the user's e-mails: the user's choice, else the site's default."""
    chosen = getattr(getattr(user, "digest_settings", None), "language", "")
    return str(chosen or settings.LANGUAGE_CODE)


def _people() -> "QuerySet[Any]":
    return get_user_model().objects.filter(is_active=True).select_related("digest_settings").order_by("pk")


def notifications_generate(*, day: datetime.date) -> int:
    """Store the events of `day` for every active user; return how many were new.

    One row per user, kind, record and occurrence (a unique constraint): running again the
    same day, or a later day while nothing changed, adds nothing.
    """
    dormant = dormant_candidates(day)
    created = 0
    for user in _people():
        access = access_for(user)
        with translation.override(language_of(user)):
            events = events_for(user, access, day, dormant)
        if not events:
            continue
        wanted = preferences_of(user)
        known = set(
            Notification.objects.filter(user=user, record_id__in={e.record_id for e in events}).values_list(
                "kind", "record_id", "occurrence"
            )
        )
        fresh: dict[tuple[str, int, str], Notification] = {}
        for event in events:
            key = (event.kind, event.record_id, event.occurrence)
            if key in known or key in fresh:
                continue
            fresh[key] = Notification(
                user=user,
                kind=event.kind,
                record_id=event.record_id,
                occurrence=event.occurrence,
                text=event.text,
                url=event.url[:500],
                day=day,
                in_app=wanted[event.kind].in_app,
                in_digest=wanted[event.kind].in_digest,
            )
        # A concurrent run that stored the same rows meanwhile is not an error.
        Notification.objects.bulk_create(fresh.values(), ignore_conflicts=True)
        created += len(fresh)
    return created


def digests_send(*, day: datetime.date) -> int:
    """E-mail each user with an address the notifications not yet e-mailed; one digest a day at most."""
    sent = 0
    pending_users = (
        Notification.objects.filter(in_digest=True, emailed_at__isnull=True, day__lte=day).values("user_id").distinct()
    )
    for user in _people().exclude(email="").filter(pk__in=pending_users):
        if DigestDelivery.objects.filter(user=user, day=day).exists():
            continue
        access = access_for(user)
        items = list(
            Notification.objects.filter(user=user, in_digest=True, emailed_at__isnull=True, day__lte=day)
            .filter(readable(access))
            .order_by("pk")
        )
        if not items:
            continue
        message = _digest_message(user, day, items)
        emailed = [n.pk for n in items]
        # Recorded first, in a short transaction: the mail server may take its time-out to answer, and no
        # database lock (SQLite's write lock) is held meanwhile.
        try:
            with transaction.atomic():
                delivery = DigestDelivery.objects.create(user=user, day=day, count=len(items))
                Notification.objects.filter(pk__in=emailed).update(emailed_at=timezone.now())
        except IntegrityError:  # another run claimed this digest meanwhile
            continue
        try:
            message.send()
        except (
            Exception
        ):  # the mail server refused: logged, forgotten so that the next run retries, the others still sent
            logger.exception("The digest of %s for %s could not be sent", user.get_username(), day)
            _digest_forget(delivery=delivery, emailed=emailed)
            continue
        sent += 1
    return sent


def _digest_forget(*, delivery: DigestDelivery, emailed: list[int]) -> None:
    """Undo the record of a digest whose mail was not sent: its notifications wait for the next run."""
    with transaction.atomic():
        Notification.objects.filter(pk__in=emailed).update(emailed_at=None)
        delivery.delete()


def _digest_message(user: Any, day: datetime.date, items: list[Notification]) -> EmailMultiAlternatives:
    site = site_url()
    with translation.override(language_of(user)):
        sections = []
        for kind, label in NotificationKind.choices:
            of_kind = [n for n in items if n.kind == kind]
            if of_kind:
                sections.append({"label": str(label), "items": of_kind})
        context = {"user": user, "day": day, "sections": sections, "site": site, "count": len(items)}
        subject = _("Interlocal: what to know on %(day)s") % {"day": day.isoformat()}
        text = render_to_string("notifications/digest.txt", context)
        html = render_to_string("notifications/digest.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message


def notification_mark_read(*, user: Any, pk: int) -> bool:
    """Mark one of the user's notifications read; False when the user has no such notification."""
    access = access_for(user)
    return bool(inbox(user=user, access=access).filter(pk=pk, read_at__isnull=True).update(read_at=timezone.now()))


def notifications_mark_all_read(*, user: Any) -> int:
    access = access_for(user)
    return inbox(user=user, access=access).filter(read_at__isnull=True).update(read_at=timezone.now())


def preferences_save(*, user: Any, choices: dict[str, tuple[bool, bool]], language: str) -> None:
    """Store the user's choice per kind (in the inbox, in the digest) and the e-mails' language."""
    with transaction.atomic():
        for kind, (in_app, in_digest) in choices.items():
            preference = Preference.objects.filter(user=user, kind=kind).first() or Preference(user=user, kind=kind)
            if preference.pk is None or (preference.in_app, preference.in_digest) != (in_app, in_digest):
                preference.in_app, preference.in_digest = in_app, in_digest
                preference.save()
        chosen = DigestSettings.objects.filter(user=user).first() or DigestSettings(user=user)
        if chosen.pk is None or chosen.language != language:
            chosen.language = language
            chosen.save()


def calendar_feed_create(*, user: Any, scope: str) -> tuple[CalendarFeed, str]:
    """A new secret address (the previous one stops working); the raw token is returned once."""
    with transaction.atomic():
        calendar_feeds_revoke(user=user)
        raw = CalendarFeed.new_raw_token()
        feed = CalendarFeed.objects.create(user=user, scope=scope, digest=CalendarFeed.digest_for(raw))
    return feed, raw


def calendar_feeds_revoke(*, user: Any) -> int:
    """Revoke every live feed of the user (each save recorded in the history)."""
    count = 0
    for feed in CalendarFeed.objects.filter(user=user, revoked_at__isnull=True):
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        count += 1
    return count


def calendar_feed_used(*, feed: CalendarFeed) -> None:
    # A plain update: reading a feed is not a change worth a history entry.
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())


def digest_run(*, day: datetime.date) -> tuple[int, int]:
    """The daily run: store the day's notifications, then send the digests. Idempotent per day."""
    return notifications_generate(day=day), digests_send(day=day)
