"""The media app's writes: polling feeds into mentions, the bulletin's jobs and deliveries, its subscribers."""

import datetime
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from interlocal.core.access import Author
from interlocal.core.bulk import insert_with_history
from interlocal.core.hooks import records_created
from interlocal.core.jobs import JobRefused, job_run
from interlocal.core.links import site_link
from interlocal.core.models import JobStatus

from .feeds import FeedError, ParsedFeed, fetch_feed, parse_feed
from .models import Bulletin, BulletinSubscriber, FeedPoll, Mention, PollStatus, Source, SourceKind

logger = logging.getLogger(__name__)

CHUNK = 500  # keys per IN list when looking for the entries already read (SQLite's variable limit)
CONFIRM_SALT = "interlocal.media.bulletin.confirm"
UNSUBSCRIBE_SALT = "interlocal.media.bulletin.unsubscribe"
CONFIRM_DAYS = 7


# --- feeds ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PollOutcome:
    added: int
    error: str = ""


def mentions_add_from_feed(*, source: Source, feed: ParsedFeed, user: Author = None) -> int:
    """Add the feed's entries not yet read from this source, in bulk with their history; how many were added.

    A mention takes its source's owner, visibility and illustrative mark, and the feed's language when the
    feed says one the site knows (else the source's).
    """
    keys = [entry.key for entry in feed.entries]
    known: set[str] = set()
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        known.update(Mention.objects.filter(source=source, entry_key__in=chunk).values_list("entry_key", flat=True))
    language = feed.language if feed.language in dict(settings.LANGUAGES) else source.language
    outlet = feed.title or source.name
    rows: list[dict[str, Any]] = [
        {
            "owner_id": source.owner_id,
            "visibility": source.visibility,
            "illustrative": source.illustrative,
            "language": language,
            "source_id": source.pk,
            "published_on": entry.published_on,
            "outlet": outlet[:200],
            "title": entry.title,
            "url": entry.url,
            "summary": entry.summary,
            "entry_key": entry.key,
        }
        for entry in feed.entries
        if entry.key not in known
    ]
    if not rows:
        return 0
    with transaction.atomic():
        pks, _versions = insert_with_history(Mention, rows, user=user, reason=f"read from the feed of “{source}”")
        records_created(Mention, pks)
    return len(pks)


def _poll(source: Source) -> int:
    if source.kind != SourceKind.FEED:
        raise FeedError(_("This source has manual entries: there is no feed to poll."))
    feed = parse_feed(fetch_feed(source.feed_url))
    return mentions_add_from_feed(source=source, feed=feed)


def source_poll_record(*, source: Source, outcome: PollOutcome) -> None:
    """Keep what the poll found on the source (an update, not a change: no history row)."""
    fields = {
        "last_polled_at": timezone.now(),
        "last_poll_status": PollStatus.FAILED if outcome.error else PollStatus.OK,
        "last_poll_error": outcome.error,
        "last_poll_added": outcome.added,
    }
    Source.objects.filter(pk=source.pk).update(**fields)
    for name, value in fields.items():
        setattr(source, name, value)


def source_poll(*, source: Source) -> PollOutcome:
    """Read the source's feed now: all its new entries are added, or none; the outcome is kept on the source."""
    try:
        with transaction.atomic():
            outcome = PollOutcome(added=_poll(source))
    except FeedError as error:
        outcome = PollOutcome(added=0, error=error.message)
    source_poll_record(source=source, outcome=outcome)
    return outcome


def sources_poll() -> list[tuple[Source, PollOutcome]]:
    """Poll every active feed source (the scheduled command); one that breaks does not stop the others."""
    done = []
    for source in Source.objects.filter(kind=SourceKind.FEED, active=True, archived_at__isnull=True).order_by("pk"):
        try:
            outcome = source_poll(source=source)
        except Exception as error:  # an unexpected failure of one source is kept on it; the others are read
            logger.exception("Polling media source %s failed", source.pk)
            outcome = PollOutcome(
                added=0, error=_("An unexpected error stopped the poll: %(detail)s.") % {"detail": error}
            )
            source_poll_record(source=source, outcome=outcome)
        done.append((source, outcome))
    return done


def feed_poll_run(poll_id: int) -> FeedPoll:
    """The worker's side of "poll now": the poll as a job, its outcome kept on the source as well."""
    poll = FeedPoll.objects.select_related("source").get(pk=poll_id)

    def work(job: FeedPoll) -> dict[str, Any]:
        try:
            return {"added": _poll(job.source)}
        except FeedError as error:
            raise JobRefused(error.message) from error

    poll = job_run(job=poll, work=work)
    failed = poll.status == JobStatus.FAILED
    source_poll_record(source=poll.source, outcome=PollOutcome(added=poll.added, error=poll.error if failed else ""))
    return poll


# --- the bulletin -----------------------------------------------------------------------------------------------


def signed_in(user: Author) -> Any:
    return user if user is not None and user.is_authenticated else None


def week_of(day: datetime.date) -> datetime.date:
    """The Monday of the week holding `day`."""
    return day - datetime.timedelta(days=day.weekday())


