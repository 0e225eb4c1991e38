"""The pages: fixed query counts, search/filter/sort, bad input, history, home and map."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from interlocal.core import paging, services
from interlocal.core.entities import REGISTRY
from interlocal.core.paging import CappedPaginator
from interlocal.core.permissions import SYSTEM
from interlocal.diplomacy.models import Agreement
from interlocal.strategy.models import Axis

from .factories import make, records_for


@pytest.fixture
def world(every_kind_world, db):  # type: ignore[no-untyped-def]
    """A record of every registered kind, owned by the editor's organisation and by another one."""
    return every_kind_world()


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("key", sorted(REGISTRY))
def test_list_and_detail_pages_use_a_fixed_number_of_queries(world, key: str) -> None:
    spec = REGISTRY[key]
    client = Client()
    client.force_login(world.users["coordinator"])
    list_url = reverse(spec.url_name("list"))
    detail_url = world.records[key].get_absolute_url()
    few = (_queries(client, list_url), _queries(client, detail_url))
    for n in range(6):
        records_for(world.own, world.network, f"more-{n}", every_kind=True)
    assert (_queries(client, list_url), _queries(client, detail_url)) == few


def test_list_search_filter_sort_and_pagination(world) -> None:  # type: ignore[no-untyped-def]
    for n in range(30):
        make(
            Agreement,
            organisation=world.own,
            partner_place=world.records["places"],
            title=f"Pact {n:02d}",
            kind="collaboration",
            owner=world.own,
        )
    client = Client()
    page = client.get("/agreements/", {"q": "pact", "sort": "-title"})
    titles = [a.title for a in page.context["page"].object_list]
    assert titles[0] == "Pact 29" and len(titles) == 25
    assert page.context["page"].paginator.count == 30
    assert len(client.get("/agreements/", {"q": "pact", "page": 2}).context["page"].object_list) == 5
    assert client.get("/agreements/", {"kind": "twinning"}).context["page"].paginator.count == 2
    bad = client.get("/agreements/", {"kind": "nonsense"})
    assert bad.status_code == 200 and bad.context["filterset"].errors
    csv = b"".join(client.get("/agreements/", {"q": "pact", "format": "csv"}).streaming_content).decode()
    assert csv.count("\n") == 31 and "Pact 07" in csv


