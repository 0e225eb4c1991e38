"""Reads of the participation app: the public account of consultations, and the moderation queue.

The portal shows the home metropolis's own public consultations (a peer's, such as Montreal's,
stays a cited record of the back office and the API), and of each only what an anonymous reader
may read: accepted contributions, public sessions, public objectives. Counts by sector are
aggregated in the database, one grouped query each.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Sum, Value, When
from django.http import Http404

from interlocal.core.access import ANONYMOUS, Access
from interlocal.core.visibility import hide_hidden_foreign_keys
from interlocal.ecosystem.home import own_records
from interlocal.ecosystem.models import Organisation
from interlocal.strategy.models import Objective

from .models import (
    Consultation,
    ConsultationPhase,
    ConsultationSession,
    ConsultationStatus,
    Contribution,
    Moderation,
    SessionAttendance,
)


def public_objectives(consultation: Consultation) -> "QuerySet[Objective]":
    """The objectives a public contribution may be tagged to: the public ones of the consultation's plan."""
    if consultation.plan_id is None:
        return Objective.objects.none()
    return Objective.objects.visible_to(ANONYMOUS).filter(axis__plan_id=consultation.plan_id).order_by("code", "title")


STATUS_ORDER = Case(
    When(status=ConsultationStatus.OPEN, then=Value(0)),
    When(status=ConsultationStatus.PREPARING, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def portal_consultations() -> "QuerySet[Consultation]":
    """The home metropolis's public consultations, open ones first (then those in preparation, then the closed
    ones), with their counts of accepted contributions."""
    accepted = Q(contributions__moderation=Moderation.ACCEPTED) & Contribution.visible_q(
        ANONYMOUS, prefix="contributions__"
    )
    return (
        own_records(Consultation.objects.visible_to(ANONYMOUS))
        .select_related("plan", "organisation")
        .annotate(heard=Count("contributions", filter=accepted, distinct=True))
        .order_by(STATUS_ORDER, "title", "pk")
    )


def portal_consultation(pk: int) -> Consultation:
    consultation = portal_consultations().filter(pk=pk).first()
    if consultation is None:
        raise Http404
    return consultation


def open_consultation(pk: int) -> Consultation:
    """A consultation anyone may contribute to: public and open; 404 otherwise."""
    consultation = Consultation.objects.visible_to(ANONYMOUS).select_related("plan").filter(pk=pk).first()
    if consultation is None or not consultation.is_open:
        raise Http404
    return consultation


@dataclass
class SectorCount:
    sector: str
    sessions: int
    people: int | None  # None: the sector took part but no one counted its people
    contributions: int


@dataclass
class PublicAccount:
    """What the consultation's public page shows: what we heard, what we did."""

    consultation: Consultation
    phases: list[ConsultationPhase]
    sessions: list[ConsultationSession]
    contributions: list[Contribution]
    sectors: list[SectorCount]
    sectors_named: list[Any]

    @property
    def acted_on(self) -> list[Contribution]:
        return [c for c in self.contributions if c.changed or c.response]


def public_account(consultation: Consultation) -> PublicAccount:
    """Phases, sessions, accepted contributions and counts by sector, as an anonymous reader may read them."""
    public_orgs: QuerySet[Organisation] = Organisation.objects.visible_to(ANONYMOUS).order_by("name")
    phases = list(ConsultationPhase.objects.visible_to(ANONYMOUS).filter(consultation=consultation))
    sessions = list(
        ConsultationSession.objects.visible_to(ANONYMOUS)
        .filter(consultation=consultation)
        .select_related("phase")
        .prefetch_related(
            Prefetch("organisations", queryset=public_orgs),
            Prefetch(
                "attendance",
                queryset=SessionAttendance.objects.filter(SessionAttendance.visible_q(ANONYMOUS)).select_related(
                    "sector"
                ),
            ),
        )
    )
    contributions = list(
        Contribution.objects.visible_to(ANONYMOUS)
        .filter(consultation=consultation)
        .select_related(
            "organisation",
            "sector",
            "session",
            "changed_objective",
            "changed_action_line",
            "changed_action_line__objective",
        )
        .prefetch_related(Prefetch("objectives", queryset=Objective.objects.visible_to(ANONYMOUS)), "themes")
        .order_by("-received_on", "-pk")
    )
    # The contributions' own links to hidden records read as hidden already; an action line's objective is a
    # link one step further.
    lines = [c.changed_action_line for c in contributions if c.changed_action_line and c.changed_action_line.pk]
    hide_hidden_foreign_keys(lines, ANONYMOUS)
    return PublicAccount(
        consultation=consultation,
        phases=phases,
        sessions=sessions,
        contributions=contributions,
        sectors=sector_counts(consultation, ANONYMOUS),
        sectors_named=list(consultation.sectors.order_by("name")),
    )


def sector_counts(consultation: Consultation, access: Access) -> list[SectorCount]:
    """Per sector: sessions it took part in, people counted, contributions heard, grouped in the database.

    A sector whose attendance was never counted has no number of people (None), not zero.
    """
    attendance = (
        SessionAttendance.objects.visible_to(access)
        .filter(session__consultation=consultation)
        .filter(ConsultationSession.visible_q(access, prefix="session__"))
        .values("sector__name")
        .annotate(sessions=Count("session", distinct=True), people=Sum("people"))
    )
    heard = (
        Contribution.objects.visible_to(access)
        .filter(consultation=consultation, sector__isnull=False)
        .values("sector__name")
        .annotate(contributions=Count("pk"))
    )
    rows: dict[str, SectorCount] = {}
    for counted in attendance:
        name = counted["sector__name"]
        rows[name] = SectorCount(name, counted["sessions"], counted["people"], 0)
    for row in heard:
        name = row["sector__name"]
        rows.setdefault(name, SectorCount(name, 0, None, 0)).contributions = row["contributions"]
    return sorted(rows.values(), key=lambda r: r.sector)


def moderation_queue(access: Access) -> "QuerySet[Contribution]":
    """Contributions from the public form awaiting this reader's decision, oldest first."""
    pending = Contribution.objects.visible_to(access).filter(moderation=Moderation.PENDING)
    if not access.coordinator:
        pending = pending.filter(owner_id__in=access.edits_for)
    return pending.select_related("consultation", "consultation__plan", "sector").order_by("received_on", "pk")


def awaiting_response(access: Access) -> "QuerySet[Contribution]":
    """Accepted public contributions of this reader's organisations that do not yet say what was done."""
    accepted = Contribution.objects.visible_to(access).filter(
        moderation=Moderation.ACCEPTED,
        source="public",
        response="",
        changed_objective__isnull=True,
        changed_action_line__isnull=True,
    )
    if not access.coordinator:
        accepted = accepted.filter(owner_id__in=access.edits_for)
    return accepted.select_related("consultation", "consultation__plan", "sector").order_by("received_on", "pk")
