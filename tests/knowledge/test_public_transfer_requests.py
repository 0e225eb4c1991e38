"""Requests from peers without an account: the public form, its guards, moderation, the private link."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client

from interlocal.knowledge.models import Moderation, Practice, TransferRequest
from interlocal.knowledge.services import search_index_rebuild
from tests.factories import make

FORM = {
    "organisation": "Seoul Metropolitan Government",
    "name": "Ji-woo Park",
    "email": "jiwoo@example.org",
    "message": "We are planning superblocks in Mapo-gu and would like to learn how you involved neighbours.",
    "website": "",
}


@pytest.fixture(autouse=True)
def fresh_allowance():  # type: ignore[no-untyped-def]
    cache.clear()  # the hourly allowance per address lives in the cache
    yield
    cache.clear()


@pytest.fixture
def practice(world):  # type: ignore[no-untyped-def]
    """Barcelona's public practice, whose editor (with an e-mail) moderates its requests."""
    get_user_model().objects.filter(pk=world.users["editor"].pk).update(email="editor@example.org")
    return make(Practice, title="Superilles", owner=world.own, visibility="public")


def _ask(client: Client, practice: Practice, **overrides: str):  # type: ignore[no-untyped-def]
    return client.post(f"/practices/{practice.pk}/ask/", {**FORM, **overrides})


def _link_in(message: mail.EmailMessage) -> str:
    found = re.search(r"http://testserver(/transfer-requests/status/[\w-]+/)", message.body)
    assert found, message.body
    return found.group(1)


def test_an_anonymous_peer_asks_and_follows_the_request_through_a_private_link(  # type: ignore[no-untyped-def]
    world, practice, settings, django_capture_on_commit_callbacks
) -> None:
    settings.INTERLOCAL_SITE_URL = "http://testserver"
    client = Client()
    page = client.get(practice.get_absolute_url()).content.decode()
    assert f'href="/practices/{practice.pk}/ask/"' in page
    assert (
        client.get("/transfer-requests/new/", {"practice": practice.pk})["Location"] == f"/practices/{practice.pk}/ask/"
    )
    form = client.get(f"/practices/{practice.pk}/ask/")
    assert form.status_code == 200 and "Barcelona City Council" in form.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = _ask(client, practice)
    assert response.status_code == 302
    request = TransferRequest.objects.get()
    assert (request.moderation, request.status, request.visibility) == ("pending", "received", "internal")
    assert (request.owner, request.practice, request.contact_email) == (world.own, practice, "jiwoo@example.org")
    assert request.history.get().history_change_reason == "sent through the public form"

    to_requester, to_owner = mail.outbox
    assert to_requester.to == ["jiwoo@example.org"] and "Superilles" in to_requester.subject
    link = _link_in(to_requester)
    assert response["Location"] == link
    assert request.link_digest and request.link_digest not in link  # only the digest is stored
    assert to_owner.to == ["editor@example.org"]
    assert "Ji-woo Park (Seoul Metropolitan Government)" in to_owner.body
    assert "http://testserver/transfer-requests/moderation/" in to_owner.body

    status = client.get(link)
    text = status.content.decode()
    assert status.status_code == 200 and status["Referrer-Policy"] == "no-referrer"
    assert "Received: waiting for the practice" in text and "superblocks in Mapo-gu" in text

    editor = Client()
    editor.force_login(world.users["editor"])
    editor.post(f"/transfer-requests/{request.pk}/moderate/", {"decision": "accept"})
    editor.post(
        f"/transfer-requests/{request.pk}/edit/",
        {
            "practice": practice.pk, "question": request.question, "received_on": "2026-01-05",
            "status": "answered", "answer": "Come to our March study visit.", "owner": world.own.pk,
            "visibility": "internal", "language": "en", "loaded_version": "",
        },
    )  # fmt: skip
    request.refresh_from_db()
    assert (request.moderation, request.status) == ("accepted", "answered")
    text = client.get(link).content.decode()
    assert 'data-status="answered"' in text and "Come to our March study visit." in text


def test_a_wrong_link_is_not_found(world, practice) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    _ask(client, practice)
    assert client.get("/transfer-requests/status/not-the-token/").status_code == 404
    assert client.get("/transfer-requests/status/" + "A" * 43 + "/").status_code == 404


