"""The coordination pages: filters, fixed query counts, bad input, decisions, bodies, dossiers."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interlocal.coordination.defaults import load as load_defaults
from interlocal.coordination.dossier import dossier_document, dossier_for
from interlocal.coordination.findings import Settings, all_findings
from interlocal.coordination.models import BodyMember, Decision, FindingDecision, FollowUpAction, Meeting
from interlocal.coordination.selectors import overdue_actions
from interlocal.core.permissions import SYSTEM
from interlocal.diplomacy.models import Agreement, Engagement, Membership, PartnerPlace
from interlocal.ecosystem.models import Organisation, Person, Position, WorldRegion

from ..factories import make, records_for

D = datetime.date


def client_for(world, username: str = "coordinator") -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    if username != "anonymous":
        client.force_login(world.users[username])
    return client


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:2000])
    return len(captured)


def more_data(world, n: int) -> None:  # type: ignore[no-untyped-def]
    """Records of every kind, plus missions, meetings and actions, so counts could grow if a page looped."""
    for i in range(n):
        records_for(world.own, world.network, f"more-{n}-{i}")
        place = PartnerPlace.objects.filter(name=f"Place more-{n}-{i}").get()
        for owner in (world.own, world.other):
            make(Engagement, title=f"M {i} {owner.pk}", kind="outgoing_mission", start_on=timezone.localdate(), place=place,
                 owner=owner, participants=[owner])  # fmt: skip
        body = world.network  # any organisation serves as a body in these counts
        meeting = make(Meeting, body=body, title=f"Roundtable {n}-{i}", held_on=D(2025, 3, 1), owner=world.amb,
                       attendees=[world.own, world.other])  # fmt: skip
        decision = make(Decision, meeting=meeting, text=f"Decision {i}", owner=world.amb)
        make(FollowUpAction, title=f"Action {n}-{i}", responsible=world.own, due_on=D(2025, 1, 1), meeting=meeting,
             decision=decision, owner=world.amb, agreement=world.records["agreements"])  # fmt: skip
        make(Position, person=make(Person, name=f"P {n}-{i}", owner=world.own), organisation=world.own, title="Officer",
             owner=world.own)  # fmt: skip


def urls(world) -> list[str]:  # type: ignore[no-untyped-def]
    agreement, place = world.records["agreements"], world.records["places"]
    return [
        reverse("coordination:dashboard"),
        reverse("coordination:activity"),
        reverse("coordination:activity") + f"?organisation={world.own.pk}&kind=outgoing_mission&start=2020-01-01",
        reverse("coordination:activity-chart") + "?region=european-union",
        reverse("coordination:activity-points") + f"?organisation={world.own.pk}&theme=climate",
        reverse("coordination:calendar") + f"?month={timezone.localdate():%Y-%m}",
        reverse("coordination:findings"),
        reverse("coordination:dossier", args=["place", place.pk]),
        reverse("coordination:dossier", args=["agreement", agreement.pk]),
        reverse("coordination:dossier", args=["organisation", world.own.pk]),
        reverse("coordination:dossier", args=["network", world.network.pk]),
    ]


def test_pages_use_a_fixed_number_of_queries(world, home) -> None:  # type: ignore[no-untyped-def]
    WorldRegion.objects.get_or_create(slug="european-union", defaults={"name": "European Union"})
    client = client_for(world)
    more_data(world, 1)
    few = [queries(client, url) for url in urls(world)]
    more_data(world, 5)
    assert [queries(client, url) for url in urls(world)] == few


def test_activity_filters_by_organisation_kind_region_theme_and_period(world, home) -> None:  # type: ignore[no-untyped-def]
    WorldRegion.objects.get_or_create(slug="latin-america", defaults={"name": "Latin America"})
    lima = make(PartnerPlace, name="Lima", country="PE", latitude=-12.0, longitude=-77.0, owner=world.amb)
    lyon = make(PartnerPlace, name="Lyon", country="FR", latitude=45.7, longitude=4.8, owner=world.amb)
    make(Engagement, title="Barcelona to Lima", kind="outgoing_mission", start_on=D(2025, 3, 1), place=lima,
         owner=world.own, participants=[world.own])  # fmt: skip
    make(Engagement, title="Gavà to Lyon", kind="visit", start_on=D(2025, 4, 1), place=lyon, owner=world.other,
         participants=[world.other])  # fmt: skip
    client = Client()

    def titles(**params):  # type: ignore[no-untyped-def]
        return {e.title for e in client.get("/coordination/activity/", params).context["rows"]}

    assert {"Barcelona to Lima", "Gavà to Lyon", "Mission own", "Mission other"} <= titles()
    assert titles(organisation=world.other.pk) == {"Gavà to Lyon", "Mission other"}
    assert titles(kind="visit") == {"Gavà to Lyon"}
    assert titles(region="latin-america") == {"Barcelona to Lima"}
    assert titles(start="2025-03-15", end="2025-12-31") == {"Gavà to Lyon"}
    world.records["agreements"].themes.set([])
    world.own.themes.add(*world.own.themes.model.objects.filter(slug="climate"))
    assert titles(theme="climate") == {"Barcelona to Lima", "Mission own"}
    points = client.get("/coordination/activity/points.json", {"region": "latin-america"}).json()
    assert [p["name"] for p in points["points"]] == ["Lima"] and points["countries"][0]["name"] == "Peru"
    assert set(points["points"][0]) == {"name", "lat", "lon", "kind", "label", "url", "count"}
    spec = client.get("/coordination/activity/chart.json", {"organisation": world.own.pk}).json()
    assert {"month": "2025-03", "kind": "Outgoing mission", "count": 1} in spec["data"]["values"]
    calendar = client.get("/coordination/calendar/", {"month": "2025-04"}).content.decode()
    assert "Gavà to Lyon" in calendar and "Barcelona to Lima" not in calendar


def test_bad_filters_are_explained_and_show_nothing(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    response = client.get("/coordination/activity/", {"start": "2025-13-45", "kind": "party"})
    assert response.status_code == 400 and response.context["rows"] == []
    assert "Enter a valid date" in response.content.decode()
    reversed_period = client.get("/coordination/activity/", {"start": "2025-05-01", "end": "2025-01-01"})
    assert "The end date cannot be before the start date." in reversed_period.content.decode()
    assert client.get("/coordination/activity/points.json", {"organisation": "x"}).json()["points"] == []
    month = client.get("/coordination/calendar/", {"month": "May"})
    assert (
        month.status_code == 400 and "Give the month as YYYY-MM; showing the current month." in month.content.decode()
    )
    assert client.get("/coordination/findings/", {"window_days": "-3"}).status_code == 400


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "0000-05", "10000-01", "2025-13", "2025-00", "٢٠٢٥-٠١"])
def test_a_month_the_calendar_cannot_draw_is_refused_with_a_message(db, month: str) -> None:  # type: ignore[no-untyped-def]
    response = Client().get("/coordination/calendar/", {"month": month})

    assert response.status_code == 400
    page = response.content.decode()
    this_month = timezone.localdate().replace(day=1)
    assert response.context["month"] == this_month
    in_range = "The calendar goes from 0001-02 to 9999-11; showing the current month."
    assert in_range in page if month in ("9999-12", "0001-01", "0000-05") else "Give the month as YYYY-MM" in page


@pytest.mark.parametrize(
    ("month", "previous", "following"), [("0001-02", "0001-01", "0001-03"), ("9999-11", "9999-10", "9999-12")]
)
def test_the_calendar_draws_the_first_and_last_months_it_can(db, month: str, previous: str, following: str) -> None:  # type: ignore[no-untyped-def]
    response = Client().get("/coordination/calendar/", {"month": month})

    assert response.status_code == 200
    assert (response.context["previous"], response.context["following"]) == (previous, following)


def test_anonymous_visitors_see_only_public_activity(world, home) -> None:  # type: ignore[no-untyped-def]
    make(Engagement, title="Confidential trip", kind="visit", start_on=D(2025, 1, 1), owner=world.own,
         participants=[world.own], visibility="internal")  # fmt: skip
    assert "Confidential trip" not in Client().get("/coordination/activity/").content.decode()
    assert "Confidential trip" in client_for(world, "viewer").get("/coordination/activity/").content.decode()


def test_a_finding_is_dismissed_with_a_reason_through_the_page(world) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world, "editor")
    [finding] = [f for f in all_findings(SYSTEM, Settings()).findings if f.rule == "network_shared"]
    url = reverse("coordination:finding", args=[finding.fingerprint])
    assert client.get(url).status_code == 200
    empty = client.post(url, {"do": "dismiss", "dismiss-reason": ""})
    assert empty.status_code == 400 and not FindingDecision.objects.exists()
    # The editor's organisation (Barcelona City Council) is not among the members: only the agencies are.
    assert client.post(url, {"do": "dismiss", "dismiss-reason": "Both needed"}).status_code == 403
    coordinator = client_for(world)
    # Drawn, and remembered (core.memo) until the registry or a decision changes.
    assert finding.fingerprint in coordinator.get("/coordination/findings/").content.decode()
    response = coordinator.post(url, {"do": "dismiss", "dismiss-reason": "Both memberships are needed"})
    assert response.status_code == 302
    page = coordinator.get("/coordination/findings/").content.decode()
    assert finding.fingerprint not in page
    decided = coordinator.get("/coordination/findings/", {"decided": "on"}).content.decode()
    assert "Both memberships are needed" in decided
    assert client_for(world, "viewer").get(url).status_code == 403
    assert coordinator.get(reverse("coordination:finding", args=["0" * 40])).status_code == 404


def test_the_findings_page_shows_fifty_of_a_kind_and_says_how_many_more(world, home) -> None:  # type: ignore[no-untyped-def]
    place = make(PartnerPlace, name="Lyon", country="FR", owner=world.amb)
    for n in range(55):
        make(Agreement, organisation=world.own, partner_place=place, title=f"Zqold agreement {n}", kind="twinning",
             status="active", signed_on=datetime.date(2010, 1, 1), owner=world.own)  # fmt: skip
    dormant = [f for f in all_findings(SYSTEM, Settings(scope=home)).findings if f.rule == "dormant"]
    assert len(dormant) >= 55
    page = client_for(world).get("/coordination/findings/").content.decode()
    section = page.split('id="rule-dormant"')[1].split("</section>")[0]
    assert section.count('<li data-rule="dormant"') == 50
    assert f"Dormant agreements ({len(dormant)})" in page
    assert f"And {len(dormant) - 50} more findings of this kind" in section


def test_a_finding_names_twenty_of_its_records_and_says_how_many_more(world, home) -> None:  # type: ignore[no-untyped-def]
    for n in range(24):
        agency = make(Organisation, key=f"zq-{n}", name=f"Zq agency {n}", kind="investment_agency",
                      territory=world.own.territory, owner=world.amb)  # fmt: skip
        make(Membership, organisation=agency, network=world.network, role="member", owner=world.amb)
    [shared] = [f for f in all_findings(SYSTEM, Settings(scope=home)).findings if f.rule == "network_shared"]
    assert len(shared.records) == 27  # the network, and its 26 members from the metropolis
    page = client_for(world).get("/coordination/findings/").content.decode()
    item = page.split(f'data-fingerprint="{shared.fingerprint}"')[1].split("</li>")[0]
    assert item.split("Based on:")[1].count("<a href=") == 20
    assert "; and 7 more records" in item
    names = sorted(o.name for o in shared.organisations)  # and the first twenty of the 26 organisations by name
    assert f"{', '.join(names[:20])} and 6 more are members" in item and names[20] not in item


def test_meetings_decisions_and_actions_and_the_overdue_list(world) -> None:  # type: ignore[no-untyped-def]
    body = make(Organisation, key="roundtable", name="Quarterly roundtable", kind="coordination_body", owner=world.amb)
    client = client_for(world)
    response = client.post(
        "/meetings/new/",
        {"body": body.pk, "title": "Q1 roundtable", "held_on": "2025-03-01", "agenda": "1. Missions to Lyon",
         "attendees": [world.own.pk, world.other.pk], "owner": world.amb.pk, "visibility": "internal", "language": "en"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get(title="Q1 roundtable")
    assert set(meeting.attendees.all()) == {world.own, world.other}
    client.post("/meeting-decisions/new/", {"meeting": meeting.pk, "text": "Go to Lyon together", "owner": world.amb.pk,
                                            "visibility": "internal", "language": "en"})  # fmt: skip
    decision = Decision.objects.get(text="Go to Lyon together")
    bad = client.post("/follow-up-actions/new/", {"title": "", "responsible": world.own.pk, "status": "open",
                                                   "due_on": "soon", "owner": world.amb.pk, "visibility": "internal",
                                                   "language": "en"})  # fmt: skip
    assert bad.status_code == 400 and not FollowUpAction.objects.filter(due_on__isnull=False).exists()
    client.post("/follow-up-actions/new/", {"title": "Draft the joint programme", "responsible": world.own.pk,
                                             "status": "open", "due_on": "2025-04-01", "decision": decision.pk,
                                             "owner": world.amb.pk, "visibility": "internal", "language": "en"})  # fmt: skip
    action = FollowUpAction.objects.get(title="Draft the joint programme")
    assert action.meeting == meeting  # taken from the decision
    overdue = overdue_actions(SYSTEM, today=D(2025, 4, 2))
    assert overdue["count"] == 1 and overdue["actions"] == [action]
    assert overdue_actions(SYSTEM, today=D(2025, 4, 1))["count"] == 0
    dashboard = client.get("/coordination/").content.decode()
    assert "Draft the joint programme" in dashboard and "overdue" in dashboard
    # The responsible organisation's editor may report it done.
    editor = client_for(world, "editor")
    editor.post(reverse("coordination:action-status", args=[action.pk]), {"status": "done"})
    action.refresh_from_db()
    assert action.status == "done" and action.history.first().history_user == world.users["editor"]
    assert "Draft the joint programme" not in client.get("/coordination/").content.decode()
    assert client_for(world, "viewer").post(reverse("coordination:action-status", args=[action.pk]),
                                            {"status": "open"}).status_code == 403  # fmt: skip


def test_the_dashboard_shows_twenty_bodies_and_links_to_the_rest(world) -> None:  # type: ignore[no-untyped-def]
    bodies = [make(Organisation, key=f"zq-body-{n:02}", name=f"Zq body {n:02}", kind="coordination_body",
                   owner=world.amb) for n in range(23)]  # fmt: skip
    make(BodyMember, body=bodies[0], organisation=world.own, role="member", owner=world.amb)
    make(BodyMember, body=bodies[22], organisation=world.other, role="member", owner=world.amb)
    dashboard = client_for(world).get("/coordination/").content.decode()
    assert "Zq body 19" in dashboard and "Zq body 20" not in dashboard  # by name
    assert "Barcelona City Council (Member)" in dashboard and "Gavà City Council (Member)" not in dashboard
    assert '/organisations/?kind=coordination_body">And 3 more coordination bodies</a>' in dashboard
    listed = client_for(world).get("/organisations/?kind=coordination_body").content.decode()
    assert "Zq body 22" in listed and "Barcelona City Council" not in listed


def test_the_dossier_of_a_partner_place_as_a_page_and_a_pdf(world) -> None:  # type: ignore[no-untyped-def]
    place = make(PartnerPlace, name="Valparaíso", country="CL", owner=world.amb)
    agreement = make(Agreement, organisation=world.own, partner_place=place, title="Twinning Barcelona–Valparaíso",
                     kind="twinning", aims="Port cities learning together", document_url="https://example.org/t.pdf",
                     owner=world.own)  # fmt: skip
    make(Engagement, title="Visit to Valparaíso", kind="visit", start_on=D(2025, 5, 5), place=place, agreement=agreement,
         owner=world.own, participants=[world.own])  # fmt: skip
    make(FollowUpAction, title="Renew the twinning", responsible=world.own, agreement=agreement, owner=world.own)
    person = make(Person, name="Núria Puig", email="nuria@example.org", owner=world.own)
    make(Position, person=person, organisation=world.own, title="Head of international relations", owner=world.own)
    make(Position, person=make(Person, name="Former Head", owner=world.own), organisation=world.own, title="Head",
         end_on=D(2020, 1, 1), owner=world.own)  # fmt: skip
    from interlocal.core.services import record_update

    record_update(access=SYSTEM, user=world.users["coordinator"], instance=place, fields={"population": 300000})
    client = client_for(world, "viewer")
    page = client.get(reverse("coordination:dossier", args=["place", place.pk])).content.decode()
    for text in ("Valparaíso", "Núria Puig", "Head of international relations", "Twinning Barcelona–Valparaíso",
                 "Port cities learning together", "Visit to Valparaíso", "Renew the twinning",
                 "https://example.org/t.pdf", "300000", "coordinator"):  # fmt: skip
        assert text in page, text
    assert "Former Head" not in page
    pdf = client.get(reverse("coordination:dossier-pdf", args=["place", place.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    document = dossier_document(pdf.wsgi_request, dossier_for(SYSTEM, "place", place.pk))
    text = " ".join(_texts(page_._page_box) for page_ in document.pages)
    assert "Valparaíso" in text and "Núria Puig" in text and "Renew the twinning" in text


def _texts(box) -> str:  # type: ignore[no-untyped-def]
    own = getattr(box, "text", "") or ""
    return own + " ".join(_texts(child) for child in getattr(box, "children", []))


@pytest.mark.parametrize("kind", ["organisation", "network", "agreement"])
def test_dossiers_of_other_kinds(world, kind: str) -> None:
    record = {"organisation": world.own, "network": world.network, "agreement": world.records["agreements"]}[kind]
    response = Client().get(reverse("coordination:dossier", args=[kind, record.pk]))
    assert response.status_code == 200 and str(record) in response.content.decode()


def test_dossiers_of_hidden_or_wrong_records_are_not_found(world) -> None:  # type: ignore[no-untyped-def]
    hidden = make(PartnerPlace, name="Secret", country="FR", owner=world.own, visibility="draft")
    client = Client()
    assert client.get(reverse("coordination:dossier", args=["place", hidden.pk])).status_code == 404
    assert client.get(reverse("coordination:dossier", args=["network", world.own.pk])).status_code == 404
    assert client.get(reverse("coordination:dossier", args=["planet", 1])).status_code == 404


def test_default_members_cite_the_report_and_load_once(world) -> None:  # type: ignore[no-untyped-def]
    keys = ["barcelona-international-roundtable", "barcelona-airport", "port-of-barcelona",
            "barcelona-free-trade-zone", "barcelona-city-council"]  # fmt: skip
    for key in keys:
        kind = "coordination_body" if key.endswith("roundtable") else "other"
        make(Organisation, key=key, name=key, kind=kind, owner=world.amb)
    assert "4 members" in load_defaults()
    assert load_defaults() == ""
    members = BodyMember.objects.filter(body__key="barcelona-international-roundtable")
    assert {m.organisation.key for m in members} == set(keys[1:])
    assert all(m.citation.startswith("Report §5.1") for m in members)
    assert not Meeting.objects.filter(body__key="barcelona-international-roundtable").exists()


def test_pages_on_the_default_data(db) -> None:  # type: ignore[no-untyped-def]
    from interlocal.metropolis.defaults import load_default_data

    load_default_data(log=lambda _message: None)
    client = Client()
    for url in ("/coordination/", "/coordination/activity/", "/coordination/findings/", "/coordination/calendar/",
                "/coordination/activity/points.json", "/coordination/activity/chart.json"):  # fmt: skip
        assert client.get(url).status_code == 200, url
    dashboard = client.get("/coordination/").content.decode()
    assert "Barcelona quarterly roundtable of main regional players" in dashboard and "Port of Barcelona" in dashboard
    scope = client.get("/coordination/findings/").context["scope"]
    assert scope is not None and scope.key == "amb"
    uclg = Organisation.objects.get(key="uclg")
    assert client.get(reverse("coordination:dossier", args=["network", uclg.pk])).status_code == 200


def test_the_remembered_dashboard_follows_a_new_action_and_a_renamed_responsible(world) -> None:  # type: ignore[no-untyped-def]
    from interlocal.core import services

    client, viewer = client_for(world), client_for(world, "viewer")
    assert "Zqaction" not in client.get("/coordination/").content.decode()  # read once: now remembered
    make(FollowUpAction, title="Zqaction", responsible=world.own, status="open", owner=world.amb,
         visibility="draft")  # fmt: skip
    assert "Zqaction" in client.get("/coordination/").content.decode()
    assert "Zqaction" not in viewer.get("/coordination/").content.decode()  # a draft of another organisation
    services.record_update(access=SYSTEM, user=None, instance=world.own, fields={"name": "Zqrenamed council"})
    dashboard = client.get("/coordination/").content.decode()
    assert "Zqrenamed council" in dashboard[dashboard.index("Zqaction") :]
