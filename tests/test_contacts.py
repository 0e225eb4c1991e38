"""Public contacts: a person's consent to publication, and the people beside each home unit on the portal."""

import datetime
import json
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from interlocal.core import memo
from interlocal.core import services as core_services
from interlocal.core.permissions import ANONYMOUS, SYSTEM, access_for
from interlocal.ecosystem import services
from interlocal.ecosystem.models import ManagementUnit, Organisation, Person, Position
from interlocal.portal.contacts import unit_contacts
from interlocal.territory.models import Territory
from tests.factories import make

STRATEGY = "/portal/strategy/"
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def home(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Barcelona City Council (the editor's organisation) in the AMB, its relations unit and Núria, its head."""
    amb = make(Territory, key="amb", name="AMB", kind="metropolis", country="ES", owner=world.amb)
    barcelona = make(
        Territory, key="bcn-t", name="Barcelona", kind="municipality", country="ES", parent=amb, owner=world.amb
    )
    core_services.record_update(access=SYSTEM, user=None, instance=world.own, fields={"territory": barcelona})
    core_services.record_update(access=SYSTEM, user=None, instance=world.other, fields={"territory": barcelona})
    unit = make(
        ManagementUnit,
        organisation=world.own,
        name="Office of International Relations",
        scope="relations",
        owner=world.own,
    )
    person = make(
        Person, name="Núria Puig", email="npuig@bcn.example.org", phone="+34 932 000 000",
        notes="Zqprivate: prefers calls after 4 pm", owner=world.own,
    )  # fmt: skip
    position = make(
        Position, person=person, organisation=world.own, unit=unit, title="Head of international relations",
        start_on=datetime.date(2021, 3, 1), owner=world.own, citation="Appointment of 1 March 2021",
    )  # fmt: skip
    return {"unit": unit, "person": person, "position": position}


def give(person: Person, user: Any = None, **fields: Any) -> Person:
    access = access_for(user) if user is not None else SYSTEM
    return services.person_consent_give(
        access=access, user=user, person=person, given_on=fields.get("given_on", datetime.date(2026, 5, 4)),
        purpose=fields.get("purpose", "Name and work contact on the public portal"),
    )  # fmt: skip


def unit_block(page: str, unit_name: str, organisation: str = "Barcelona City Council") -> str:
    """The portal's contacts block of one unit (its heading to the end of its section)."""
    heading = re.escape(f"<h3>{unit_name} · {organisation}")
    match = re.search(rf'<section class="unit-contacts">\s*{heading}.*?</section>', page, re.S)
    assert match, f"no contacts block for {unit_name}"
    return match.group(0)


def strategy_page(client: Client | None = None) -> str:
    response = (client or Client()).get(STRATEGY)
    assert response.status_code == 200
    return response.content.decode()


def test_a_person_who_consented_appears_beside_their_unit_and_leaves_when_consent_is_withdrawn(world, home) -> None:  # type: ignore[no-untyped-def]
    block = unit_block(strategy_page(), "Office of International Relations")
    assert "Head of international relations" in block and "name not published" in block  # the post, no name
    assert "Núria Puig" not in strategy_page() and "npuig@" not in strategy_page()

    give(home["person"], world.users["editor"])
    block = unit_block(strategy_page(), "Office of International Relations")
    assert "<strong>Núria Puig</strong>, Head of international relations" in block
    assert '<a href="mailto:npuig@bcn.example.org">npuig@bcn.example.org</a>' in block
    assert '<a href="tel:+34932000000">+34 932 000 000</a>' in block
    assert "Appointment of 1 March 2021" in block

    services.person_consent_withdraw(
        access=access_for(world.users["editor"]), user=world.users["editor"], person=home["person"]
    )
    page = strategy_page()
    assert "Núria Puig" not in page and "npuig@" not in page
    assert "name not published" in unit_block(page, "Office of International Relations")


def test_consent_changes_are_kept_in_the_history_with_who_made_them(world, home) -> None:  # type: ignore[no-untyped-def]
    editor = world.users["editor"]
    give(home["person"], editor, given_on=datetime.date(2026, 5, 4))
    services.person_consent_withdraw(access=access_for(editor), user=editor, person=home["person"])
    person = Person.objects.get(pk=home["person"].pk)
    assert (person.consent_on, person.consent_purpose) == (None, "")
    trail = [
        (v.history_change_reason, v.consent_on, v.history_user)
        for v in person.history.order_by("history_date", "history_id")
    ]
    assert trail == [
        ("created", None, None),
        ("publication consent given", datetime.date(2026, 5, 4), editor),
        ("publication consent withdrawn", None, editor),
    ]


def test_restoring_an_earlier_version_neither_gives_nor_withdraws_consent(world, home) -> None:  # type: ignore[no-untyped-def]
    editor = world.users["editor"]
    first = home["person"].history.earliest("history_date").history_id
    give(home["person"], editor)
    core_services.record_revert(access=access_for(editor), user=editor, instance=home["person"], history_id=first)
    assert Person.objects.get(pk=home["person"].pk).consent_on == datetime.date(2026, 5, 4)


@pytest.mark.parametrize(
    ("start_on", "end_on", "shown"),
    [
        (datetime.date(2021, 3, 1), None, True),
        (None, None, True),  # begun on a date not known, not ended
        (datetime.date(2021, 3, 1), TODAY, True),  # its last day
        (datetime.date(2021, 3, 1), TODAY - DAY, False),  # ended yesterday
        (TODAY + DAY, None, False),  # begins tomorrow
    ],
)
def test_only_current_positions_are_listed(world, home, start_on, end_on, shown: bool) -> None:  # type: ignore[no-untyped-def]
    give(home["person"])
    core_services.record_update(
        access=SYSTEM, user=None, instance=home["position"], fields={"start_on": start_on, "end_on": end_on}
    )
    block = unit_block(strategy_page(), "Office of International Relations")
    assert ("Núria Puig" in block) is shown
    assert ("Head of international relations" in block) is shown
    assert ("No published contact for this unit yet." in block) is not shown


def test_non_public_records_stay_off_the_portal(world, home) -> None:  # type: ignore[no-untyped-def]
    give(home["person"])
    core_services.record_update(access=SYSTEM, user=None, instance=home["person"], fields={"visibility": "internal"})
    block = unit_block(strategy_page(), "Office of International Relations")
    assert "Núria Puig" not in block and "Head of international relations" in block  # consent, but an internal person

    core_services.record_update(access=SYSTEM, user=None, instance=home["person"], fields={"visibility": "public"})
    core_services.record_update(access=SYSTEM, user=None, instance=home["position"], fields={"visibility": "draft"})
    block = unit_block(strategy_page(), "Office of International Relations")
    assert "Head of international relations" not in block and "Núria Puig" not in block
    assert "No published contact for this unit yet." in block

    core_services.record_update(access=SYSTEM, user=None, instance=home["unit"], fields={"visibility": "internal"})
    assert "Office of International Relations" not in strategy_page()

    # A signed-in reader of the portal sees what the public sees, not the internal records.
    client = Client()
    client.force_login(world.users["coordinator"])
    assert "Office of International Relations" not in strategy_page(client)


def test_an_archived_person_is_not_published(world, home) -> None:  # type: ignore[no-untyped-def]
    give(home["person"])
    core_services.record_set_archived(access=SYSTEM, user=None, instance=home["person"], archived=True)
    assert "Núria Puig" not in strategy_page()


def test_notes_are_never_published(world, home) -> None:  # type: ignore[no-untyped-def]
    give(home["person"])
    person = home["person"]
    anonymous = Client()
    reads = [
        strategy_page(),
        anonymous.get(person.get_absolute_url()).content.decode(),
        anonymous.get("/people/?format=csv").getvalue().decode(),
        anonymous.get(f"/api/v1/people/{person.pk}").content.decode(),
        anonymous.get("/api/v1/people/").content.decode(),
    ]
    assert all("Zqprivate" not in read for read in reads)
    assert "Núria Puig" in reads[1] and "Núria Puig" in reads[2]  # published: name and work contact
    assert json.loads(reads[3])["email"] == "npuig@bcn.example.org"

    viewer = Client()
    viewer.force_login(world.users["viewer"])  # a member of the organisation reads its notes
    assert "Zqprivate" in viewer.get(person.get_absolute_url()).content.decode()
    assert "Zqprivate" in viewer.get("/people/?format=csv").getvalue().decode()


def test_without_consent_an_anonymous_reader_does_not_find_the_person_anywhere(world, home) -> None:  # type: ignore[no-untyped-def]
    person = home["person"]  # public, but no consent
    anonymous = Client()
    assert anonymous.get(person.get_absolute_url()).status_code == 404
    assert anonymous.get(f"/api/v1/people/{person.pk}").status_code == 404
    assert "Núria Puig" not in anonymous.get("/api/v1/people/").content.decode()
    assert "Núria Puig" not in anonymous.get("/people/?format=csv").getvalue().decode()
    position = anonymous.get(f"/api/v1/positions/{home['position'].pk}").json()
    assert (position["title"], position["person"]) == ("Head of international relations", None)


def test_a_peer_metropolis_person_never_appears_on_the_home_portal(world, home) -> None:  # type: ignore[no-untyped-def]
    vienna_t = make(Territory, key="vienna", name="Vienna", kind="metropolis", country="AT", owner=world.amb)
    vienna = make(Organisation, key="city-of-vienna", name="City of Vienna", kind="metropolitan_government", country="AT", territory=vienna_t, owner=world.amb)  # fmt: skip
    unit = make(
        ManagementUnit, organisation=vienna, name="European and International Affairs", scope="relations", owner=vienna
    )
    person = make(Person, name="Zqpeer Huber", email="huber@wien.example.org", owner=vienna)
    make(Position, person=person, organisation=vienna, unit=unit, title="Head of department", owner=vienna)
    give(person)
    give(home["person"])
    page = strategy_page()
    assert "Núria Puig" in page
    contacts_section = page[page.index('id="contacts-heading"') :]
    assert "Zqpeer Huber" not in page and "huber@wien" not in page
    assert "European and International Affairs" not in contacts_section and "City of Vienna" not in contacts_section


def test_posts_outside_any_unit_are_listed_under_their_organisation(world, home) -> None:  # type: ignore[no-untyped-def]
    mayor = make(Person, name="Zqmayor Colau", owner=world.own)
    make(Position, person=mayor, organisation=world.own, title="Mayor", owner=world.own)
    groups = unit_contacts(ANONYMOUS)
    assert [(g.organisation.name, g.unit.name if g.unit else None) for g in groups] == [
        ("Barcelona City Council", None),
        ("Barcelona City Council", "Office of International Relations"),
        ("Barcelona City Council", "Unit own"),
        ("Gavà City Council", None),
        ("Gavà City Council", "Unit other"),
    ]
    # The factories' "Head" of each council has no unit either; nobody consented, so no name.
    assert [(c.title, c.name) for c in groups[0].contacts] == [("Head", ""), ("Mayor", "")]


def test_the_contacts_take_a_fixed_number_of_queries(world, home, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    give(home["person"])
    memo.forget()  # counted as computed, not as remembered (core.memo)
    with django_assert_num_queries(3):  # the version of their data, the units, the positions with their people
        few = unit_contacts(ANONYMOUS)
    page = _queries_of_page()
    for n in range(6):
        unit = make(ManagementUnit, organisation=world.own, name=f"Unit {n}", scope="cooperation", owner=world.own)
        person = make(Person, name=f"Officer {n}", email=f"o{n}@bcn.example.org", owner=world.own)
        make(Position, person=person, organisation=world.own, unit=unit, title="Officer", owner=world.own)
        give(person)
    with django_assert_num_queries(3):  # computed again: the data changed
        many = unit_contacts(ANONYMOUS)
    assert sum(len(g.contacts) for g in many) == sum(len(g.contacts) for g in few) + 6
    assert _queries_of_page() == page


def _queries_of_page() -> int:
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(STRATEGY).status_code == 200
    return len(queries)


# --- Recording and withdrawing consent: pages and API -----------------------------------------------------


def _client(world, role: str) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 404), ("viewer", 403), ("editor", 302), ("coordinator", 302)]
)
def test_only_the_persons_editors_record_consent(world, home, role: str, status: int) -> None:  # type: ignore[no-untyped-def]
    url = f"/people/{home['person'].pk}/consent/"
    response = _client(world, role).post(url, {"action": "give", "given_on": "2026-05-04", "purpose": "Portal"})
    assert response.status_code == status
    person = Person.objects.get(pk=home["person"].pk)
    assert (person.consent_on is not None) is (status == 302)
    assert person.history.count() == (2 if status == 302 else 1)


