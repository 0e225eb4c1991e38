"""The events a user should know about on a day, found from the records as that user may read them.

Each kind reads through `visible_to(access)` with the user's own access, so no event names a
record the user may not read. Who is concerned by what:

- a value returned: whoever submitted it (`submitted_by`), or whoever entered it when no
  submission was recorded;
- values waiting for review: everyone who may review them (`results.services.can_review`:
  the coordinators, and the editors of the indicator's organisation), except whoever entered
  or submitted them; one event per indicator and day of the latest submission, not per value;
- a follow-up action is assigned to an organisation (`responsible`), not to a person: it
  concerns the editors and coordinators of that organisation, who may report its progress
  (`FollowUpAction.editing_organisation_ids`); the same people are told when it is overdue;
- an agreement ending within 90 days, or newly dormant: the users with any role in the
  organisation that holds it (`Agreement.organisation`). Dormancy is the coordination
  findings' own rule (`coordination.findings.dormant_agreements`), run for the user.

An event's `occurrence` tells one occurrence from the next (the day a value was returned, an
action's due date, an agreement's end date, the dormancy finding's fingerprint), so a value
returned again, or an end date moved, is told again, and nothing else is told twice.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from interlocal.coordination.findings import Finding, Settings, dormant_agreements
from interlocal.coordination.models import FollowUpAction
from interlocal.coordination.selectors import open_actions
from interlocal.core.permissions import SYSTEM, Access
from interlocal.diplomacy.models import Agreement
from interlocal.results.models import Indicator, Observation, ObservationStatus
from interlocal.results.selectors import review_queue

from .models import NotificationKind

Kind = NotificationKind
ENDING_WITHIN = datetime.timedelta(days=90)
# Dormancy is told when it starts: an agreement dormant today and not a week ago (a week, so
# that a day the command did not run loses nothing; the database keeps each one told once).
DORMANT_LOOKBACK = datetime.timedelta(days=7)

# The kind of record each kind of notification is about: what its `record_id` names.
KIND_MODELS: dict[str, Any] = {
    Kind.VALUE_RETURNED: Observation,
    Kind.REVIEW_WAITING: Indicator,
    Kind.ACTION_ASSIGNED: FollowUpAction,
    Kind.ACTION_OVERDUE: FollowUpAction,
    Kind.AGREEMENT_ENDING: Agreement,
    Kind.AGREEMENT_DORMANT: Agreement,
}


@dataclass(frozen=True)
class Event:
    kind: str
    record_id: int
    occurrence: str
    text: str
    url: str


def _day(moment: datetime.datetime) -> str:
    return timezone.localdate(moment).isoformat()


def values_returned(user: Any, access: Access, day: datetime.date) -> Iterator[Event]:
    mine = Q(submitted_by=user) | Q(submitted_by__isnull=True, entered_by=user)
    returned = (
        Observation.objects.visible_to(access)
        .filter(mine, status=ObservationStatus.RETURNED)
        .select_related("indicator", "territory")
        .order_by("pk")
    )
    for observation in returned:
        yield Event(
            Kind.VALUE_RETURNED,
            observation.pk,
            _day(observation.updated_at),
            _("Your value “%(value)s” was returned: %(note)s")
            % {"value": observation, "note": observation.review_note},
            observation.get_absolute_url(),
        )


def reviews_waiting(user: Any, access: Access, day: datetime.date) -> Iterator[Event]:
    if not access.can_write:
        return
    waiting = (
        review_queue(access=access)
        .exclude(submitted_by=user)
        .exclude(entered_by=user)
        .order_by()
        .values("indicator_id", "indicator__name")
        .annotate(count=Count("pk"), latest=Max("updated_at"))
        .order_by("indicator__name", "indicator_id")
    )
    for row in waiting:
        yield Event(
            Kind.REVIEW_WAITING,
            row["indicator_id"],
            _day(row["latest"]),
            ngettext(
                "%(count)s value of “%(indicator)s” waits for your review.",
                "%(count)s values of “%(indicator)s” wait for your review.",
                row["count"],
            )
            % {"count": row["count"], "indicator": row["indicator__name"]},
            reverse("results:review"),
        )


def actions(user: Any, access: Access, day: datetime.date) -> Iterator[Event]:
    if not access.edits_for:
        return
    for action in open_actions(access).filter(responsible_id__in=access.edits_for):
        yield Event(
            Kind.ACTION_ASSIGNED,
            action.pk,
            "",
            _("“%(action)s” is assigned to %(organisation)s%(due)s.")
            % {
                "action": action,
                "organisation": action.responsible,
                "due": _(", due %(date)s") % {"date": formats.date_format(action.due_on)} if action.due_on else "",
            },
            action.get_absolute_url(),
        )
        if action.due_on is not None and action.due_on < day:
            yield Event(
                Kind.ACTION_OVERDUE,
                action.pk,
                action.due_on.isoformat(),
                _("“%(action)s” was due on %(date)s and is still %(status)s.")
                % {
                    "action": action,
                    "date": formats.date_format(action.due_on),
                    "status": action.get_status_display().lower(),
                },
                action.get_absolute_url(),
            )


def agreements_ending(user: Any, access: Access, day: datetime.date) -> Iterator[Event]:
    if not access.member_of:
        return
    ending = (
        Agreement.objects.visible_to(access)
        .filter(organisation_id__in=access.member_of, ends_on__gte=day, ends_on__lte=day + ENDING_WITHIN)
        .exclude(status="ended")
        .order_by("ends_on", "pk")
    )
    for agreement in ending:
        assert agreement.ends_on is not None  # noqa: S101 - filtered above
        yield Event(
            Kind.AGREEMENT_ENDING,
            agreement.pk,
            agreement.ends_on.isoformat(),
            _("The agreement “%(agreement)s” ends on %(date)s (in %(days)s days).")
            % {
                "agreement": agreement,
                "date": formats.date_format(agreement.ends_on),
                "days": (agreement.ends_on - day).days,
            },
            agreement.get_absolute_url(),
        )


def dormant_candidates(day: datetime.date) -> set[int]:
    """The agreements (of any organisation) that became dormant in the week up to `day`.

    The rule runs once for the platform here, then again for each user concerned with that
    user's access (`agreements_dormant`), so that what is told is only what the user may read.
    """
    return set(_newly_dormant(SYSTEM, day))


def _newly_dormant(access: Access, day: datetime.date) -> dict[int, Finding]:
    before = {f.fingerprint for f in dormant_agreements(access, Settings(today=day - DORMANT_LOOKBACK))}
    return {
        f.records[0].pk: f
        for f in dormant_agreements(access, Settings(today=day))
        if f.fingerprint not in before and not f.mentions_hidden
    }


def agreements_dormant(user: Any, access: Access, day: datetime.date, candidates: set[int]) -> Iterator[Event]:
    concerned = Agreement.objects.visible_to(access).filter(pk__in=candidates, organisation_id__in=access.member_of)
    if not candidates or not access.member_of or not concerned.exists():
        return
    for pk, finding in _newly_dormant(access, day).items():
        if pk not in candidates or finding.records[0].organisation_id not in access.member_of:
            continue
        yield Event(
            Kind.AGREEMENT_DORMANT,
            pk,
            finding.fingerprint,
            f"{finding.title}. {finding.explanation}",
            finding.records[0].get_absolute_url(),
        )


def events_for(user: Any, access: Access, day: datetime.date, dormant: set[int]) -> list[Event]:
    """Every event of the day for `user`, in the active language."""
    return [
        *values_returned(user, access, day),
        *reviews_waiting(user, access, day),
        *actions(user, access, day),
        *agreements_ending(user, access, day),
        *agreements_dormant(user, access, day, dormant),
    ]
