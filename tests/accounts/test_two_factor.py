"""Optional TOTP two-factor login, and the setting that requires it of coordinators."""

import json
import os
import re
import subprocess
import sys
from base64 import b32encode

from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from interlocal.ecosystem.models import Person

from ..factories import make


def code_of(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)


def log_in(client: Client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_set_up_then_login_asks_for_the_code_then_remove(world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code would otherwise delay the next try by a second
    client = Client()
    assert log_in(client, "editor", "pw-editor").status_code == 302
    assert client.post("/account/two-factor/", {"action": "start"}).status_code == 302
    page = client.get("/account/two-factor/").content.decode()
    assert "<svg" in page and "<script" not in page.split("<main", 1)[1]
    device = TOTPDevice.objects.get(user=world.users["editor"])
    assert not device.confirmed and b32encode(device.bin_key).decode() in page
    wrong = client.post(
        "/account/two-factor/", {"action": "confirm", "code": "000000" if code_of(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 400 and "not the one your app shows" in wrong.content.decode()
    assert client.post("/account/two-factor/", {"action": "confirm", "code": code_of(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert "On: after your password" in client.get("/account/").content.decode()

    client.post("/accounts/logout/")
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # as if the next code had come
    fresh = Client()
    response = log_in(fresh, "editor", "pw-editor")
    assert response["Location"] == "/account/login-code/"
    assert "_auth_user_id" not in fresh.session  # not signed in by the password alone
    assert fresh.get("/account/").status_code == 302
    refused = fresh.post("/account/login-code/", {"code": "12345x"})
    assert refused.status_code == 400 and "_auth_user_id" not in fresh.session
    device.refresh_from_db()
    assert fresh.post("/account/login-code/", {"code": code_of(device)}).status_code == 302
    assert fresh.get("/account/").status_code == 200

    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    device.refresh_from_db()
    assert fresh.post("/account/two-factor/", {"action": "remove", "code": code_of(device)}).status_code == 302
    assert not TOTPDevice.objects.filter(user=world.users["editor"]).exists()
    assert log_in(Client(), "editor", "pw-editor")["Location"] != "/account/login-code/"


def test_the_code_step_without_a_password_goes_back_to_login(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    assert client.get("/account/login-code/")["Location"] == "/accounts/login/"
    assert client.post("/account/login-code/", {"code": "123456"})["Location"] == "/accounts/login/"


def test_the_setting_makes_coordinators_set_up_two_factor_first(world, settings) -> None:  # type: ignore[no-untyped-def]
    coordinator, editor = Client(), Client()
    coordinator.force_login(world.users["coordinator"])
    editor.force_login(world.users["editor"])
    assert coordinator.get("/organisations/").status_code == 200  # off by default

    settings.INTERLOCAL_REQUIRE_2FA_FOR_COORDINATORS = True
    response = coordinator.get("/organisations/")
    assert response.status_code == 302 and response["Location"] == "/account/two-factor/"
    assert coordinator.get("/access/people/")["Location"] == "/account/two-factor/"
    page = coordinator.get("/account/two-factor/").content.decode()
    assert "Coordinators must set up two-factor login" in page
    assert coordinator.get("/portal/").status_code == 200  # the public portal stays open
    assert editor.get("/organisations/").status_code == 200  # only coordinators

    coordinator.post("/account/two-factor/", {"action": "start"})
    device = TOTPDevice.objects.get(user=world.users["coordinator"])
    assert coordinator.post("/account/two-factor/", {"action": "confirm", "code": code_of(device)}).status_code == 302
    assert coordinator.get("/organisations/").status_code == 200


def test_the_admin_login_is_the_one_login(world) -> None:  # type: ignore[no-untyped-def]
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and re.match(r"^/accounts/login/\?next=/admin/", response["Location"])


def internal_names(client: Client) -> set[str]:
    """The names of people the API gives this client (a session, no bearer token)."""
    response = client.get("/api/v1/people/")
    assert response.status_code == 200
    return {person["name"] for person in response.json()["items"]}


def test_a_coordinator_who_owes_the_set_up_reads_the_api_as_anonymous(world, settings) -> None:  # type: ignore[no-untyped-def]
    make(Person, name="Internal Ada", owner=world.own, visibility="internal", language="en")
    settings.INTERLOCAL_REQUIRE_2FA_FOR_COORDINATORS = True
    coordinator = Client()
    coordinator.force_login(world.users["coordinator"])  # a phished password, no authenticator yet
    assert "Internal Ada" not in internal_names(coordinator)
    bearer = {"Authorization": f"Bearer {world.tokens['coordinator']}"}
    names = {p["name"] for p in Client().get("/api/v1/people/", headers=bearer).json()["items"]}
    assert "Internal Ada" in names  # tokens are made on "My account", behind the set-up
    created = coordinator.post(
        "/api/v1/people/",
        json.dumps({"name": "Eve", "owner": world.own.pk, "visibility": "internal", "language": "en"}),
        content_type="application/json",
    )
    assert created.status_code == 401 and not Person.objects.filter(name="Eve").exists()

    settings.INTERLOCAL_REQUIRE_2FA_FOR_COORDINATORS = False
    assert "Internal Ada" in internal_names(coordinator)


def test_a_session_opened_before_two_factor_was_set_up_is_ended(world, settings) -> None:  # type: ignore[no-untyped-def]
    make(Person, name="Internal Ada", owner=world.own, visibility="internal", language="en")
    earlier = Client()
    earlier.force_login(world.users["editor"])  # e.g. someone who had the password
    assert "Internal Ada" in internal_names(earlier)

    owner = Client()
    owner.force_login(world.users["editor"])
    owner.post("/account/two-factor/", {"action": "start"})
    device = TOTPDevice.objects.get(user=world.users["editor"])
    assert owner.post("/account/two-factor/", {"action": "confirm", "code": code_of(device)}).status_code == 302
    assert owner.get("/account/").status_code == 200  # the session that gave the code goes on
    assert "Internal Ada" in internal_names(owner)

    assert "Internal Ada" not in internal_names(earlier)  # the API reads the earlier session as anonymous
    response = earlier.get("/account/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in earlier.session  # ended, not only turned away


def test_the_setting_is_read_from_the_environment() -> None:
    read = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.INTERLOCAL_REQUIRE_2FA_FOR_COORDINATORS, settings.OTP_ADMIN_HIDE_SENSITIVE_DATA)"
    )
    for value, expected in [("1", "True True"), ("", "False True")]:
        environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
        environment["INTERLOCAL_REQUIRE_2FA_FOR_COORDINATORS"] = value
        done = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
            [sys.executable, "-c", read], env=environment, capture_output=True, text=True, check=True
        )
        assert done.stdout.strip() == expected