def test_an_editor_of_another_organisation_may_not_touch_the_consent(world, home) -> None:  # type: ignore[no-untyped-def]
    others = world.others["people"]  # Gavà's person
    give(others)
    response = _client(world, "editor").post(f"/people/{others.pk}/consent/", {"action": "withdraw"})
    assert response.status_code == 403
    assert Person.objects.get(pk=others.pk).consent_on is not None


def test_the_consent_page_records_and_withdraws(world, home) -> None:  # type: ignore[no-untyped-def]
    client = _client(world, "editor")
    url = f"/people/{home['person'].pk}/consent/"
    assert "Record consent" in client.get(url).content.decode()
    detail = client.get(home["person"].get_absolute_url()).content.decode()
    assert "Not given" in detail and url in detail
    response = client.post(url, {"action": "give", "given_on": "2026-05-04", "purpose": "Portal contacts"}, follow=True)
    assert "Consent to publication recorded." in response.content.decode()
    assert "Portal contacts" in response.content.decode()
    response = client.post(url, {"action": "withdraw"}, follow=True)
    assert "Consent to publication withdrawn" in response.content.decode()
    assert Person.objects.get(pk=home["person"].pk).consent_on is None


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"given_on": "", "purpose": "Portal"}, "given_on", "Give the date the person consented."),
        (
            {"given_on": str(TODAY + DAY), "purpose": "Portal"},
            "given_on",
            "Consent cannot be given on a date still to come.",
        ),
        ({"given_on": "2026-05-04", "purpose": "  "}, "purpose", "Say what the person consented to."),
    ],
)
def test_bad_consent_input_gets_a_message_and_changes_nothing(world, home, data, field: str, message: str) -> None:  # type: ignore[no-untyped-def]
    client = _client(world, "editor")
    response = client.post(f"/people/{home['person'].pk}/consent/", {"action": "give", **data})
    assert response.status_code == 400 and message in response.content.decode()
    api = Client().post(
        f"/api/v1/ecosystem/people/{home['person'].pk}/consent",
        json.dumps({"given_on": data["given_on"] or None, "purpose": data["purpose"]}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {world.tokens['editor']}"},
    )
    assert api.status_code == 422 and api.json()["detail"][field] == [message]
    assert home["person"].history.count() == 1 and Person.objects.get(pk=home["person"].pk).consent_on is None


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("viewer", 403), ("editor", 200)])
def test_the_api_records_and_withdraws_consent_for_editors_only(world, home, role: str, status: int) -> None:  # type: ignore[no-untyped-def]
    headers = {} if role == "anonymous" else {"Authorization": f"Bearer {world.tokens[role]}"}
    url = f"/api/v1/ecosystem/people/{home['person'].pk}/consent"
    given = Client().post(
        url,
        json.dumps({"given_on": "2026-05-04", "purpose": "Portal"}),
        content_type="application/json",
        headers=headers,
    )
    assert given.status_code == status
    if status == 200:
        assert given.json() == {"id": home["person"].pk, "consent_on": "2026-05-04", "consent_purpose": "Portal"}
        withdrawn = Client().post(f"{url}/withdraw", headers=headers)
        assert withdrawn.json()["consent_on"] is None
        assert [v.history_change_reason for v in home["person"].history.order_by("history_id")][-2:] == [
            "publication consent given",
            "publication consent withdrawn",
        ]
    else:
        assert Person.objects.get(pk=home["person"].pk).consent_on is None


