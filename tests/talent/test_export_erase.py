"""A member's data export and erasure: for its organisation's editors only, each recorded, erasure in the history too."""

import datetime
import json
from typing import Any

import pytest
from django.test import Client

from interlocal.core.models import Role
from interlocal.core.permissions import SYSTEM
from interlocal.core.services import record_update
from interlocal.talent import services
from interlocal.talent.models import Consent, Member, TalentNetwork
from tests.factories import make

from .test_privacy import gava_user


@pytest.fixture
def network(world: Any) -> TalentNetwork:
    return make(TalentNetwork, name="Gavà Alumni", owner=world.other)


@pytest.fixture
def record(network: TalentNetwork) -> Member:
    """A consenting member whose city and e-mail changed once: two values of each in its history."""
    record = make(
        Member, network=network, name="Zqmarta Vidal", email="zqmarta@example.org", country="US", city="Boston",
        sector="science", organisation_name="Zqlab", member_since=datetime.date(2020, 9, 1), owner=network.owner,
    )  # fmt: skip
    services.consent_give(
        access=SYSTEM, user=None, member=record, purpose="publication", given_on=datetime.date(2024, 1, 1)
    )
    record_update(
        access=SYSTEM, user=None, instance=record, fields={"city": "Zqcambridge", "email": "zqnew@example.org"}
    )
    return record


PERSONAL = ["Zqmarta", "zqmarta@example.org", "zqnew@example.org", "Boston", "Zqcambridge", "Zqlab"]


