"""The import of editions: a good file, faulty rows named with nothing changed, another organisation's ranking."""

import csv

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from interlocal.rankings.models import Edition, Position, Ranking
from interlocal.results.models import Observation
from tests.factories import make

from .conftest import Ranked

GOOD = (
    "ranking,year,territory,position,published_on,places_ranked,source\n"
    "gatherings,2024,amb,7,2024-05-01,100,Edition 2024\n"
    "gatherings,2024,vienna,1,,,\n"
    "gatherings,2023,seoul,6,,,Corrected\n"
)


def upload(client: Client, text: str, **fields: str) -> object:
    file = SimpleUploadedFile("editions.csv", text.encode(), content_type="text/csv")
    return client.post("/rankings/import/", {"file": file, "visibility": "public", **fields})


def editor(ranked: Ranked) -> Client:
    client = Client()
    client.force_login(ranked.world.users["editor"])
    return client


def test_a_good_file_creates_the_edition_and_updates_a_position_and_a_second_import_changes_nothing(
    ranked: Ranked,
) -> None:
    client = editor(ranked)
    response = upload(client, GOOD)
    assert response.status_code == 200
    assert "1 new editions, 2 new positions, 1 positions updated, 0 unchanged" in response.content.decode()
    edition = Edition.objects.get(ranking=ranked.ranking, year=2024)
    assert (edition.published_on.isoformat(), edition.places_ranked, edition.visibility) == (
        "2024-05-01",
        100,
        "public",
    )  # type: ignore[union-attr]
    assert {p.territory.key: p.position for p in edition.positions.all()} == {"amb": 7, "vienna": 1}
    assert Position.objects.get(edition__year=2023, territory=ranked.seoul).source == "Corrected"
    assert edition.history.first().history_change_reason == "imported from editions.csv"  # type: ignore[union-attr]
    values = Observation.objects.filter(indicator=ranked.ranking.indicator, period_start__year=2024)
    assert {o.territory.key: o.value for o in values} == {"amb": 7, "vienna": 1}
    response = upload(client, GOOD)
    assert "0 new editions, 0 new positions, 0 positions updated, 3 unchanged" in response.content.decode()


def test_bad_rows_are_each_named_and_nothing_changes(ranked: Ranked) -> None:
    before = (Edition.objects.count(), Position.objects.count(), Observation.objects.count(), Position.history.count())
    text = (
        "ranking,year,territory,position\n"
        "gatherings,2024,amb,7\n"  # a good row: not written either
        "nosuch,2024,amb,3\n"
        "gatherings,20x4,amb,3\n"
        "gatherings,2024,atlantis,3\n"
        "gatherings,2024,vienna,0\n"
        "gatherings,2024,seoul,101\n"
        "gatherings,2024,amb,8\n"
    )
    response = upload(editor(ranked), text)
    assert response.status_code == 400
    page = response.content.decode()
    for message in ("Unknown ranking “nosuch”.", "“20x4” is not a whole number.", "Unknown territory “atlantis”.",
                    "position must be 1 or more.", "after the last of the 100 places ranked",
                    "Row 2 already gives this territory"):  # fmt: skip
        assert message in page
    assert "Nothing was saved" in page
    assert (
        Edition.objects.count(),
        Position.objects.count(),
        Observation.objects.count(),
        Position.history.count(),
    ) == before


def test_a_nul_character_or_an_overlong_cell_is_named_and_nothing_changes(ranked: Ranked) -> None:
    before = (Edition.objects.count(), Position.objects.count())
    response = upload(editor(ranked), "ranking,year,territory,position,source\ngatherings,2024,amb,7,Ed\x00ition\n")
    assert response.status_code == 400
    assert "The cell holds a NUL character (0x00): remove it." in response.content.decode()
    overlong = 'ranking,year,territory,position,source\ngatherings,2024,amb,7,"' + "x" * 140_000 + '"\n'
    previous = csv.field_size_limit(131_072)  # the csv module's own limit (a library loaded before may raise it)
    try:
        response = upload(editor(ranked), overlong)
    finally:
        csv.field_size_limit(previous)
    assert response.status_code == 400 and "field larger than field limit" in response.content.decode()
    assert (Edition.objects.count(), Position.objects.count()) == before


def test_a_missing_column_is_named(ranked: Ranked) -> None:
    response = upload(editor(ranked), "ranking,year,territory\ngatherings,2024,amb\n")
    assert response.status_code == 400 and "The column “position” is missing." in response.content.decode()


def test_another_organisation_cannot_import_into_the_ranking(ranked: Ranked) -> None:
    theirs = make(Ranking, key="theirs", name="Their ranking", owner=ranked.world.other)
    response = upload(editor(ranked), "ranking,year,territory,position\ntheirs,2024,amb,3\n")
    assert response.status_code == 400
    assert "You may not change the ranking “theirs”: it belongs to another organisation." in response.content.decode()
    assert not Edition.objects.filter(ranking=theirs).exists()


def test_check_only_changes_nothing_and_a_viewer_may_not_import(ranked: Ranked) -> None:
    before = Position.objects.count()
    response = upload(editor(ranked), GOOD, check_only="on")
    assert response.status_code == 200 and "The file is correct (3 rows)" in response.content.decode()
    assert Position.objects.count() == before
    viewer = Client()
    viewer.force_login(ranked.world.users["viewer"])
    assert upload(viewer, GOOD).status_code == 403