def test_a_long_list_is_counted_up_to_a_cap_and_exported_whole(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(CappedPaginator, "cap", 20)
    for n in range(30):
        make(Agreement, organisation=world.own, partner_place=world.records["places"], title=f"Pact {n:02d}",
             kind="collaboration", owner=world.own)  # fmt: skip
    client = Client()
    page = client.get("/agreements/", {"q": "pact", "sort": "title"})
    assert "More than 20 records: search or filter to narrow them" in page.content.decode()
    assert page.context["page"].paginator.num_pages == 1 and len(page.context["page"].object_list) == 20
    narrowed = client.get("/agreements/", {"q": "pact 0"})
    assert "10 records" in narrowed.content.decode() and not narrowed.context["page"].paginator.capped
    csv = b"".join(client.get("/agreements/", {"q": "pact", "format": "csv"}).streaming_content).decode()
    assert csv.count("\n") == 31  # the export is never capped


def test_the_home_page_counts_up_to_the_cap_too(world, home, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(paging, "COUNT_CAP", 1)
    page = Client().get("/")
    counts = {str(label): (count, more) for label, count, more, _url in page.context["counts"]}
    assert counts["agreements"] == (1, True)  # two agreements: more than one
    assert '<span class="card-number">1+</span> Agreements' in page.content.decode()


def test_bad_form_input_is_explained_and_changes_nothing(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.users["editor"])
    before = Agreement.objects.count()
    response = client.post(
        "/agreements/new/",
        {
            "organisation": world.own.pk,
            "title": "",
            "kind": "mou",
            "partner_city": "Xyzzyville",
            "signed_on": "2024-13-45",
            "owner": world.own.pk,
            "visibility": "public",
            "language": "en",
            "status": "active",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"title", "partner_city", "signed_on"} <= set(errors)
    assert "Xyzzyville" in errors["partner_city"][0]
    assert "Nothing was saved" in response.content.decode()
    assert Agreement.objects.count() == before


def test_agreement_with_a_partner_city_by_name_registers_the_place(world, home) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.users["editor"])
    response = client.post(
        "/agreements/new/",
        {
            "organisation": world.own.pk,
            "title": "Twinning with Lyon",
            "kind": "twinning",
            "partner_city": "Lyon, FR",
            "owner": world.own.pk,
            "visibility": "public",
            "language": "en",
            "status": "active",
        },
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(title="Twinning with Lyon")
    assert (agreement.partner_place.name, agreement.partner_place.country) == ("Lyon", "FR")
    assert round(agreement.partner_place.latitude) == 46
    points = Client().get("/api/v1/map").json()["points"]
    assert "Lyon" in {p["name"] for p in points}


def test_history_shows_who_changed_what(world) -> None:  # type: ignore[no-untyped-def]
    editor = world.users["editor"]
    editor.first_name, editor.last_name = "Marta", "Puig"
    editor.save(update_fields=["first_name", "last_name"])
    client = Client()
    client.force_login(editor)
    agreement = world.records["agreements"]
    client.post(
        reverse("diplomacy:agreement-update", args=[agreement.pk]),
        {
            "organisation": world.own.pk,
            "title": "Renamed agreement",
            "kind": "twinning",
            "partner_place": agreement.partner_place_id,
            "owner": world.own.pk,
            "visibility": "public",
            "language": "en",
            "status": "dormant",
        },
    )
    page = client.get(reverse("diplomacy:agreement-history", args=[agreement.pk])).content.decode()
    assert "Renamed agreement" in page and "Agreement own" in page and "<td>Marta Puig</td>" in page


def test_history_of_many_versions_shows_each_set_s_changes_in_a_fixed_number_of_queries(world) -> None:  # type: ignore[no-untyped-def]
    """The many-to-many sets of every version are read once per set, not for each pair of versions."""
    client = Client()
    client.force_login(world.users["editor"])
    agreement = world.records["agreements"]
    url = reverse("diplomacy:agreement-history", args=[agreement.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    services.record_update(access=SYSTEM, user=None, instance=agreement, fields={}, m2m={"parties": [world.own]})
    few = queries()
    for n in range(6):
        parties = [world.own, world.other] if n % 2 else [world.other]
        services.record_update(access=SYSTEM, user=None, instance=agreement, fields={"title": f"Zq {n}"},
                               m2m={"parties": parties})  # fmt: skip
    assert queries() == few
    versions = client.get(url).context["versions"]
    parties = [(old, new) for version in versions for label, old, new in version.changes if label == "other parties"]
    both, other = "Barcelona City Council, Gavà City Council", "Gavà City Council"
    assert parties[:5] == [(other, both), (both, other), (other, both), (both, other), (other, both)]  # newest first
    assert [label for version in versions for label, *_ in version.changes].count("title") == 6


def test_home_and_map_pages(world, home) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    page = client.get("/")
    assert page.status_code == 200
    labels = {str(label): count for label, count, _more, _url in page.context["counts"]}
    assert labels["agreements"] == 2  # the own and the other organisations', both at home
    assert client.get("/map/").status_code == 200


@pytest.mark.parametrize("language", ["ca", "es"])
def test_interface_is_translated(db, language: str) -> None:  # type: ignore[no-untyped-def]
    page = Client().get("/", headers={"Accept-Language": language}).content.decode()
    assert {"ca": "Organitzacions", "es": "Organizaciones"}[language] in page


@pytest.mark.parametrize(
    ("language", "post", "project_title", "order"),
    [("ca", "Càrrec", "Títol", "Ordre"), ("es", "Cargo", "Título", "Orden")],
)
def test_words_with_two_meanings_are_translated_by_their_context(  # type: ignore[no-untyped-def]
    db, language: str, post: str, project_title: str, order: str
) -> None:
    """A person's title is their post; a project's title is its name; an axis's position is its order."""
    with translation.override(language):
        assert str(REGISTRY["positions"].columns[1].label) == post
        assert str(Axis._meta.get_field("position").verbose_name).capitalize() == order
        assert translation.gettext("Title") == project_title


def test_login_is_throttled(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    for _attempt in range(5):
        client.post("/accounts/login/", {"username": "editor", "password": "wrong"})
    locked = client.post("/accounts/login/", {"username": "editor", "password": "pw-editor"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_thousands_of_choices_become_a_text_box_with_suggestions(world) -> None:  # type: ignore[no-untyped-def]
    from interlocal.core.widgets import LARGE_CHOICES
    from interlocal.ecosystem.models import Organisation

    Organisation.objects.bulk_create(
        Organisation(key=f"many-{n}", name=f"Agency number {n}", kind="ngo", owner=world.amb, visibility="public")
        for n in range(LARGE_CHOICES + 1)
    )
    client = Client()
    client.force_login(world.users["coordinator"])
    form_page = client.get("/agreements/new/").content.decode()
    assert 'list="id_organisation-choices"' in form_page
    assert "Agency number 7" not in form_page  # no giant select
    suggestions = client.get(
        "/choices/organisations/", {"field": "organisation", "organisation": "Barcelona City"}
    ).content.decode()
    assert f'value="{world.own.pk} · Barcelona City Council"' in suggestions
    response = client.post(
        "/agreements/new/",
        {
            "organisation": f"{world.own.pk} · Barcelona City Council",
            "title": "Picked by suggestion",
            "kind": "mou",
            "status": "active",
            "partner_place": world.records["places"].pk,
            "owner": f"{world.own.pk} · Barcelona City Council",
            "visibility": "public",
            "language": "en",
        },
    )
    assert response.status_code == 302
    assert Agreement.objects.get(title="Picked by suggestion").organisation == world.own
    listing = client.get("/agreements/", {"organisation": world.own.pk})
    assert 'list="id_organisation-choices"' in listing.content.decode()
    assert {a.title for a in listing.context["page"].object_list} == {"Agreement own", "Picked by suggestion"}
