"""The coordinators' people pages: who may reach them, invitations, roles, deactivation, history, query counts."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from interlocal.accounts.models import Invitation
from interlocal.core.models import ApiToken, Role, UserRole

LINK = re.compile(r"https?://\S+/invitation/[\w-]+/")


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def invite(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Invite as `client`; the link the e-mail carries (sent once the invitation commits)."""

    def inviting(client: Client, world, email: str = "new@example.org", role: str = "editor") -> str:  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/access/people/invite/", {"email": email, "organisation": world.own.pk, "role": role}, follow=True
            )
        return sent(response, email)

    return inviting


def sent(response, email: str) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    assert f"An invitation was sent to {email}" in response.content.decode()
    found = LINK.search(mail.outbox[-1].body)
    assert found is not None
    return found.group(0).split("testserver", 1)[1]


@pytest.mark.parametrize("reader", ["anonymous", "viewer", "editor"])
def test_only_coordinators_reach_the_people_pages(world, reader: str) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.users[reader])
    person = world.users["viewer"]
    pages = ["/access/people/", "/access/people/invite/", f"/access/people/{person.pk}/"]
    expected = 302 if reader == "anonymous" else 403
    for url in pages:
        assert client.get(url).status_code == expected, url
    before = list(UserRole.objects.values_list("user_id", "organisation_id", "role"))
    assert (
        client.post(f"/access/people/{person.pk}/", {"organisation": world.other.pk, "role": "coordinator"}).status_code
        == expected
    )
    assert client.post(f"/access/people/{person.pk}/active/", {"active": "0"}).status_code == expected
    assert (
        client.post(
            "/access/people/invite/", {"email": "x@example.org", "organisation": world.own.pk, "role": "coordinator"}
        ).status_code
        == expected
    )
    person.refresh_from_db()
    assert person.is_active
    assert list(UserRole.objects.values_list("user_id", "organisation_id", "role")) == before
    assert not Invitation.objects.exists() and not mail.outbox


def test_a_coordinator_of_one_organisation_manages_people_of_every_organisation(world) -> None:  # type: ignore[no-untyped-def]
    """Coordinators are not scoped to their organisation (core.permissions): one of Gavà manages Barcelona's viewer."""
    gava_coordinator = User.objects.create_user("gava-coordinator", password="pw")
    UserRole.objects.create(user=gava_coordinator, organisation=world.other, role=Role.COORDINATOR)
    client = client_for(gava_coordinator)
    viewer = world.users["viewer"]
    response = client.post(f"/access/people/{viewer.pk}/", {"organisation": world.own.pk, "role": "editor"})
    assert response.status_code == 302
    assert UserRole.objects.get(user=viewer).role == "editor"


def test_the_list_shows_searches_filters_and_sorts_people(world) -> None:  # type: ignore[no-untyped-def]
    world.users["viewer"].email = "viewer@example.org"
    world.users["viewer"].save()
    client = client_for(world.users["coordinator"])
    page = client.get("/access/people/").content.decode()
    for text in ("coordinator", "editor", "viewer@example.org", "Barcelona City Council · Editor", "AMB · Coordinator"):
        assert text in page
    found = client.get("/access/people/?q=viewer@").content.decode()
    assert "viewer@example.org" in found and ">editor</a>" not in found
    by_organisation = client.get("/access/people/?q=AMB").content.decode()
    assert ">coordinator</a>" in by_organisation and ">viewer</a>" not in by_organisation
    editors = client.get("/access/people/?role=editor").content.decode()
    assert ">editor</a>" in editors and ">viewer</a>" not in editors
    descending = client.get("/access/people/?sort=-username").content.decode()
    assert descending.index(">viewer</a>") < descending.index(">editor</a>") < descending.index(">coordinator</a>")
    assert client.get("/access/people/?sort=password").status_code == 200  # not a sort option: the default


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_people_list_costs_the_same_queries_whatever_the_number_of_people(world, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.users["coordinator"])
    url = "/access/people/?sort=first_organisation"
    few = _queries(client, url)
    for n in range(40):
        person = User.objects.create_user(f"person{n}", email=f"p{n}@example.org")
        UserRole.objects.create(user=person, organisation=world.own if n % 2 else world.other, role=Role.VIEWER)
        UserRole.objects.create(user=person, organisation=world.network, role=Role.EDITOR)
    with django_assert_num_queries(few):
        client.get(url)
    with django_assert_num_queries(few):
        client.get(url + "&page=2")