def test_the_honeypot_refuses_quietly(world, practice, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = _ask(client, practice, website="https://cheap-pills.example")
    assert response.status_code == 302 and response["Location"] == f"/practices/{practice.pk}/ask/"
    assert TransferRequest.objects.count() == 0 and mail.outbox == []
    assert "Your request was sent." in client.get(response["Location"]).content.decode()


def test_an_address_sends_its_hourly_allowance_and_no_more(world, practice, settings) -> None:  # type: ignore[no-untyped-def]
    settings.INTERLOCAL_TRANSFER_REQUESTS_PER_HOUR = 2
    client = Client(REMOTE_ADDR="203.0.113.7")
    assert [_ask(client, practice).status_code for _ in range(2)] == [302, 302]
    refused = _ask(client, practice)
    assert refused.status_code == 429
    assert "Too many requests from your address: you may send 2 requests an hour." in refused.content.decode()
    assert "superblocks in Mapo-gu" in refused.content.decode()  # the message is kept to send later
    assert TransferRequest.objects.count() == 2
    assert _ask(Client(REMOTE_ADDR="203.0.113.8"), practice).status_code == 302  # another address has its own


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "not-an-address"}, "email"),
        ({"organisation": ""}, "organisation"),
        ({"name": "   "}, "name"),
        ({"message": "Hi"}, "message"),
        ({"message": "x" * 5001}, "message"),
    ],
)
def test_bad_input_is_explained_and_sends_nothing(world, practice, overrides, field) -> None:  # type: ignore[no-untyped-def]
    response = _ask(Client(), practice, **overrides)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert "Nothing was sent." in response.content.decode()
    assert TransferRequest.objects.count() == 0


def test_only_public_practices_can_be_asked_about(world) -> None:  # type: ignore[no-untyped-def]
    internal = make(Practice, title="Internal", owner=world.own, visibility="internal")
    client = Client()
    assert client.get(f"/practices/{internal.pk}/ask/").status_code == 404
    assert _ask(client, internal).status_code == 404
    assert TransferRequest.objects.count() == 0


def test_the_owner_moderates_and_every_decision_is_in_history(world, practice, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    for n in range(3):
        _ask(client, practice, name=f"Peer {n}")
    first, second, third = TransferRequest.objects.order_by("pk")
    editor = Client()
    editor.force_login(world.users["editor"])
    with django_assert_num_queries(7):  # as many with one request listed as with three (below)
        queue = editor.get("/transfer-requests/moderation/")
    assert [a["data-request"] for a in _articles(queue)] == [str(first.pk), str(second.pk), str(third.pk)]
    assert "jiwoo@example.org" in queue.content.decode()

    assert editor.post(f"/transfer-requests/{first.pk}/moderate/", {"decision": "accept"}).status_code == 302
    assert editor.post(f"/transfer-requests/{second.pk}/moderate/", {"decision": "reject"}).status_code == 302
    again = editor.post(f"/transfer-requests/{second.pk}/moderate/", {"decision": "accept"}, follow=True)
    assert "This request has already been moderated." in again.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.moderation, second.moderation) == (Moderation.ACCEPTED, Moderation.REJECTED)
    assert first.history.first().history_change_reason == "accepted from the moderation queue"
    assert first.history.first().history_user == world.users["editor"]
    assert second.history.first().history_change_reason == "rejected as spam from the moderation queue"
    with django_assert_num_queries(7):
        queue = editor.get("/transfer-requests/moderation/")
    assert [a["data-request"] for a in _articles(queue)] == [str(third.pk)]

    # The accepted request joins the normal flow: the owner's organisation reads it like any other.
    viewer = Client()
    viewer.force_login(world.users["viewer"])
    assert viewer.get(first.get_absolute_url()).status_code == 200
    assert viewer.get(second.get_absolute_url()).status_code == 404
    # Its members' export names the requester but never the private link's digest.
    export = _read(editor, "/transfer-requests/?format=csv")
    header = export.lstrip("\ufeff").splitlines()[0].split(",")
    assert "contact_email" in header and "link_digest" not in header
    assert first.link_digest and first.link_digest not in export


