"""Login throttling (django-axes) behind a reverse proxy: the client is the address the trusted proxy
saw (INTERLOCAL_TRUSTED_PROXY_COUNT), and a client cannot pick its own address with X-Forwarded-For."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

from config.proxy import client_ip

PROXY = "10.0.0.2"  # the reverse proxy, as gunicorn sees it


def log_in(client: Client, password: str, *, forwarded_for: str) -> int:
    response = client.post(
        "/accounts/login/",
        {"username": "editor", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )
    return response.status_code


def fail_five_times(forwarded_for: str) -> None:
    statuses = [log_in(Client(), "wrong", forwarded_for=forwarded_for) for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]  # the form again with an error, then locked out


@override_settings(INTERLOCAL_TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_a_client_locked_out_does_not_lock_out_the_others(world) -> None:  # type: ignore[no-untyped-def]
    fail_five_times("203.0.113.5")  # client A
    assert log_in(Client(), "pw-editor", forwarded_for="203.0.113.5") == 429  # A is locked out
    assert log_in(Client(), "pw-editor", forwarded_for="198.51.100.7") == 302  # B signs in


@override_settings(INTERLOCAL_TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_an_address_the_client_writes_itself_is_ignored(world) -> None:  # type: ignore[no-untyped-def]
    fail_five_times("198.51.100.7, 203.0.113.5")  # A pretends to be B; the proxy appended A's address
    assert log_in(Client(), "pw-editor", forwarded_for="198.51.100.7") == 302


def test_without_a_trusted_proxy_a_forged_forwarded_for_is_ignored(world) -> None:  # type: ignore[no-untyped-def]
    fail_five_times("203.0.113.5")
    # Another forged address changes nothing: throttling goes by REMOTE_ADDR.
    assert log_in(Client(), "pw-editor", forwarded_for="198.51.100.7") == 429


@pytest.mark.parametrize(
    ("count", "remote", "forwarded", "client"),
    [
        (0, "10.0.0.2", "203.0.113.5", "10.0.0.2"),
        (1, "10.0.0.2", "203.0.113.5", "203.0.113.5"),
        (1, "10.0.0.2", "1.2.3.4, 203.0.113.5", "203.0.113.5"),
        (2, "10.0.0.2", "1.2.3.4, 203.0.113.5, 10.0.0.1", "203.0.113.5"),
        (2, "10.0.0.2", "203.0.113.5", "10.0.0.2"),  # did not come through both proxies
        (1, "10.0.0.2", "", "10.0.0.2"),
    ],
)
def test_the_client_address(rf, count: int, remote: str, forwarded: str, client: str) -> None:  # type: ignore[no-untyped-def]
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(INTERLOCAL_TRUSTED_PROXY_COUNT=count):
        assert client_ip(request) == client


@pytest.mark.parametrize("password", ["interlocal", "short-pw-1", "123456789012345", "password1234", "editor-editor"])
def test_weak_passwords_are_refused(django_user_model, password: str) -> None:  # type: ignore[no-untyped-def]
    user = django_user_model(username="editor-editor", email="editor@example.org")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_the_demo_password_and_a_long_passphrase_pass() -> None:
    validate_password("interlocal-demo")
    validate_password("correct horse battery staple")


def test_setting_a_password_through_a_form_applies_the_policy(world) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth.forms import SetPasswordForm

    def errors(password: str) -> list[str]:
        form = SetPasswordForm(world.users["editor"], {"new_password1": password, "new_password2": password})
        return [] if form.is_valid() else form.errors["new_password2"]

    assert errors("interlocal") == ["This password is too short. It must contain at least 12 characters."]
    assert errors("password1234") == ["This password is too common."]
    assert errors("interlocal-demo") == []