def test_the_organisations_editor_exports_everything_held_on_the_member(world: Any, record: Member) -> None:
    editor, token = gava_user(world, Role.EDITOR)
    client = Client()
    client.force_login(editor)

    response = client.post(f"/talent-members/{record.pk}/export/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="member-{record.pk}.json"'
    data = json.loads(response.content)
    assert data["member"]["name"] == "Zqmarta Vidal" and data["member"]["email"] == "zqnew@example.org"
    assert data["member"]["city"] == "Zqcambridge" and data["member"]["network_name"] == "Gavà Alumni"
    assert data["consents"] == [
        {
            "purpose": "publication",
            "given_on": "2024-01-01",
            "withdrawn_on": None,
            "recorded_at": data["consents"][0]["recorded_at"],
        }
    ]
    assert [v["values"]["city"] for v in data["history"]] == ["Boston", "Boston", "Zqcambridge", "Zqcambridge"]
    reasons = ["created", "consent given: publication", "edited", "personal data exported"]
    assert [v["reason"] for v in data["history"]] == reasons
    # The export is recorded: who, and that it happened.
    latest = record.history.first()
    assert latest.history_change_reason == "personal data exported" and latest.history_user == editor

    by_api = Client().post(f"/api/v1/talent/members/{record.pk}/export", headers={"Authorization": f"Bearer {token}"})
    assert by_api.status_code == 200 and by_api.json()["member"]["email"] == "zqnew@example.org"


@pytest.mark.parametrize(("reader", "status"), [("viewer", 403), ("editor", 403), ("coordinator", 200)])
def test_export_is_refused_to_other_organisations(world: Any, record: Member, reader: str, status: int) -> None:
    client = Client()
    client.force_login(world.users[reader])
    versions = record.history.count()

    assert client.post(f"/talent-members/{record.pk}/export/").status_code == status
    api = Client().post(
        f"/api/v1/talent/members/{record.pk}/export", headers={"Authorization": f"Bearer {world.tokens[reader]}"}
    )
    assert api.status_code == status
    assert record.history.count() == versions + (2 if status == 200 else 0)


def test_export_of_a_member_without_consent_is_not_found_by_others(world: Any, network: TalentNetwork) -> None:
    hidden = make(Member, network=network, name="Zqhidden", owner=network.owner)
    client = Client()
    client.force_login(world.users["editor"])
    assert client.post(f"/talent-members/{hidden.pk}/export/").status_code == 404
    assert client.post(f"/talent-members/{hidden.pk}/erase/", {"confirm": "ERASE"}).status_code == 404
    assert Client().post(f"/talent-members/{hidden.pk}/export/").status_code == 404


def test_erasure_leaves_no_personal_data_in_the_members_history(world: Any, record: Member) -> None:
    editor, _ = gava_user(world, Role.EDITOR)
    client = Client()
    client.force_login(editor)
    assert client.post(f"/talent-members/{record.pk}/erase/", {"confirm": "no"}).status_code == 400
    assert Member.objects.get(pk=record.pk).name == "Zqmarta Vidal"  # a wrong confirmation changes nothing

    response = client.post(f"/talent-members/{record.pk}/erase/", {"confirm": "ERASE"})

    assert response.status_code == 302
    erased = Member.objects.get(pk=record.pk)
    assert erased.erased_at is not None and erased.archived_at is not None
    assert (erased.name, erased.email, erased.city, erased.country, erased.organisation_name) == ("", "", "", "", "")
    assert erased.member_since is None and str(erased) == f"Erased member {record.pk}"
    rows = list(Member.history.filter(id=record.pk).order_by("history_date", "history_id").values())
    assert len(rows) == 4  # created, consent given, edited, erased: the trail stays
    for row in rows:
        for name in ("name", "email", "country", "city", "sector", "organisation_name"):
            assert row[name] == "", (name, row)
        assert row["member_since"] is None and row["organisation_id"] is None
        assert not any(word.lower() in json.dumps(row, default=str).lower() for word in PERSONAL)
    assert rows[-1]["history_change_reason"] == "personal data erased"
    assert rows[-1]["history_user_id"] == editor.pk
    consent = Consent.objects.get(member=record)
    assert consent.withdrawn_on is not None and not consent.in_force()
    # Erased, the member is out of every public answer.
    assert Client().get(f"/api/v1/talent-members/{record.pk}").status_code == 404


def test_erasure_through_the_api_and_refused_to_other_organisations(world: Any, record: Member) -> None:
    other = Client().post(
        f"/api/v1/talent/members/{record.pk}/erase", headers={"Authorization": f"Bearer {world.tokens['editor']}"}
    )
    assert other.status_code == 403
    assert Member.objects.get(pk=record.pk).name == "Zqmarta Vidal"
    _, token = gava_user(world, Role.EDITOR)

    response = Client().post(f"/api/v1/talent/members/{record.pk}/erase", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 200 and response.json()["erased_at"]
    assert not Member.history.filter(id=record.pk).exclude(name="").exists()


def test_consents_through_the_api(world: Any, network: TalentNetwork) -> None:
    hidden = make(Member, network=network, name="Zqhidden", owner=network.owner)
    _, token = gava_user(world, Role.EDITOR)
    headers = {"Authorization": f"Bearer {token}"}
    url = f"/api/v1/talent/members/{hidden.pk}/consents"

    future = Client().post(
        url, {"purpose": "publication", "on": "2999-01-01"}, content_type="application/json", headers=headers
    )
    missing = Client().post(url, {"purpose": "publication"}, content_type="application/json", headers=headers)
    assert future.status_code == 422 and "on" in future.json()["detail"]
    assert missing.status_code == 422 and not hidden.consents.exists()

    given = Client().post(
        url, {"purpose": "publication", "on": "2025-03-01"}, content_type="application/json", headers=headers
    )
    assert given.status_code == 200 and given.json()["consents"][0]["given_on"] == "2025-03-01"
    assert Client().get(f"/api/v1/talent-members/{hidden.pk}").status_code == 200

    withdrawn = Client().post(
        f"{url}/withdraw", {"purpose": "publication"}, content_type="application/json", headers=headers
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["consents"][0]["withdrawn_on"]
    assert Client().get(f"/api/v1/talent-members/{hidden.pk}").status_code == 404


def test_consent_on_the_page(world: Any, network: TalentNetwork) -> None:
    hidden = make(Member, network=network, name="Zqhidden", owner=network.owner)
    editor, _ = gava_user(world, Role.EDITOR)
    client = Client()
    client.force_login(editor)
    page = client.get(hidden.get_absolute_url()).content.decode()
    assert "No consent recorded" in page

    client.post(
        f"/talent-members/{hidden.pk}/consent/", {"action": "give", "purpose": "publication", "on": "2025-02-01"}
    )
    assert Client().get(hidden.get_absolute_url()).status_code == 200
    outsider = Client()
    outsider.force_login(world.users["editor"])
    assert (
        outsider.post(
            f"/talent-members/{hidden.pk}/consent/", {"action": "withdraw", "purpose": "publication"}
        ).status_code
        == 403
    )
    assert (
        "No consent recorded" not in outsider.get(hidden.get_absolute_url()).content.decode()
    )  # the section is not theirs
