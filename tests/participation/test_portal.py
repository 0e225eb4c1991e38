"""The consultation's public page: what we heard, what we did, its sessions and its counts by sector."""

import datetime

from django.test import Client

from interlocal.core.permissions import access_for
from interlocal.ecosystem.models import Organisation
from interlocal.participation.models import (
    Consultation,
    ConsultationPhase,
    ConsultationSession,
    Contribution,
    SessionAttendance,
)
from interlocal.participation.services import contribution_moderate, contribution_submit
from tests.factories import make


def _heard(world, setting, n: int) -> None:  # type: ignore[no-untyped-def]
    """A session with two sectors counted, an organisation's contribution, an accepted public one; tagged by `n`."""
    consultation, owner = setting.consultation, world.own
    session = make(
        ConsultationSession, consultation=consultation, title=f"Session {n}", held_on=datetime.date(2026, 9, 20 + n),
        place="Barcelona", organisations=[world.own, world.other], owner=owner,
    )  # fmt: skip
    make(SessionAttendance, session=session, sector=setting.transport, people=10 + n, owner=owner)
    make(SessionAttendance, session=session, sector=setting.digital, people=None, owner=owner)
    make(
        Contribution, consultation=consultation, organisation=world.other, session=session, sector=setting.transport,
        text=f"Gavà asks for night buses {n}", received_on=datetime.date(2026, 9, 20 + n),
        objectives=[setting.objective], owner=owner,
    )  # fmt: skip
    public = contribution_submit(
        consultation=consultation, text=f"Please publish the air quality of big events {n}", sector=setting.digital,
        email=f"secret{n}@example.org", organisation=f"Zqgroup{n}", language="en",
    )  # fmt: skip
    editor = world.users["editor"]
    contribution_moderate(
        access=access_for(editor), user=editor, contribution=public, accept=True, changed_action_line=setting.line,
        response=f"The events line now asks for an air-quality plan {n}.",
    )  # fmt: skip


def test_what_we_heard_and_what_we_did(world, setting) -> None:  # type: ignore[no-untyped-def]
    _heard(world, setting, 1)
    contribution_submit(consultation=setting.consultation, text="Zqpending words nobody may read yet", language="en")
    make(ConsultationPhase, consultation=setting.consultation, position=1, name="Listening", owner=world.own)
    make(ConsultationPhase, consultation=setting.consultation, position=2, name="Zqdraftphase", owner=world.own,
         visibility="draft")  # fmt: skip
    page = Client().get(f"/portal/consultations/{setting.consultation.pk}/").content.decode()
    assert "Gavà asks for night buses 1" in page
    assert "Please publish the air quality of big events 1" in page
    assert "The events line now asks for an air-quality plan 1." in page
    assert "It changed the action line" in page and "1.1.1 Housing for researchers" in page
    assert "Listening" in page and "Zqdraftphase" not in page
    assert "Zqpending" not in page  # awaiting moderation
    assert "secret1@example.org" not in page and "Zqgroup1" not in page  # never the contributor's contact
    assert "Send your contribution" in page
    # By sector: Transport 1 session, 11 people, 1 contribution; Digital 1 session, not counted, 1 contribution.
    assert '<tr data-sector="Digital"><th scope="row">Digital</th><td>1</td><td>not counted</td><td>1</td></tr>' in page
    assert '<tr data-sector="Transport"><th scope="row">Transport</th><td>1</td><td>11</td><td>1</td></tr>' in page


def test_the_public_page_costs_the_same_queries_whatever_it_shows(  # type: ignore[no-untyped-def]
    world, setting, django_assert_num_queries
) -> None:
    _heard(world, setting, 1)
    url = f"/portal/consultations/{setting.consultation.pk}/"
    client = Client()
    client.get(url)  # the identity and the theme are read once per process
    # The consultation, its phases, sessions (their public organisations and attendance), accepted contributions
    # (their public objectives and themes), the two counts by sector and the sectors named; each hides its
    # non-public relations in one query per kind, as do the action lines the contributions changed.
    with django_assert_num_queries(21):
        assert client.get(url).status_code == 200
    for n in range(2, 5):
        _heard(world, setting, n)
    with django_assert_num_queries(21):
        page = client.get(url).content.decode()
    # Transport: 4 sessions, 11 + 12 + 13 + 14 = 50 people, 4 contributions.
    assert '<tr data-sector="Transport"><th scope="row">Transport</th><td>4</td><td>50</td><td>4</td></tr>' in page


def test_the_list_shows_the_metropolis_s_public_consultations_only(world, setting) -> None:  # type: ignore[no-untyped-def]
    make(Consultation, title="Zqdraftconsultation", organisation=world.own, owner=world.own, visibility="draft")
    montreal = make(Organisation, key="city-of-montreal", name="City of Montreal", kind="municipal_government",
                    country="CA", owner=world.amb)  # fmt: skip
    peer = make(Consultation, title="Montreal's framework", organisation=montreal, owner=montreal)
    page = Client().get("/portal/consultations/").content.decode()
    assert "Barcelona asks about its plan" in page
    assert "Zqdraftconsultation" not in page and "Montreal&#x27;s framework" not in page
    assert Client().get(f"/portal/consultations/{peer.pk}/").status_code == 404  # a peer's is in the back office
    assert f'href="/portal/consultations/{setting.consultation.pk}/contribute/"' in page


def test_the_list_shows_open_consultations_first_then_those_in_preparation(world, setting) -> None:  # type: ignore[no-untyped-def]
    for title, status in [("A closed one", "closed"), ("An upcoming one", "preparing"), ("Another open one", "open")]:
        make(Consultation, title=title, organisation=world.own, status=status, owner=world.own)
    page = Client().get("/portal/consultations/").content.decode()
    order = ["Another open one", "Barcelona asks about its plan", "An upcoming one", "A closed one"]
    assert sorted(order, key=page.index) == order
