"""API tokens on "My account": created and shown once, stored hashed, expiring, revoked by their owner or a coordinator."""

import datetime
import json
import re
from zoneinfo import ZoneInfo

import pytest
from django.http import Http404
from django.test import Client
from django.utils import timezone

from interlocal.accounts import services
from interlocal.core.models import ApiToken
from interlocal.core.permissions import access_for

RAW = re.compile(r'id="new-token" type="text" readonly value="(il_[\w-]+)"')


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def create_token(client: Client, name: str = "script", expires_on: str = "") -> str:
    response = client.post("/account/", {"name": name, "expires_on": expires_on})
    assert response.status_code == 201
    found = RAW.search(response.content.decode())
    assert found is not None
    return found.group(1)


def test_a_token_is_shown_once_stored_hashed_and_works_until_revoked(world) -> None:  # type: ignore[no-untyped-def]
    editor = signed_in(world.users["editor"])
    raw = create_token(editor)
    token = ApiToken.objects.get(name="script")
    assert token.digest == ApiToken.digest_for(raw) and raw not in token.digest
    page = editor.get("/account/").content.decode()
    assert raw not in page and "script" in page and "never" in page

    bearer = {"Authorization": f"Bearer {raw}"}
    assert Client().get("/api/v1/agreements/", headers=bearer).status_code == 200
    created = Client().post(
        "/api/v1/people/",
        json.dumps({"name": "Ada", "owner": world.own.pk, "visibility": "internal", "language": "en"}),
        content_type="application/json",
        headers=bearer,
    )
    assert created.status_code == 201, created.content
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert "never" not in editor.get("/account/").content.decode().split("script", 1)[1].split("</tr>", 1)[0]

    assert editor.post(f"/access/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client().get("/api/v1/agreements/", headers=bearer).status_code == 401
    assert "Revoked" in editor.get("/account/").content.decode()
    rows = ApiToken.history.filter(id=token.pk).order_by("history_id")  # type: ignore[attr-defined]
    assert [(row.history_type, row.history_user, row.revoked_at is not None) for row in rows] == [
        ("+", world.users["editor"], False),
        ("~", world.users["editor"], True),
    ]


def test_the_history_of_a_token_keeps_no_digest(world) -> None:  # type: ignore[no-untyped-def]
    editor = signed_in(world.users["editor"])
    create_token(editor)
    token = ApiToken.objects.get(name="script")
    editor.post(f"/access/tokens/{token.pk}/revoke/")
    history = ApiToken.history  # type: ignore[attr-defined]
    assert history.filter(id=token.pk).count() == 2
    assert "digest" not in {field.name for field in history.model._meta.fields}


def test_an_expired_token_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    editor = signed_in(world.users["editor"])
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    raw = create_token(editor, expires_on=tomorrow)
    bearer = {"Authorization": f"Bearer {raw}"}
    assert Client().get("/api/v1/agreements/", headers=bearer).status_code == 200
    ApiToken.objects.filter(name="script").update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert Client().get("/api/v1/agreements/", headers=bearer).status_code == 401
    assert "Expired" in editor.get("/account/").content.decode()


def test_a_token_expiring_on_a_day_works_until_the_end_of_that_day(world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TIME_ZONE = "Europe/Madrid"
    editor = signed_in(world.users["editor"])
    day = timezone.localdate() + datetime.timedelta(days=3)
    create_token(editor, expires_on=day.isoformat())
    expires_at = timezone.localtime(ApiToken.objects.get(name="script").expires_at)
    last_minute = datetime.datetime.combine(day, datetime.time(23, 59), tzinfo=ZoneInfo("Europe/Madrid"))
    assert last_minute < expires_at <= last_minute + datetime.timedelta(minutes=1)
    assert str(expires_at.tzinfo) == "Europe/Madrid"
    assert day.isoformat() in editor.get("/account/").content.decode()  # the page names the chosen day


def test_bad_token_input_gets_a_message_and_creates_nothing(world) -> None:  # type: ignore[no-untyped-def]
    editor = signed_in(world.users["editor"])
    before = ApiToken.objects.count()
    past = editor.post("/account/", {"name": "x", "expires_on": "2020-01-01"})
    assert past.status_code == 400 and "Choose a date after today" in past.content.decode()
    assert editor.post("/account/", {"name": ""}).status_code == 400
    assert ApiToken.objects.count() == before


def test_nobody_acts_on_anothers_tokens_but_a_coordinator(world) -> None:  # type: ignore[no-untyped-def]
    viewers_token = ApiToken.objects.get(user=world.users["viewer"])
    assert Client().post(f"/access/tokens/{viewers_token.pk}/revoke/").status_code == 302  # to the login page
    assert signed_in(world.users["editor"]).post(f"/access/tokens/{viewers_token.pk}/revoke/").status_code == 404
    editor = world.users["editor"]
    with pytest.raises(Http404):  # the service answers as the page does
        services.token_revoke(access=access_for(editor), actor=editor, token=viewers_token)
    viewers_token.refresh_from_db()
    assert viewers_token.revoked_at is None
    assert "pw-" not in signed_in(world.users["editor"]).get("/account/").content.decode()

    coordinator = signed_in(world.users["coordinator"])
    page = coordinator.get(f"/access/people/{world.users['viewer'].pk}/").content.decode()
    assert "Revoke test" in page
    response = coordinator.post(f"/access/tokens/{viewers_token.pk}/revoke/")
    assert response["Location"] == f"/access/people/{world.users['viewer'].pk}/"
    viewers_token.refresh_from_db()
    assert viewers_token.revoked_at is not None
    assert (
        Client().get("/api/v1/agreements/", headers={"Authorization": f"Bearer {world.tokens['viewer']}"}).status_code
        == 401
    )
    history = coordinator.get(f"/access/people/{world.users['viewer'].pk}/").content.decode()
    assert "API token changed" in history and "Revoked at" in history