def test_an_invitee_opens_the_link_chooses_a_password_and_gets_the_role(world, invite) -> None:  # type: ignore[no-untyped-def]
    coordinator = client_for(world.users["coordinator"])
    link = invite(coordinator, world)
    message = mail.outbox[-1]
    assert message.to == ["new@example.org"] and "Editor of Barcelona City Council" in message.body
    invitation = Invitation.objects.get()
    assert link.rstrip("/").rsplit("/", 1)[1] not in {invitation.digest}  # only the digest is stored
    assert invitation.digest == Invitation.digest_for(link.rstrip("/").rsplit("/", 1)[1])

    invitee = Client()
    assert "Barcelona City Council" in invitee.get(link).content.decode()
    weak = invitee.post(link, {"username": "newbie", "password1": "123", "password2": "123"})
    assert weak.status_code == 400
    assert "This password is too short" in weak.content.decode()
    assert not User.objects.filter(username="newbie").exists()
    taken = invitee.post(
        link, {"username": "editor", "password1": "a-long-passphrase-9", "password2": "a-long-passphrase-9"}
    )
    assert taken.status_code == 400 and "This username is taken" in taken.content.decode()

    done = invitee.post(
        link, {"username": "newbie", "password1": "a-long-passphrase-9", "password2": "a-long-passphrase-9"}
    )
    assert done.status_code == 302
    user = User.objects.get(username="newbie")
    assert user.email == "new@example.org" and user.check_password("a-long-passphrase-9")
    assert list(UserRole.objects.filter(user=user).values_list("organisation_id", "role")) == [(world.own.pk, "editor")]
    assert int(invitee.session["_auth_user_id"]) == user.pk

    again = Client().get(link)
    assert again.status_code == 410 and "already been used" in again.content.decode()
    assert (
        Client()
        .post(link, {"username": "other", "password1": "a-long-passphrase-9", "password2": "a-long-passphrase-9"})
        .status_code
        == 410
    )
    assert User.objects.filter(email="new@example.org").count() == 1


def test_reinviting_replaces_the_link_and_an_expired_or_unknown_link_gets_a_clear_page(world, invite) -> None:  # type: ignore[no-untyped-def]
    coordinator = client_for(world.users["coordinator"])
    first = invite(coordinator, world)
    second = invite(coordinator, world, role="viewer")
    assert Invitation.objects.count() == 1 and Invitation.objects.get().role == "viewer"
    rows = Invitation.history.order_by("history_id")  # type: ignore[attr-defined]
    assert [(row.history_type, row.role, row.history_user) for row in rows] == [
        ("+", "editor", world.users["coordinator"]),
        ("~", "viewer", world.users["coordinator"]),
    ]
    replaced = Client().get(first)
    assert replaced.status_code == 404 and "not a link we know" in replaced.content.decode()
    assert Client().get(second).status_code == 200
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    expired = Client().get(second)
    assert expired.status_code == 410 and "expired" in expired.content.decode()
    assert Client().get("/invitation/nonsense/").status_code == 404


def test_bad_invitations_get_messages_and_send_nothing(world) -> None:  # type: ignore[no-untyped-def]
    coordinator = client_for(world.users["coordinator"])
    world.users["viewer"].email = "viewer@example.org"
    world.users["viewer"].save()
    taken = coordinator.post(
        "/access/people/invite/", {"email": "VIEWER@example.org", "organisation": world.own.pk, "role": "editor"}
    )
    assert taken.status_code == 400 and "already has an account" in taken.content.decode()
    bad = coordinator.post("/access/people/invite/", {"email": "not-an-address", "organisation": 0, "role": "boss"})
    assert bad.status_code == 400
    assert not Invitation.objects.exists() and not mail.outbox


