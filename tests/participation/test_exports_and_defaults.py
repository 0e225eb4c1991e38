"""The contributions' CSV export, and the default data: Montreal's process as cited, the demo's, loaded once."""

import csv
import io

from django.test import Client

from interlocal.ecosystem.models import Organisation
from interlocal.participation import defaults
from interlocal.participation.models import (
    Consultation,
    ConsultationPhase,
    ConsultationSession,
    Contribution,
    Sector,
    SessionAttendance,
)
from interlocal.participation.services import contribution_submit
from interlocal.strategy import defaults as strategy_defaults
from tests.factories import make


def _rows(response) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_csv_export_holds_what_the_reader_may_see(world, setting) -> None:  # type: ignore[no-untyped-def]
    contribution_submit(
        consultation=setting.consultation, text="Zqpending contribution text", email="a@example.org", language="en"
    )
    make(Contribution, consultation=setting.consultation, organisation=world.other, text="=1+1 accepted",
         received_on="2026-10-01", owner=world.own)  # fmt: skip
    anonymous = _rows(Client().get("/contributions/", {"format": "csv"}))
    assert [row["text"] for row in anonymous] == ["'=1+1 accepted"]  # a formula is quoted; the pending one is left out
    assert "contact_email" not in anonymous[0]
    editor = Client()
    editor.force_login(world.users["editor"])
    rows = _rows(editor.get("/contributions/", {"format": "csv", "sort": "received_on"}))
    assert sorted(row["contact_email"] for row in rows) == ["", "a@example.org"]


def test_the_default_data_loads_once(world) -> None:  # type: ignore[no-untyped-def]
    montreal = make(Organisation, key="city-of-montreal", name="City of Montreal", kind="municipal_government",
                    country="CA", owner=world.amb)  # fmt: skip
    strategy_defaults.load(illustrative=True)  # the AMB's plan and its illustrative objectives
    for _ in range(2):
        defaults.load(illustrative=True)
    assert Sector.objects.count() == 7
    cited = Consultation.objects.get(organisation=montreal)
    assert (cited.reported_meetings, cited.reported_organisations, cited.reported_people) == (10, 100, 500)
    assert (cited.plan, cited.status, cited.illustrative, cited.visibility) == (None, "closed", False, "public")
    assert cited.citation == "Study §2 (Stakeholders); Report §5.3 (Session III: Local Partners, Montreal)"
    assert cited.sectors.count() == 7
    assert list(cited.phases.values_list("position", flat=True)) == [1, 2]
    assert not cited.sessions.exists() and not cited.contributions.exists()  # nothing per meeting is invented
    demo = Consultation.objects.get(organisation=world.amb)
    assert (demo.status, demo.illustrative, demo.plan.title) == (
        "open",
        True,
        "Metropolitan Action Plan (international lines)",
    )
    assert ConsultationSession.objects.filter(consultation=demo).count() == 2
    assert SessionAttendance.objects.count() == 4
    assert ConsultationPhase.objects.count() == 4
    assert list(demo.contributions.order_by("moderation").values_list("moderation", flat=True)) == [
        "accepted",
        "accepted",
        "pending",
    ]
    assert all(c.illustrative for c in demo.contributions.all())
    assert demo.contributions.filter(changed_action_line__isnull=False).count() == 2


def test_without_the_illustrative_data_only_the_cited_process_loads(world) -> None:  # type: ignore[no-untyped-def]
    make(Organisation, key="city-of-montreal", name="City of Montreal", kind="municipal_government", country="CA",
         owner=world.amb)  # fmt: skip
    assert defaults.load() == "Participation: 7 sectors, 1 cited consultation (Montreal)."
    assert Consultation.objects.count() == 1 and not Consultation.objects.filter(illustrative=True).exists()
