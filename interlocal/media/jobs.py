"""Asking for the media app's background jobs: a feed polled now, a bulletin generated; queued on commit."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from interlocal.core.access import Access, Author
from interlocal.core.jobs import job_enqueue
from interlocal.core.permissions import require_edit

from .models import Bulletin, FeedPoll, Source, SourceKind
from .services import signed_in, week_of
from .tasks import generate_bulletin, poll_source


def feed_poll_request(*, access: Access, user: Author, source: Source) -> FeedPoll:
    """Queue a poll of the source now ("poll now"), for those who may change the source."""
    require_edit(access, source)
    if source.kind != SourceKind.FEED:
        raise PermissionDenied(_("This source has manual entries: there is no feed to poll."))
    with transaction.atomic():
        poll = FeedPoll.objects.create(source=source, user=signed_in(user))
        job_enqueue(job=poll, task=poll_source)
    return poll


def bulletin_request(*, user: Author, week_start: datetime.date, language: str, deliver: bool = False) -> Bulletin:
    """Queue the generation of a week's bulletin (and, with `deliver`, its sending) once the row commits."""
    with transaction.atomic():
        bulletin = Bulletin.objects.create(
            user=signed_in(user),
            week_start=week_of(week_start),
            language=language,
            deliver=deliver,
        )
        job_enqueue(job=bulletin, task=generate_bulletin)
    return bulletin
