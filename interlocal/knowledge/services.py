"""The knowledge app's writes: requests sent through the public form, their moderation, the search index.

`transfer_request_submit` files a peer's request for a public practice, pending the
moderation of the practice's owner, and e-mails the requester their private link and the
owner's moderators the queue; `transfer_request_moderate` accepts it into the normal flow or
rejects it as spam. `search_index_update(record)` runs after every write of the core
services (it is registered on `core.hooks.on_record_write` in apps.py);
`search_index_rebuild()` rebuilds everything (after bulk loads, `manage.py search_index_rebuild`).
"""

import logging
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import DatabaseError, connection, transaction
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from interlocal.core.access import ANONYMOUS, SYSTEM, Access, Author
from interlocal.core.bulk import insert_rows
from interlocal.core.entities import REGISTRY, EntitySpec, spec_for_model
from interlocal.core.links import site_link
from interlocal.core.models import Visibility
from interlocal.core.services import record_create, record_update

from .models import Moderation, Practice, SearchEntry, TransferRequest
from .search import dependents, dependents_of, entries_for
from .selectors import moderator_emails

BATCH = 2000
logger = logging.getLogger(__name__)


def _reindex(spec: EntitySpec, queryset: "QuerySet[Any] | None" = None, *, new: bool = False) -> int:
    """Replace the entries of one kind (all, or those of the records in `queryset`).

    `new` records have no entries to replace (keys are never reused: AUTOINCREMENT on SQLite, sequences on
    PostgreSQL), so nothing is deleted for them."""
    if not new:
        existing = SearchEntry.objects.filter(kind=spec.key)
        if queryset is not None:
            existing = existing.filter(object_id__in=queryset.values("pk"))
        existing.delete()
    count, batch = 0, []
    for entry in entries_for(spec, queryset):
        batch.append(entry)
        if len(batch) >= BATCH:
            count += _saved(batch)
            batch = []
    if batch:
        count += _saved(batch)
    return count


def _saved(entries: list[dict[str, Any]]) -> int:
    """Write index entries in multi-row inserts (core.bulk: no pass through the SQL compiler per value)."""
    insert_rows(SearchEntry, entries, returning=False)
    return len(entries)


def search_index_update(record: Model) -> None:
    """Re-index one record, and the records of other kinds whose text quotes it.

    Runs after the write has committed: a failure here is logged (the next rebuild
    repairs the index) rather than turned into an error for a write that succeeded.
    """
    spec = spec_for_model(type(record))
    if spec is None:
        return
    try:
        with transaction.atomic():
            _reindex(spec, spec.model._default_manager.filter(pk=record.pk))
            for other, queryset in dependents(record):
                _reindex(other, queryset)
    except DatabaseError:
        logger.exception("Search index update failed for %s %s", spec.key, record.pk)


def search_index_update_many(model: type[Model], records: list[Model], created: bool = False) -> None:
    """Re-index many records of one kind at once (a bulk import), and the records quoting them: a few queries.

    New records (`created`) are quoted by no record written before them: only they are indexed."""
    spec = spec_for_model(model)
    if spec is None or not records:
        return
    pks = [record.pk for record in records]
    try:
        with transaction.atomic():
            for start in range(0, len(pks), BATCH):  # bounded IN lists (SQLite's variable limit)
                chunk = pks[start : start + BATCH]
                _reindex(spec, spec.model._default_manager.filter(pk__in=chunk), new=created)
                for other, queryset in [] if created else dependents_of(model, chunk):
                    _reindex(other, queryset)
    except DatabaseError:
        logger.exception("Search index update failed for %s records of %s", len(pks), spec.key)


def search_index_rebuild(*, kinds: list[str] | None = None) -> int:
    """Rebuild the index of the given kinds (default: every registered kind); returns the entries written."""
    with transaction.atomic():
        if kinds is None:
            SearchEntry.objects.exclude(kind__in=list(REGISTRY)).delete()
        count = sum(_reindex(REGISTRY[key]) for key in (kinds or list(REGISTRY)))
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # fresh statistics: the planner then reads the GIN index well
                cursor.execute("ANALYZE knowledge_searchentry")
            elif connection.vendor == "sqlite":  # merge the FTS5 segments written in bulk
                cursor.execute("INSERT INTO knowledge_searchfts(knowledge_searchfts) VALUES ('optimize')")
    return count


