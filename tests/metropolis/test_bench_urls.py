"""`manage.py bench_urls`: the URL map the bench measures, found from the URL conf and the OpenAPI document."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from interlocal.ecosystem.models import Organisation
from tests.factories import World


def bench_urls(*args: str) -> list[str]:
    out = StringIO()
    call_command("bench_urls", *args, stdout=out)
    return out.getvalue().split()


def test_the_map_holds_every_kind_of_page_each_answering_its_reader(world: World, home) -> None:  # type: ignore[no-untyped-def]
    # The first organisations by id are not public: an anonymous reader's pages name the first public one.
    Organisation.objects.filter(pk__in=[world.amb.pk, world.own.pk]).update(visibility="internal")
    anonymous = bench_urls()
    for expected in ("/portal/", "/portal/data/datapackage.json", "/organisations/", "/organisations/?format=csv",
                     f"/organisations/{world.other.pk}/", "/api/v1/organisations/",
                     f"/api/v1/organisations/{world.other.pk}"):  # fmt: skip
        assert expected in anonymous
    assert not [url for url in anonymous if url.startswith(("/accounts/", "/admin/", "/logout/", "/health/"))]
    assert len(anonymous) == len(set(anonymous)) > 150  # each page once, whatever the records tried for it
    client = Client()
    assert {url: client.get(url).status_code for url in anonymous[::5]} == dict.fromkeys(anonymous[::5], 200)

    editor = bench_urls("--as", "editor")
    assert "/account/" in editor and "/account/" not in anonymous  # one's own account is for signed-in readers
    assert f"/organisations/{world.amb.pk}/" in editor
    name, value = bench_urls("--as", "editor", "--session")[0].split("=", 1)
    signed_in = Client()
    signed_in.cookies[name] = value
    assert signed_in.get("/account/").status_code == 200  # the session a load generator sends is signed in
    assert Client().get("/account/").status_code == 302


def test_a_session_is_only_for_the_editor(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="--session needs --as editor"):
        bench_urls("--session")
