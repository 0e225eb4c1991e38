"""Subscribing to the bulletin without an account: double opt-in, the form's guards, unsubscribing."""

import datetime
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from interlocal.media.models import Bulletin, BulletinSubscriber
from interlocal.media.services import CONFIRM_SALT, link_for
from interlocal.media.tasks import generate_bulletin

FORM = {"email": "Ana@Example.org", "language": "ca", "website": ""}


@pytest.fixture(autouse=True)
def fresh_allowance(settings):  # type: ignore[no-untyped-def]
    settings.INTERLOCAL_SITE_URL = "http://testserver"
    cache.clear()  # the hourly allowance per address lives in the cache
    yield
    cache.clear()


def _link(message: mail.EmailMessage, kind: str) -> str:
    found = re.search(rf"http://testserver(/bulletin/{kind}/[\w:-]+/)", message.body)
    assert found, message.body
    return found.group(1)


def test_a_visitor_subscribes_confirms_receives_and_unsubscribes(db, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    assert client.get("/bulletin/subscribe/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/bulletin/subscribe/", FORM, follow=True)
    assert "we sent you an e-mail with a link to confirm your subscription" in response.content.decode()
    subscriber = BulletinSubscriber.objects.get()
    assert (subscriber.email, subscriber.language, subscriber.confirmed) == ("ana@example.org", "ca", False)
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    confirm = _link(mail.outbox[0], "confirm")
    page = client.get(confirm)
    assert page.status_code == 200 and "Your subscription is confirmed" in page.content.decode()
    assert page["Referrer-Policy"] == "no-referrer"
    subscriber.refresh_from_db()
    assert subscriber.confirmed

    bulletin = Bulletin.objects.create(week_start=datetime.date(2025, 3, 3), language="ca", deliver=True)
    generate_bulletin.call(bulletin.pk)
    unsubscribe = _link(mail.outbox[-1], "unsubscribe")
    assert client.get(unsubscribe).status_code == 200
    assert BulletinSubscriber.objects.count() == 1  # a GET (a mail scanner opening the link) only asks
    page = client.post(unsubscribe)
    assert "You are unsubscribed and your address was deleted." in page.content.decode()
    assert BulletinSubscriber.objects.count() == 0
    assert "This address is not subscribed" in client.post(unsubscribe).content.decode()


def test_a_confirmed_address_subscribing_again_gets_the_same_answer_and_no_mail(db) -> None:  # type: ignore[no-untyped-def]
    BulletinSubscriber.objects.create(email="ana@example.org", language="en", confirmed_at=timezone.now())
    response = Client().post("/bulletin/subscribe/", FORM, follow=True)
    assert "we sent you an e-mail with a link to confirm your subscription" in response.content.decode()
    assert mail.outbox == []


def test_a_forged_or_expired_confirmation_link_confirms_nothing(db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    subscriber = BulletinSubscriber.objects.create(email="ana@example.org", language="en")
    token = link_for(CONFIRM_SALT, subscriber)
    assert Client().get(f"/bulletin/confirm/{token}x/").status_code == 404
    later = timezone.now() + datetime.timedelta(days=8)
    monkeypatch.setattr("django.core.signing.time.time", lambda: later.timestamp())
    response = Client().get(f"/bulletin/confirm/{token}/")
    assert response.status_code == 404 and "has expired" in response.content.decode()
    subscriber.refresh_from_db()
    assert not subscriber.confirmed


def test_the_unsubscribe_link_cannot_confirm_and_the_confirm_link_cannot_unsubscribe(db) -> None:  # type: ignore[no-untyped-def]
    subscriber = BulletinSubscriber.objects.create(email="ana@example.org", language="en")
    token = link_for(CONFIRM_SALT, subscriber)
    Client().post(f"/bulletin/unsubscribe/{token}/")
    assert BulletinSubscriber.objects.count() == 1


def test_a_robot_filling_the_hidden_field_is_thanked_and_nothing_is_kept(db) -> None:  # type: ignore[no-untyped-def]
    response = Client().post("/bulletin/subscribe/", {**FORM, "website": "https://spam.example"}, follow=True)
    assert "we sent you an e-mail" in response.content.decode()
    assert BulletinSubscriber.objects.count() == 0 and mail.outbox == []


def test_a_bad_address_is_refused_with_a_message(db) -> None:  # type: ignore[no-untyped-def]
    response = Client().post("/bulletin/subscribe/", {**FORM, "email": "not an address"})
    assert response.status_code == 400 and "Enter a valid email address." in response.content.decode()
    assert BulletinSubscriber.objects.count() == 0


def test_one_address_may_subscribe_a_few_times_an_hour(db, settings) -> None:  # type: ignore[no-untyped-def]
    settings.INTERLOCAL_BULLETIN_SUBSCRIPTIONS_PER_HOUR = 2
    client = Client()
    for n in range(2):
        assert client.post("/bulletin/subscribe/", {**FORM, "email": f"p{n}@example.org"}).status_code == 302
    refused = client.post("/bulletin/subscribe/", {**FORM, "email": "p3@example.org"})
    assert refused.status_code == 429
    assert "you may subscribe 2 times an hour" in refused.content.decode()
    assert sorted(BulletinSubscriber.objects.values_list("email", flat=True)) == ["p0@example.org", "p1@example.org"]
