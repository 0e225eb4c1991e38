"""The generic API of rankings, editions and positions, and the import as an API operation."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from interlocal.rankings.models import Edition, Ranking

from .conftest import Ranked


def bearer(ranked: Ranked, who: str = "editor") -> dict[str, str]:
    return {"Authorization": f"Bearer {ranked.world.tokens[who]}"}


def test_rankings_editions_and_positions_are_read_without_login(ranked: Ranked, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    body = client.get("/api/v1/rankings/").json()
    assert [(r["key"], r["publisher_name"], r["places_ranked"]) for r in body["items"]] == [
        ("gatherings", "A congress association", 100)
    ]
    editions = client.get(f"/api/v1/ranking-editions/?ranking={ranked.ranking.pk}").json()["items"]
    assert sorted(e["year"] for e in editions) == [2021, 2022, 2023]
    with django_assert_max_num_queries(8):
        positions = client.get(f"/api/v1/ranking-positions/?edition={ranked.editions[2022].pk}").json()["items"]
    assert sorted(p["position"] for p in positions) == [1, 9, 10]


def test_a_ranking_created_through_the_api_gets_its_indicator(ranked: Ranked) -> None:
    body = {"key": "students", "name": "Cities for students", "owner": ranked.world.own.pk, "visibility": "public",
            "language": "en", "better_means": "More attractive for students."}  # fmt: skip
    response = Client().post(
        "/api/v1/rankings/", json.dumps(body), content_type="application/json", headers=bearer(ranked)
    )
    assert response.status_code == 201, response.content
    ranking = Ranking.objects.get(key="students")
    assert ranking.indicator is not None and ranking.indicator.kind == "ranking"
    assert Client().post("/api/v1/rankings/", json.dumps(body), content_type="application/json").status_code == 401


def test_the_import_answers_the_counts_or_every_error(ranked: Ranked) -> None:
    def post(text: str) -> object:
        file = SimpleUploadedFile("e.csv", text.encode(), content_type="text/csv")
        return Client().post("/api/v1/rankings/imports", {"file": file, "visibility": "public"}, headers=bearer(ranked))

    good = post("ranking,year,territory,position\ngatherings,2024,amb,6\n")
    assert good.status_code == 200
    assert (good.json()["editions_created"], good.json()["positions_created"], good.json()["written"]) == (1, 1, True)  # type: ignore[attr-defined]
    bad = post("ranking,year,territory,position\ngatherings,2025,amb,6\ngatherings,2025,mars,2\n")
    assert bad.status_code == 422
    assert bad.json()["errors"] == [{"row": 3, "column": "territory", "message": "Unknown territory “mars”."}]  # type: ignore[attr-defined]
    assert not Edition.objects.filter(year=2025).exists()


def test_a_position_moved_to_another_ranking_through_the_api_takes_its_value_along(
    ranked: Ranked, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    other = Ranking.objects.create(key="other", name="Another ranking", owner=ranked.world.own, visibility="public")
    target = Edition.objects.create(ranking=other, year=2030, owner=ranked.world.own, visibility="public")
    position = ranked.editions[2021].positions.get(territory=ranked.vienna)
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().patch(
            f"/api/v1/ranking-positions/{position.pk}", json.dumps({"edition": target.pk}),
            content_type="application/json", headers=bearer(ranked),
        )  # fmt: skip
    assert response.status_code == 200, response.content
    left = ranked.ranking.indicator.observations.get(period_start__year=2021, territory=ranked.vienna)  # type: ignore[union-attr]
    assert left.archived_at is not None
    other.refresh_from_db()
    assert [(o.period_start.year, o.value) for o in other.indicator.observations.all()] == [(2030, 2)]  # type: ignore[union-attr]
