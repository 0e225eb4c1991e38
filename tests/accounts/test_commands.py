"""The commands of a fresh install with no coordinator yet: grant_role and invite."""

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client

from interlocal.accounts.models import Invitation
from interlocal.core.models import UserRole


def test_grant_role_gives_and_changes_a_role(world, capsys) -> None:  # type: ignore[no-untyped-def]
    admin = User.objects.create_user("admin", password="pw")
    call_command("grant_role", "admin", "amb", "coordinator")
    assert "admin is now coordinator of AMB" in capsys.readouterr().out
    call_command("grant_role", "admin", "amb", "viewer")
    assert list(UserRole.objects.filter(user=admin).values_list("organisation__key", "role")) == [("amb", "viewer")]
    assert UserRole.history.filter(user_id=admin.pk).count() == 2  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["nobody", "amb", "coordinator"], "No user is called 'nobody'"),
        (["editor", "nowhere", "coordinator"], "No organisation has the key 'nowhere'"),
        (["editor", "amb", "boss"], "Unknown role 'boss'"),
    ],
)
def test_grant_role_refuses_bad_input(world, arguments: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    before = list(UserRole.objects.values_list("user_id", "organisation_id", "role"))
    with pytest.raises(CommandError, match=message):
        call_command("grant_role", *arguments)
    assert list(UserRole.objects.values_list("user_id", "organisation_id", "role")) == before


def test_invite_prints_a_link_that_works(world, capsys, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("invite", "first@example.org", "--organisation", "amb", "--role", "coordinator")
    out = capsys.readouterr().out
    link = next(line for line in out.splitlines() if "/invitation/" in line)
    assert link.startswith("http://127.0.0.1:8000/invitation/")
    assert len(mail.outbox) == 1 and link in mail.outbox[0].body
    path = link.removeprefix("http://127.0.0.1:8000")
    client = Client()
    answer = client.post(
        path, {"username": "first", "password1": "a-long-passphrase-9", "password2": "a-long-passphrase-9"}
    )
    assert answer.status_code == 302
    assert UserRole.objects.get(user__username="first").role == "coordinator"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["not-an-address", "--organisation", "amb", "--role", "editor"], "is not an e-mail address"),
        (["a@example.org", "--organisation", "nowhere", "--role", "editor"], "No organisation has the key"),
        (["a@example.org", "--organisation", "amb", "--role", "boss"], "Unknown role 'boss'"),
    ],
)
def test_invite_refuses_bad_input(world, arguments: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match=message):
        call_command("invite", *arguments)
    assert not Invitation.objects.exists()


def test_the_admin_lists_roles_tokens_and_invitations_with_history(world) -> None:  # type: ignore[no-untyped-def]
    superuser = User.objects.create_superuser("root", password="pw")
    client = Client()
    client.force_login(superuser)
    for url in ("/admin/core/userrole/", "/admin/core/apitoken/", "/admin/accounts/invitation/"):
        assert client.get(url).status_code == 200, url
    token = world.users["editor"].api_tokens.get()
    page = client.get(f"/admin/core/apitoken/{token.pk}/change/").content.decode()
    assert token.digest in page and 'name="digest"' not in page  # read-only
    assert client.get(f"/admin/core/apitoken/{token.pk}/history/").status_code == 200
    assert client.get("/admin/core/apitoken/add/").status_code == 403