def test_a_person_edit_neither_gives_nor_withdraws_consent(world, home) -> None:  # type: ignore[no-untyped-def]
    give(home["person"])
    response = Client().patch(
        f"/api/v1/people/{home['person'].pk}",
        json.dumps({"name": "Núria Puig i Vall", "consent_on": None}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {world.tokens['editor']}"},
    )
    assert response.status_code == 200
    person = Person.objects.get(pk=home["person"].pk)
    assert (person.name, person.consent_on) == ("Núria Puig i Vall", datetime.date(2026, 5, 4))


# --- Default data ---------------------------------------------------------------------------------------------


def test_the_default_data_holds_the_reports_posts_without_publishing_a_name(db) -> None:  # type: ignore[no-untyped-def]
    from interlocal.metropolis.defaults import amb, reference, report

    reference.load_reference()
    amb.load_amb()
    report.load_report()
    positions = Position.objects.select_related("person", "organisation", "unit")
    assert positions.count() == 31
    assert not positions.exclude(citation__startswith="Report").exists()
    director = positions.get(person__name="Oriol Illa Garcia")
    assert (director.title, director.organisation.key, director.unit.name, director.citation) == (
        "Director for International Relations and Cooperation",
        "amb",
        "Department of International Relations",
        "Report §2 (Presentation)",
    )
    # Nobody is published: the report records no consent.
    assert not Person.objects.filter(consent_on__isnull=False).exists()
    assert set(Person.objects.values_list("visibility", flat=True)) == {"internal"}
    assert not positions.filter(illustrative=True).exists()

    page = strategy_page()
    block = unit_block(page, "Department of International Relations", "Barcelona Metropolitan Area (AMB)")
    assert "Director for International Relations and Cooperation" in block and "Report §2 (Presentation)" in block
    assert "Head of International Relations" in block and "name not published" in block
    assert "Oriol Illa" not in page and "Xavier Tiana" not in page
    assert "Carolina Bernal Sierra" not in page and "Director of Knowledge Management" not in page  # Medellín, a peer

    report.load_report()  # idempotent
    assert (Position.objects.count(), Person.objects.count()) == (31, 31)
