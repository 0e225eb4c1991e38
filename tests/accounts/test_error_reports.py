"""Error reports (the e-mails to ADMINS, the debug page) never carry a password or a login code."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from interlocal.accounts import services
from interlocal.accounts.models import Invitation

SECRET = "a-long-passphrase-9"


def reported_post(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The POST parameters as an error report about this request would show them."""
    return SafeExceptionReporterFilter().get_post_parameters(response.wsgi_request).dict()


def test_the_invitation_and_code_pages_hide_their_secrets_from_error_reports(world) -> None:  # type: ignore[no-untyped-def]
    Invitation.objects.create(
        email="new@example.org",
        organisation=world.own,
        role="editor",
        digest=Invitation.digest_for("s3cret"),
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    accepted = Client().post(
        "/invitation/s3cret/", {"username": "newbie", "password1": SECRET, "password2": SECRET + "x"}
    )
    assert accepted.status_code == 400  # the passwords differ
    shown = reported_post(accepted)
    assert shown["username"] == "newbie"
    assert SECRET not in shown["password1"] and SECRET not in shown["password2"]

    signed_in = Client()
    signed_in.force_login(world.users["editor"])
    for url in ("/account/two-factor/", "/account/login-code/"):
        response = signed_in.post(url, {"action": "confirm", "code": "246810"})
        assert "246810" not in reported_post(response)["code"], url


def test_a_crash_while_accepting_an_invitation_reports_no_password(world) -> None:  # type: ignore[no-untyped-def]
    invitation = Invitation.objects.create(
        email="new@example.org",
        organisation=world.own,
        role="editor",
        digest=Invitation.digest_for("s3cret"),
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    with (
        mock.patch.object(User, "save", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError) as crash,
    ):
        services.invitation_accept(invitation=invitation, username="newbie", password=SECRET)
    report = ExceptionReporter(None, crash.type, crash.value, crash.tb).get_traceback_html()  # with local variables
    assert "disk full" in report and "invitation_accept" in report and "newbie" in report
    assert SECRET not in report