def test_the_confirmation_says_where_the_demo_wrote_the_email(
    world, settings, tmp_path, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    coordinator = client_for(world.users["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            "/access/people/invite/",
            {"email": "new@example.org", "organisation": world.own.pk, "role": "viewer"},
            follow=True,
        )
    assert f"written to a file in {tmp_path}" in response.content.decode()
    written = "".join(path.read_text() for path in tmp_path.iterdir())
    assert "/invitation/" in written


def test_roles_are_added_changed_and_removed_one_by_one_in_the_history(world) -> None:  # type: ignore[no-untyped-def]
    coordinator = client_for(world.users["coordinator"])
    viewer = world.users["viewer"]

    def held() -> set[tuple[int, str]]:
        return set(UserRole.objects.filter(user=viewer).values_list("organisation_id", "role"))

    added = coordinator.post(f"/access/people/{viewer.pk}/", {"organisation": world.other.pk, "role": "editor"})
    assert added.status_code == 302
    assert held() == {(world.own.pk, "viewer"), (world.other.pk, "editor")}  # the other role stays
    coordinator.post(f"/access/people/{viewer.pk}/", {"organisation": world.own.pk, "role": "editor"})
    assert held() == {(world.own.pk, "editor"), (world.other.pk, "editor")}  # changed in place
    page = coordinator.get(f"/access/people/{viewer.pk}/").content.decode()
    assert "Remove the role in Barcelona City Council" in page and "Remove the role in Gavà City Council" in page
    assert "their roles in other organisations stay" in page

    gava = UserRole.objects.get(user=viewer, organisation=world.other)
    removed = coordinator.post(f"/access/people/{viewer.pk}/roles/{gava.pk}/revoke/", follow=True)
    assert "is no longer Editor of Gavà City Council" in removed.content.decode()
    assert held() == {(world.own.pk, "editor")}
    rows = UserRole.history.filter(user_id=viewer.pk).order_by("history_id")  # type: ignore[attr-defined]
    assert [(row.history_type, row.history_user) for row in rows][-3:] == [
        ("+", world.users["coordinator"]),
        ("~", world.users["coordinator"]),
        ("-", world.users["coordinator"]),
    ]
    bad = coordinator.post(f"/access/people/{viewer.pk}/", {"organisation": world.own.pk, "role": "boss"})
    assert bad.status_code == 400 and held() == {(world.own.pk, "editor")}
    own = UserRole.objects.get(user=viewer)
    assert (
        client_for(world.users["editor"]).post(f"/access/people/{viewer.pk}/roles/{own.pk}/revoke/").status_code == 403
    )
    other_persons = f"/access/people/{world.users['editor'].pk}/roles/{own.pk}/revoke/"
    assert coordinator.post(other_persons).status_code == 404 and held() == {(world.own.pk, "editor")}
    page = coordinator.get(f"/access/people/{viewer.pk}/").content.decode()
    assert "Role created" in page and "Role deleted" in page and "Role changed" in page


def test_the_admin_changes_a_role_in_place_and_records_who(world) -> None:  # type: ignore[no-untyped-def]
    admin = User.objects.create_superuser("root", password="pw")
    viewer = world.users["viewer"]
    UserRole.objects.create(user=viewer, organisation=world.other, role=Role.VIEWER)
    own = UserRole.objects.get(user=viewer, organisation=world.own)
    client = client_for(admin)
    form = client.get(f"/admin/core/userrole/{own.pk}/change/").content.decode()
    assert 'name="organisation"' not in form  # read-only: a role stays in its organisation
    changed = client.post(f"/admin/core/userrole/{own.pk}/change/", {"role": "editor", "_save": "Save"})
    assert changed.status_code == 302
    assert set(UserRole.objects.filter(user=viewer).values_list("organisation_id", "role")) == {
        (world.own.pk, "editor"),
        (world.other.pk, "viewer"),
    }
    assert UserRole.history.filter(id=own.pk).latest("history_id").history_user == admin  # type: ignore[attr-defined]
    client.post(f"/admin/core/userrole/{own.pk}/delete/", {"post": "yes"})
    assert set(UserRole.objects.filter(user=viewer).values_list("organisation_id", "role")) == {
        (world.other.pk, "viewer")
    }
    assert UserRole.history.filter(id=own.pk).latest("history_id").history_user == admin  # type: ignore[attr-defined]


def test_deactivation_ends_the_session_and_the_tokens_and_is_in_the_history(world) -> None:  # type: ignore[no-untyped-def]
    coordinator = client_for(world.users["coordinator"])
    editor = world.users["editor"]
    editor_session = client_for(editor)
    bearer = {"Authorization": f"Bearer {world.tokens['editor']}"}
    assert editor_session.get("/account/").status_code == 200
    assert Client().get("/api/v1/agreements/", headers=bearer).status_code == 200

    response = coordinator.post(f"/access/people/{editor.pk}/active/", {"active": "0"}, follow=True)
    assert "was deactivated" in response.content.decode()
    assert editor_session.get("/account/").status_code == 302  # signed out: to the login page
    assert Client().get("/api/v1/agreements/", headers=bearer).status_code == 401
    assert (
        Client().post("/api/v1/people/", '{"name": "X"}', content_type="application/json", headers=bearer).status_code
        == 401
    )

    row = User.history.filter(id=editor.pk).latest("history_id")  # type: ignore[attr-defined]
    assert row.is_active is False and row.history_user == world.users["coordinator"]
    assert not hasattr(row, "password") and not hasattr(row, "last_login")
    page = coordinator.get(f"/access/people/{editor.pk}/").content.decode()
    assert "Account changed" in page and "Reactivate" in page

    coordinator.post(f"/access/people/{editor.pk}/active/", {"active": "1"})
    assert Client().get("/api/v1/agreements/", headers=bearer).status_code == 200


def test_a_coordinator_cannot_deactivate_themselves(world) -> None:  # type: ignore[no-untyped-def]
    me = world.users["coordinator"]
    response = client_for(me).post(f"/access/people/{me.pk}/active/", {"active": "0"}, follow=True)
    assert "You cannot deactivate yourself" in response.content.decode()
    me.refresh_from_db()
    assert me.is_active


def test_logins_leave_no_history_and_the_history_never_holds_a_password(world) -> None:  # type: ignore[no-untyped-def]
    editor = world.users["editor"]
    before = User.history.filter(id=editor.pk).count()  # type: ignore[attr-defined]
    client = Client()
    assert client.post("/accounts/login/", {"username": "editor", "password": "pw-editor"}).status_code == 302
    history_fields = {f.name for f in User.history.model._meta.fields}  # type: ignore[attr-defined]
    assert "password" not in history_fields and "last_login" not in history_fields
    page = client_for(world.users["coordinator"]).get(f"/access/people/{editor.pk}/").content.decode()
    assert "Last login" in page
    assert "Account changed" not in page
    for _ in range(2):
        assert Client().post("/accounts/login/", {"username": "editor", "password": "pw-editor"}).status_code == 302
    editor.refresh_from_db()
    assert editor.last_login is not None  # still kept on the account
    assert User.history.filter(id=editor.pk).count() == before  # three logins, no history row


def test_pending_invitations_are_listed(world, invite) -> None:  # type: ignore[no-untyped-def]
    coordinator = client_for(world.users["coordinator"])
    invite(coordinator, world, email="later@example.org")
    assert "later@example.org" in coordinator.get("/access/people/").content.decode()
    assert ApiToken.objects.count() == 3


def test_a_coordinator_cancels_an_invitation_and_its_link_stops_working(world, invite) -> None:  # type: ignore[no-untyped-def]
    coordinator = client_for(world.users["coordinator"])
    link = invite(coordinator, world, email="later@example.org")
    invitation = Invitation.objects.get()
    cancel = f"/access/invitations/{invitation.pk}/cancel/"
    assert "Cancel the invitation to later@example.org" in coordinator.get("/access/people/").content.decode()
    for reader in ("viewer", "editor"):
        assert client_for(world.users[reader]).post(cancel).status_code == 403
    assert Client().get(link).status_code == 200  # not cancelled by them

    response = coordinator.post(cancel, follow=True)
    page = response.content.decode()
    assert "The invitation to later@example.org was cancelled" in page
    assert "Cancel the invitation to later@example.org" not in page  # no longer pending
    refused = Client().get(link)
    assert refused.status_code == 410 and "A coordinator cancelled it" in refused.content.decode()
    posted = Client().post(
        link, {"username": "late", "password1": "a-long-passphrase-9", "password2": "a-long-passphrase-9"}
    )
    assert posted.status_code == 410 and not User.objects.filter(username="late").exists()
    rows = Invitation.history.filter(id=invitation.pk).order_by("history_id")  # type: ignore[attr-defined]
    assert [(row.history_type, row.history_user, row.cancelled_at is not None) for row in rows][-1] == (
        "~",
        world.users["coordinator"],
        True,
    )
    assert coordinator.post("/access/invitations/0/cancel/").status_code == 404


def test_an_invitation_no_longer_holds_once_its_inviter_is_no_coordinator(world, invite) -> None:  # type: ignore[no-untyped-def]
    inviter = User.objects.create_user("second-coordinator", password="pw")
    UserRole.objects.create(user=inviter, organisation=world.amb, role=Role.COORDINATOR)
    link = invite(client_for(inviter), world)
    UserRole.objects.filter(user=inviter).update(role=Role.VIEWER)  # their rights were taken away
    opened = Client().get(link)
    assert opened.status_code == 410 and "no longer a coordinator" in opened.content.decode()
    posted = Client().post(
        link, {"username": "newbie", "password1": "a-long-passphrase-9", "password2": "a-long-passphrase-9"}
    )
    assert posted.status_code == 410 and not User.objects.filter(username="newbie").exists()

    UserRole.objects.filter(user=inviter).update(role=Role.COORDINATOR)
    inviter.is_active = False  # deactivated
    inviter.save()
    assert Client().get(link).status_code == 410
    inviter.is_active = True
    inviter.save()
    assert Client().get(link).status_code == 200
