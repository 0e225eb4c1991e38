"""The 403, 404 and 500 pages say what happened and what to do; the 500 page needs no database."""

from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from interlocal.api.errors import server_error

from .factories import World


def test_not_found_offers_log_in_search_and_home(world: World) -> None:
    response = Client().get("/organisations/999999/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in page
    assert 'href="/accounts/login/?next=/organisations/999999/"' in page
    assert f'action="{reverse("knowledge:search")}"' in page and 'name="q"' in page
    assert 'href="/"' in page


def test_not_found_does_not_offer_a_signed_in_reader_to_log_in(world: World) -> None:
    client = Client()
    client.force_login(world.users["viewer"])
    page = client.get("/no-such-page/").content.decode()
    assert "Page not found" in page and "/accounts/login/?next" not in page


def test_forbidden_says_why_and_who_can_help(world: World) -> None:
    client = Client()
    client.force_login(world.users["viewer"])
    response = client.get("/organisations/new/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "<h1>You may not do this</h1>" in page
    assert "Your role does not allow creating records." in page  # the reason the view gave
    assert "a coordinator of your organisation can give you another role" in page
    assert 'name="q"' in page


def test_forbidden_asks_an_anonymous_reader_to_log_in(world: World) -> None:
    page = Client().get("/organisations/new/").content.decode()
    assert 'href="/accounts/login/?next=/organisations/new/"' in page


def test_server_error_renders_without_the_database() -> None:
    # No database fixture: any query here would fail the test.
    request = RequestFactory().get("/organisations/")
    with translation.override("en"):  # the language middleware has not run: English, whatever ran before
        response = server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in page
    assert "tell a coordinator what you were doing" in page and 'href="/"' in page


def test_error_pages_are_translated(world: World) -> None:
    page = Client(headers={"accept-language": "ca"}).get("/no-such-page/").content.decode()
    assert '<html lang="ca">' in page
    assert "Inicia la sessió" in page  # "Log in", already in the catalogue
    assert "<h1>Page not found</h1>" not in page  # "Page not found" in Catalan
