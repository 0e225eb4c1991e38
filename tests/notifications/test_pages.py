"""The inbox, the unread count in the navigation, the preferences page."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interlocal.coordination.models import FollowUpAction
from interlocal.diplomacy.models import Agreement
from interlocal.notifications.models import DigestSettings, Notification, NotificationKind, Preference

from ..factories import make

Kind = NotificationKind


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def notify(world: Any, user: Any, n: int, *, start: int = 0) -> list[Notification]:
    """`n` notifications about agreements and actions of Barcelona, readable by its people."""
    made = []
    for i in range(start, start + n):
        if i % 2:
            record = make(Agreement, organisation=world.own, partner_place=world.records["places"],
                          title=f"Pact {i}", kind="twinning", owner=world.own)  # fmt: skip
            kind = Kind.AGREEMENT_ENDING
        else:
            record = make(FollowUpAction, title=f"Action {i}", responsible=world.own, owner=world.own)
            kind = Kind.ACTION_ASSIGNED
        made.append(
            Notification.objects.create(
                user=user, kind=kind, record_id=record.pk, text=f"Told {i}", url=record.get_absolute_url(),
                day=datetime.date(2026, 6, 1),
            )
        )  # fmt: skip
    return made


def inbox_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 200
    return len(captured)


def test_the_inbox_runs_a_fixed_number_of_queries(world, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    editor = world.users["editor"]
    client = client_for(editor)
    notify(world, editor, 3)
    few = inbox_queries(client)
    notify(world, editor, 40, start=3)
    assert inbox_queries(client) == few
    # session, user, whether they have an authenticator (two-factor), roles, the page's count and rows,
    # whether there is an unread notification, then the unread count in the navigation
    with django_assert_num_queries(8):
        client.get(reverse("notifications:inbox"), {"page": 2})


def test_unread_first_mark_read_and_all_read(world) -> None:  # type: ignore[no-untyped-def]
    editor = world.users["editor"]
    client = client_for(editor)
    first, second, third = notify(world, editor, 3)
    Notification.objects.filter(pk=third.pk).update(read_at=timezone.now())
    page = client.get(reverse("notifications:inbox"))
    assert [n.text for n in page.context["page"].object_list] == ["Told 1", "Told 0", "Told 2"]
    assert 'Notifications <span class="badge">2' in page.content.decode()
    response = client.post(reverse("notifications:read", args=[first.pk]), {"next": "/notifications/?page=1"})
    assert response.status_code == 302 and response["Location"] == "/notifications/?page=1"
    first.refresh_from_db()
    assert first.read_at is not None
    # someone else's notification cannot be marked read; an outside "next" is not followed
    other = notify(world, world.users["viewer"], 1)[0]
    response = client.post(reverse("notifications:read", args=[other.pk]), {"next": "https://example.org/"})
    assert response["Location"] == reverse("notifications:inbox")
    other.refresh_from_db()
    assert other.read_at is None
    client.post(reverse("notifications:read-all"))
    assert not Notification.objects.filter(user=editor, read_at__isnull=True).exists()
    assert "badge" not in client.get(reverse("notifications:inbox")).content.decode().split("<main")[0]


def test_the_inbox_paginates_and_explains_when_empty(world) -> None:  # type: ignore[no-untyped-def]
    editor = world.users["editor"]
    client = client_for(editor)
    empty = client.get(reverse("notifications:inbox")).content.decode()
    assert "Nothing to tell you yet" in empty
    notify(world, editor, 30)
    page2 = client.get(reverse("notifications:inbox"), {"page": 2})
    assert len(page2.context["page"].object_list) == 5
    assert "Page 2 of 2" in page2.content.decode()


def test_a_notification_about_a_hidden_record_is_not_shown(world) -> None:  # type: ignore[no-untyped-def]
    editor = world.users["editor"]
    hidden = make(Agreement, organisation=world.own, partner_place=world.records["places"], title="Zqsecret",
                  kind="twinning", owner=world.other, visibility="draft")  # fmt: skip
    Notification.objects.create(user=editor, kind=Kind.AGREEMENT_ENDING, record_id=hidden.pk, text="Zqsecret ends",
                                url=hidden.get_absolute_url(), day=datetime.date(2026, 6, 1))  # fmt: skip
    page = client_for(editor).get(reverse("notifications:inbox")).content.decode()
    assert "Zqsecret" not in page and "badge" not in page.split("<main")[0]


def test_pages_ask_anonymous_visitors_to_log_in(db) -> None:  # type: ignore[no-untyped-def]
    for name in ("inbox", "preferences", "calendar"):
        response = Client().get(reverse(f"notifications:{name}"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_preferences_are_saved_with_history(world) -> None:  # type: ignore[no-untyped-def]
    editor = world.users["editor"]
    client = client_for(editor)
    page = client.get(reverse("notifications:preferences"))
    assert page.status_code == 200 and "no e-mail address" in page.content.decode()
    data = {f"{kind}_app": "on" for kind in Kind.values} | {f"{kind}_digest": "on" for kind in Kind.values}
    del data[f"{Kind.AGREEMENT_DORMANT}_digest"]
    response = client.post(reverse("notifications:preferences"), {**data, "language": "ca"})
    assert response.status_code == 302
    dormant = Preference.objects.get(user=editor, kind=Kind.AGREEMENT_DORMANT)
    assert dormant.in_app and not dormant.in_digest
    assert DigestSettings.objects.get(user=editor).language == "ca"
    assert dormant.history.first().history_user == editor
    page = client.get(reverse("notifications:preferences"))
    assert page.context["form"]["language"].value() == "ca"
    assert page.context["form"][f"{Kind.AGREEMENT_DORMANT}_digest"].value() is False
    bad = client.post(reverse("notifications:preferences"), {**data, "language": "xx"})
    assert bad.status_code == 200 and "Nothing was saved" in bad.content.decode()
    assert DigestSettings.objects.get(user=editor).language == "ca"


@pytest.mark.parametrize("name", ["inbox", "preferences", "calendar"])
def test_the_navigation_links_to_the_inbox(world, name: str) -> None:  # type: ignore[no-untyped-def]
    page = client_for(world.users["viewer"]).get(reverse(f"notifications:{name}")).content.decode()
    assert f'href="{reverse("notifications:inbox")}"' in page.split("<main")[0]


def test_administrators_read_notifications_digests_and_feeds(world) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    notify(world, world.users["editor"], 2)
    admin = get_user_model().objects.create_superuser(username="root", password="x")
    client = client_for(admin)
    for model in ("notification", "digestdelivery", "calendarfeed"):
        assert client.get(f"/admin/notifications/{model}/").status_code == 200
    assert "Told 1" in client.get("/admin/notifications/notification/").content.decode()