ABSENT = "qqnowhereword"
CSRF = re.compile(r'(csrfmiddlewaretoken" value="|name="csrf-token" content=")[^"]*')


def _read(client: Client, url: str) -> str:
    response = client.get(url)
    content = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    return CSRF.sub(r"\1", content.decode())


def _articles(response):  # type: ignore[no-untyped-def]
    return [{"data-request": pk} for pk in re.findall(r'data-request="(\d+)"', response.content.decode())]


def test_only_the_owners_editors_and_coordinators_may_moderate(world, practice) -> None:  # type: ignore[no-untyped-def]
    _ask(Client(), practice)
    request = TransferRequest.objects.get()
    url = f"/transfer-requests/{request.pk}/moderate/"
    assert Client().post(url, {"decision": "accept"}).status_code == 404
    viewer = Client()
    viewer.force_login(world.users["viewer"])  # Barcelona's viewer: a member, but no moderator
    assert viewer.post(url, {"decision": "accept"}).status_code == 404
    assert viewer.get("/transfer-requests/moderation/").status_code == 403
    coordinator = Client()
    coordinator.force_login(world.users["coordinator"])
    assert str(request.pk) in coordinator.get("/transfer-requests/moderation/").content.decode()
    assert coordinator.post(url, {"decision": "reject"}).status_code == 302
    request.refresh_from_db()
    assert request.moderation == Moderation.REJECTED


def test_a_planted_pending_request_shows_nowhere_to_anyone_else(world, practice) -> None:  # type: ignore[no-untyped-def]
    """An attacker sends a request with a marker word and looks for it as every other reader."""
    marker = "zqplantedmarker"
    _ask(Client(), practice, name=marker, organisation=marker, message=f"{marker} asks how you did it, in detail.")
    request = TransferRequest.objects.get()
    search_index_rebuild(kinds=["transfer-requests"])
    pages = [
        "/transfer-requests/",
        f"/transfer-requests/?q={marker}",
        "/transfer-requests/?format=csv",
        "/transfer-requests/?moderation=pending",
        f"/transfer-requests/{request.pk}/",
        f"/transfer-requests/{request.pk}/history/",
        f"/transfer-requests/{request.pk}/edit/",
        practice.get_absolute_url(),
        f"/search/?q={marker}",
        "/api/v1/transfer-requests",
        f"/api/v1/transfer-requests/{request.pk}",
        f"/api/v1/search?q={marker}",
        "/portal/practices/",
        "/portal/data/practices.csv",
    ]
    readers = {"anonymous": Client()}
    for name in ("viewer",):  # a member of the owning organisation, who reads its internal records
        readers[name] = Client()
        readers[name].force_login(world.users[name])
    other_editor = get_user_model().objects.create_user(username="gava-editor", password="pw-gava-editor")
    world.other.user_roles.create(user=other_editor, role="editor")
    readers["editor elsewhere"] = Client()
    readers["editor elsewhere"].force_login(other_editor)
    for name, client in readers.items():
        for url in pages:
            text = _read(client, url)
            if marker in url:  # a search echoes its words: it must answer as for a word found nowhere
                assert text.replace(marker, "WORD") == _read(client, url.replace(marker, ABSENT)).replace(
                    ABSENT, "WORD"
                ), (name, url)
            else:
                assert marker not in text.lower(), (name, url)
            assert "Seoul" not in text, (name, url)
    # The moderator does find it, in the list, the page and the API.
    editor = Client()
    editor.force_login(world.users["editor"])
    assert f"/transfer-requests/{request.pk}/" in editor.get("/transfer-requests/").content.decode()
    assert marker in editor.get(f"/transfer-requests/{request.pk}/").content.decode()
    assert editor.get(f"/api/v1/transfer-requests/{request.pk}").json()["moderation"] == "pending"
    # The index holds it only once accepted.
    assert editor.get(f"/search/?q={marker}").content.decode().count(f"/transfer-requests/{request.pk}/") == 0


def test_a_request_keeps_the_language_it_was_written_in(world, practice) -> None:  # type: ignore[no-untyped-def]
    _ask(Client(HTTP_ACCEPT_LANGUAGE="es"), practice)
    assert TransferRequest.objects.get().language == "es"