def bulletin_generate(bulletin_id: int) -> Bulletin:
    """Fill the bulletin (the task's body), then send it when asked; a failure is kept on the bulletin."""
    from .bulletin import generate

    bulletin = job_run(job=Bulletin.objects.get(pk=bulletin_id), work=generate)
    if bulletin.status == JobStatus.SUCCEEDED and bulletin.deliver and bulletin.sent_at is None:
        bulletin_deliver(bulletin=bulletin)
    return bulletin


def link_for(salt: str, subscriber: BulletinSubscriber) -> str:
    return signing.dumps({"id": subscriber.pk, "email": subscriber.email}, salt=salt)


def _bulletin_message(bulletin: Bulletin, subscriber: BulletinSubscriber) -> EmailMultiAlternatives:
    unsubscribe = site_link(reverse("media:unsubscribe", args=[link_for(UNSUBSCRIBE_SALT, subscriber)]))
    page = site_link(bulletin.get_absolute_url())
    with translation.override(bulletin.language):
        context = {"bulletin": bulletin, "unsubscribe_url": unsubscribe, "page_url": page}
        subject = str(bulletin)
        text = render_to_string("media/bulletin_email.txt", context)
        html = render_to_string("media/bulletin_email.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[subscriber.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(html, "text/html")
    return message


def bulletin_deliver(*, bulletin: Bulletin) -> int:
    """E-mail a generated bulletin to every confirmed subscriber of its language, once; how many were sent."""
    claimed = Bulletin.objects.filter(pk=bulletin.pk, sent_at__isnull=True, status=JobStatus.SUCCEEDED).update(
        sent_at=timezone.now()
    )
    if not claimed:  # sent already, by this run or another
        return 0
    sent = 0
    subscribers = BulletinSubscriber.objects.filter(confirmed_at__isnull=False, language=bulletin.language)
    for subscriber in subscribers.order_by("pk").iterator():
        try:
            _bulletin_message(bulletin, subscriber).send()
        except Exception:  # the mail server refused one address: logged, the others still sent
            logger.exception("The bulletin %s could not be sent to subscriber %s", bulletin.pk, subscriber.pk)
            continue
        sent += 1
    Bulletin.objects.filter(pk=bulletin.pk).update(sent_count=sent)
    bulletin.refresh_from_db(fields=["sent_at", "sent_count"])
    return sent


def bulletins_send(*, week_start: datetime.date) -> list[Bulletin]:
    """The scheduled run: the week's bulletin in each language with confirmed subscribers (the site's own
    language always), generated now and sent; a language whose bulletin of that week went out is skipped."""
    week = week_of(week_start)
    languages = set(
        BulletinSubscriber.objects.filter(confirmed_at__isnull=False).values_list("language", flat=True).distinct()
    )
    languages.add(settings.LANGUAGE_CODE)
    done = []
    for language in sorted(languages):
        if Bulletin.objects.filter(week_start=week, language=language, sent_at__isnull=False).exists():
            continue
        bulletin = Bulletin.objects.create(week_start=week, language=language, deliver=True)
        done.append(bulletin_generate(bulletin.pk))
    return done


# --- subscribers ------------------------------------------------------------------------------------------------


def subscriber_subscribe(*, email: str, language: str) -> BulletinSubscriber | None:
    """Ask for the bulletin: the address is e-mailed a confirmation link (double opt-in).

    An address already confirmed is sent nothing new (the answer on the page is the same, so the form tells
    no one who subscribes). Returns the subscriber written to, if any.
    """
    email = email.strip().lower()
    existing = BulletinSubscriber.objects.filter(email=email).first()
    if existing is not None and existing.confirmed:
        return None
    if existing is None:
        try:
            with transaction.atomic():
                existing = BulletinSubscriber.objects.create(email=email, language=language)
        except IntegrityError:  # subscribed meanwhile
            return None
    elif existing.language != language:
        BulletinSubscriber.objects.filter(pk=existing.pk).update(language=language)
        existing.language = language
    subscriber = existing
    confirm = site_link(reverse("media:subscribe-confirm", args=[link_for(CONFIRM_SALT, subscriber)]))
    with translation.override(language):
        context = {"confirm_url": confirm, "days": CONFIRM_DAYS}
        subject = _("Confirm your subscription to the weekly bulletin")
        body = render_to_string("media/subscribe_email.txt", context)
    transaction.on_commit(
        lambda: EmailMultiAlternatives(subject=subject, body=body, to=[subscriber.email]).send(fail_silently=True)
    )
    return subscriber


def _subscriber_for(token: str, *, salt: str, max_age: datetime.timedelta | None) -> BulletinSubscriber | None:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    pk, email = data.get("id"), data.get("email")
    if not isinstance(pk, int) or not isinstance(email, str):
        return None
    return BulletinSubscriber.objects.filter(pk=pk, email=email).first()


def subscriber_confirm(*, token: str) -> BulletinSubscriber | None:
    """Confirm the address the signed link names (valid for CONFIRM_DAYS); None for a bad or expired link."""
    subscriber = _subscriber_for(token, salt=CONFIRM_SALT, max_age=datetime.timedelta(days=CONFIRM_DAYS))
    if subscriber is not None and subscriber.confirmed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
    return subscriber


def subscriber_unsubscribe(*, token: str) -> bool:
    """Forget the address the signed link names; whether there was one to forget."""
    subscriber = _subscriber_for(token, salt=UNSUBSCRIBE_SALT, max_age=None)
    if subscriber is None:
        return False
    subscriber.delete()
    return True
