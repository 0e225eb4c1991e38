"""The ranking's page, its chart over editions and the forms: what each reader sees, lower is better."""

from django.test import Client

from interlocal.rankings.models import Edition
from interlocal.rankings.services import ranking_results_sync
from tests.factories import make

from .conftest import Ranked, place


def test_the_chart_draws_each_territory_over_the_editions_with_the_best_place_on_top(ranked: Ranked) -> None:
    spec = Client().get(f"/rankings/{ranked.ranking.pk}/chart.vl.json").json()
    assert spec["encoding"]["y"]["scale"]["reverse"] is True
    assert spec["encoding"]["y"]["field"] == "position"
    rows = [(r["year"], r["territory"], r["position"], r["side"]) for r in spec["data"]["values"]]
    assert rows == [
        (2021, "Vienna", 2, "Peer"), (2021, "Seoul", 9, "Peer"), (2021, "Barcelona Metropolitan Area", 12, "Home metropolis"),
        (2022, "Vienna", 1, "Peer"), (2022, "Seoul", 9, "Peer"), (2022, "Barcelona Metropolitan Area", 10, "Home metropolis"),
        (2023, "Vienna", 2, "Peer"), (2023, "Seoul", 7, "Peer"), (2023, "Barcelona Metropolitan Area", 8, "Home metropolis"),
    ]  # fmt: skip
    assert "subtitle" not in spec["title"]


def test_a_hidden_edition_is_neither_drawn_nor_listed_for_the_public(ranked: Ranked) -> None:
    hidden = make(Edition, ranking=ranked.ranking, year=2024, owner=ranked.world.own, visibility="internal",
                  label="Zqhiddenedition")  # fmt: skip
    place(hidden, ranked.home, 3)
    ranking_results_sync(ranking=ranked.ranking)
    url = f"/rankings/{ranked.ranking.pk}/chart.vl.json"
    assert 2024 not in {r["year"] for r in Client().get(url).json()["data"]["values"]}
    page = Client().get(ranked.ranking.get_absolute_url()).content.decode()
    assert "Zqhiddenedition" not in page and "International gatherings" in page and "Peer" in page
    viewer = Client()
    viewer.force_login(ranked.world.users["viewer"])
    assert 2024 in {r["year"] for r in viewer.get(url).json()["data"]["values"]}


def test_an_illustrative_edition_says_so_on_the_chart(ranked: Ranked) -> None:
    Edition.objects.filter(pk=ranked.editions[2022].pk).update(illustrative=True)
    spec = Client().get(f"/rankings/{ranked.ranking.pk}/chart.vl.json").json()
    assert spec["title"]["subtitle"].startswith("Illustrative data")


def test_the_chart_costs_the_same_queries_whatever_the_editions(ranked: Ranked, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    url = f"/rankings/{ranked.ranking.pk}/chart.vl.json"
    with django_assert_num_queries(7) as few:
        Client().get(url)
    for year in (2015, 2016, 2017):
        place(make(Edition, ranking=ranked.ranking, year=year, owner=ranked.world.own), ranked.vienna, 4)
    with django_assert_num_queries(len(few.captured_queries)):
        Client().get(url)


def test_an_editor_adds_an_edition_and_its_value_reaches_the_results(ranked: Ranked) -> None:
    client = Client()
    client.force_login(ranked.world.users["editor"])
    data = {"ranking": ranked.ranking.pk, "year": 2024, "owner": ranked.world.own.pk, "visibility": "public",
            "language": "en", "source": "Edition 2024"}  # fmt: skip
    response = client.post("/ranking-editions/new/", data)
    assert response.status_code == 302
    edition = Edition.objects.get(ranking=ranked.ranking, year=2024)
    data = {"edition": edition.pk, "territory": ranked.home.pk, "position": 5, "owner": ranked.world.own.pk,
            "visibility": "public", "language": "en"}  # fmt: skip
    assert client.post("/ranking-positions/new/", data).status_code == 302
    assert ranked.ranking.indicator.observations.get(period_start__year=2024).value == 5  # type: ignore[union-attr]
    data["position"] = 101  # the ranking places 100
    data["territory"] = ranked.vienna.pk
    response = client.post("/ranking-positions/new/", data)
    assert response.status_code == 400 and "at most that" in response.content.decode()


def test_another_organisations_editor_cannot_add_an_edition_to_the_ranking(ranked: Ranked) -> None:
    theirs = make(type(ranked.ranking), key="theirs", name="Their ranking", owner=ranked.world.other)
    client = Client()
    client.force_login(ranked.world.users["editor"])
    data = {"ranking": theirs.pk, "year": 2024, "owner": ranked.world.own.pk, "visibility": "public", "language": "en"}
    response = client.post("/ranking-editions/new/", data)
    assert response.status_code == 400 and "rankings of your own organisation" in response.content.decode()
    assert not Edition.objects.filter(ranking=theirs).exists()


def test_an_archived_position_leaves_the_results_once_committed(
    ranked: Ranked, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    position = ranked.editions[2023].positions.get(territory=ranked.home)
    client = Client()
    client.force_login(ranked.world.users["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/ranking-positions/{position.pk}/archive/", {"archived": "1"}).status_code == 302
    value = ranked.ranking.indicator.observations.get(period_start__year=2023, territory=ranked.home)  # type: ignore[union-attr]
    assert value.archived_at is not None


def test_an_edition_moved_to_another_ranking_takes_its_values_along(ranked: Ranked) -> None:
    other = make(type(ranked.ranking), key="other", name="Another ranking", owner=ranked.world.own)
    ranking_results_sync(ranking=other)
    edition = ranked.editions[2023]
    client = Client()
    client.force_login(ranked.world.users["editor"])
    data = {"ranking": other.pk, "year": 2023, "owner": ranked.world.own.pk, "visibility": "public",
            "language": "en", "source": "Edition 2023"}  # fmt: skip
    assert client.post(f"/ranking-editions/{edition.pk}/edit/", data).status_code == 302
    other.refresh_from_db()
    left = ranked.ranking.indicator.observations.filter(period_start__year=2023)  # type: ignore[union-attr]
    assert [o.archived_at is not None for o in left] == [True, True, True]  # archived in the former ranking
    moved = other.indicator.observations.filter(period_start__year=2023, archived_at=None)  # type: ignore[union-attr]
    assert sorted(o.value for o in moved) == [2, 7, 8]