# --- requests from the public form --------------------------------------------------------


@dataclass(frozen=True)
class SubmittedRequest:
    request: TransferRequest
    link_token: str  # the private link's secret: only its digest is stored


def status_link(link_token: str) -> str:
    return site_link(reverse("knowledge:transfer-request-status", args=[link_token]))


def transfer_request_submit(
    *, practice: Practice, organisation: str, name: str, email: str, message: str, language: str
) -> SubmittedRequest:
    """File a request sent without an account, pending moderation by the practice's owner.

    Anyone may ask about a public practice, and only about one: that is the permission. The
    request belongs to the practice's owner, stays internal, and is read by no one but its
    moderators (`TransferRequest.visible_q`) until they accept it. The e-mails leave once it
    is saved.
    """
    if not practice.is_visible_to(ANONYMOUS):
        raise PermissionDenied(_("Only a public practice can be asked about."))
    link_token = secrets.token_urlsafe(32)
    with transaction.atomic():
        request = record_create(
            access=SYSTEM,
            user=None,
            model=TransferRequest,
            fields={
                "practice": practice,
                "owner_id": practice.owner_id,
                "visibility": Visibility.INTERNAL,
                "language": language,
                "question": message,
                "received_on": timezone.localdate(),
                "moderation": Moderation.PENDING,
                "contact_organisation": organisation,
                "contact_name": name,
                "contact_email": email,
                "link_digest": TransferRequest.digest_for(link_token),
            },
            reason="sent through the public form",
        )
        transaction.on_commit(lambda: _send_submission_mails(request, link_token, language))
    return SubmittedRequest(request=request, link_token=link_token)


def _send_submission_mails(request: TransferRequest, link_token: str, language: str) -> None:
    practice = request.practice
    with translation.override(language):
        send_mail(
            _("Your request about “%(practice)s”") % {"practice": practice},
            "\n\n".join(
                [
                    _("Thank you, %(name)s. Your request about “%(practice)s” reached its team at %(owner)s.")
                    % {"name": request.contact_name, "practice": practice, "owner": practice.owner},
                    _(
                        "This private link shows where it stands and their answer. Keep it: anyone with it can read your request."
                    )
                    + f"\n{status_link(link_token)}",
                    _("If you did not send this request, ignore this e-mail."),
                ]
            ),
            None,
            [request.contact_email],
        )
    recipients = moderator_emails(request.owner_id)
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            _("A request about “%(practice)s” awaits moderation") % {"practice": practice},
            "\n\n".join(
                [
                    _("%(name)s (%(organisation)s) asked about “%(practice)s” through the public form.")
                    % {
                        "name": request.contact_name,
                        "organisation": request.contact_organisation,
                        "practice": practice,
                    },
                    _("Accept it into your knowledge-transfer requests, or reject it as spam, in the moderation queue:")
                    + f"\n{site_link(reverse('knowledge:transfer-request-moderation'))}",
                ]
            ),
            None,
            recipients,
        )


def transfer_request_moderate(
    *, access: Access, user: Author, request: TransferRequest, accept: bool
) -> TransferRequest:
    """Accept a public request into the normal flow (it is then read like any request), or reject it as spam.

    Only its owner's editors and coordinators may (the core services check it); a request is
    moderated once.
    """
    if request.moderation != Moderation.PENDING:
        raise ValidationError(_("This request has already been moderated."))
    decision = Moderation.ACCEPTED if accept else Moderation.REJECTED
    reason = "accepted from the moderation queue" if accept else "rejected as spam from the moderation queue"
    return record_update(access=access, user=user, instance=request, fields={"moderation": decision}, reason=reason)
