"""Records and form data of the participation kinds, for tests/factories.py.

`records_for` and `valid_data` in tests/factories.py build one record of every registered kind;
they extend themselves with these two functions, so the shared page, permission and API tests
cover consultations, phases, sessions, attendance and contributions too.
"""

import datetime
from typing import Any

from interlocal.participation.models import (
    Consultation,
    ConsultationPhase,
    ConsultationSession,
    Contribution,
    Sector,
    SessionAttendance,
)


def participation_records(make: Any, owner: Any, tag: str, records: dict[str, Any]) -> dict[str, Any]:
    """One record of each participation kind owned by `owner` (`records` holds the strategy ones)."""
    sector, _ = Sector.objects.get_or_create(slug="transport", defaults={"name": "Transport"})
    consultation = make(
        Consultation, title=f"Consultation {tag}", organisation=owner, plan=records["plans"], status="open", owner=owner
    )
    phase = make(ConsultationPhase, consultation=consultation, name=f"Phase {tag}", owner=owner)
    session = make(
        ConsultationSession,
        consultation=consultation,
        phase=phase,
        title=f"Session {tag}",
        held_on=datetime.date(2025, 3, 1),
        place="Barcelona",
        organisations=[owner],
        owner=owner,
    )
    return {
        "consultations": consultation,
        "consultation-phases": phase,
        "consultation-sessions": session,
        "session-attendance": make(SessionAttendance, session=session, sector=sector, people=12, owner=owner),
        "contributions": make(
            Contribution,
            consultation=consultation,
            organisation=owner,
            session=session,
            text=f"Contribution {tag} about the plan",
            received_on=datetime.date(2025, 3, 1),
            objectives=[records["objectives"]],
            owner=owner,
        ),
    }


def participation_valid_data(world: Any, owner: Any) -> dict[str, dict[str, Any]]:
    r = world.records
    sector, _ = Sector.objects.get_or_create(slug="digital", defaults={"name": "Digital"})
    return {
        "consultations": {
            "title": "New consultation",
            "organisation": owner.pk,
            "plan": r["plans"].pk,
            "status": "preparing",
        },
        "consultation-phases": {"consultation": r["consultations"].pk, "position": 2, "name": "New phase"},
        "consultation-sessions": {
            "consultation": r["consultations"].pk,
            "title": "New session",
            "held_on": "2025-04-01",
            "online": True,
        },
        "session-attendance": {"session": r["consultation-sessions"].pk, "sector": sector.pk, "people": 3},
        "contributions": {
            "consultation": r["consultations"].pk,
            "source": "organisation",
            "organisation": owner.pk,
            "text": "A new contribution",
            "received_on": "2025-04-02",
        },
    }
