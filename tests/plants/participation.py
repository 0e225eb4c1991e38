"""Consultations' hidden records for the leak walk: a draft consultation, a pending public contribution,
draft phases, sessions and objectives linked from a public consultation (one through a public action line it
holds), and a contributor's contact."""

import datetime
from typing import Any

from interlocal.core.access import SYSTEM
from interlocal.core.services import record_update
from interlocal.ecosystem.models import Organisation
from interlocal.participation.models import (
    Consultation,
    ConsultationPhase,
    ConsultationSession,
    Contribution,
    Sector,
    SessionAttendance,
)
from interlocal.participation.services import contribution_submit
from interlocal.strategy.models import ActionLine, Objective
from tests.factories import make


def plant(world: Any, planted: Any) -> None:
    gava = world.other
    hidden = {"owner": gava, "visibility": "draft"}
    public = {"owner": gava, "visibility": "public"}
    planted.draft += [
        "zqdraftconsultation",
        "zqdraftphase",
        "zqdraftsession",
        "zqpendingcontribution",
        "zqdraftpartorg",
        "zqdraftobjective",
        "zqrejectedcontribution",
    ]
    planted.internal += ["zqacceptedcontact", "zqinternalsession"]
    planted.searchable += ["zqdraftconsultation", "zqdraftsession", "zqpendingcontribution", "zqdraftpartorg"]
    sector, _ = Sector.objects.get_or_create(slug="zq-sector", defaults={"name": "Sector"})
    plan = world.others["plans"]
    planted.add(make(Consultation, title="Zqdraftconsultation", organisation=gava, plan=plan, status="open", **hidden))
    party = planted.add(make(Organisation, key="zqdraftpartorg", name="Zqdraftpartorg", kind="ngo", **hidden))
    objective = planted.add(make(Objective, axis=world.others["axes"], code="9", title="Zqdraftobjective", **hidden))
    consultation = planted.add(
        make(Consultation, title="Public consultation", organisation=gava, plan=plan, status="open", **public)
    )
    planted.add(make(ConsultationPhase, consultation=consultation, name="Zqdraftphase", **hidden))
    draft_session = planted.add(
        make(ConsultationSession, consultation=consultation, title="Zqdraftsession", held_on=datetime.date(2025, 5, 1),
             place="Gavà", **hidden)
    )  # fmt: skip
    planted.add(make(SessionAttendance, session=draft_session, sector=sector, people=7, **public))
    planted.add(
        make(ConsultationSession, consultation=consultation, title="Zqinternalsession", held_on=datetime.date(2025, 5, 2),
             place="Gavà", owner=gava, visibility="internal")
    )  # fmt: skip
    session = planted.add(
        make(ConsultationSession, consultation=consultation, title="Public session", held_on=datetime.date(2025, 5, 3),
             place="Gavà", organisations=[party, gava], **public)
    )  # fmt: skip
    planted.add(make(SessionAttendance, session=session, sector=sector, people=9, **public))
    # Awaiting Gavà's moderation: read by no one else, even though public once accepted.
    planted.add(
        contribution_submit(
            consultation=consultation, text="zqpendingcontribution asks for night buses", sector=sector,
            organisation="Zqpendingcontribution group", email="zqpendingcontribution@example.org", language="en",
        )
    )  # fmt: skip
    rejected = contribution_submit(
        consultation=consultation, text="zqrejectedcontribution spam spam spam spam", language="en"
    )
    planted.add(record_update(access=SYSTEM, user=None, instance=rejected, fields={"moderation": "rejected"}))
    accepted = contribution_submit(
        consultation=consultation, text="An accepted public contribution about the plan", sector=sector,
        organisation="Zqacceptedcontact group", email="zqacceptedcontact@example.org", language="en",
    )  # fmt: skip
    planted.add(
        record_update(
            access=SYSTEM, user=None, instance=accepted,
            fields={"moderation": "accepted", "changed_objective": objective, "response": "Done"},
            m2m={"objectives": [objective]},
        )
    )  # fmt: skip
    planted.add(
        make(Contribution, consultation=consultation, organisation=party, session=draft_session,
             text="A public contribution of a hidden organisation", received_on=datetime.date(2025, 5, 3), **public)
    )  # fmt: skip
    line = planted.add(
        make(ActionLine, objective=objective, code="9.1", title="Public line of a draft objective", **public)
    )
    planted.add(
        make(Contribution, consultation=consultation, text="A contribution that changed a public action line",
             received_on=datetime.date(2025, 5, 4), changed_action_line=line, **public)
    )  # fmt: skip
