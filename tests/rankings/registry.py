"""Records and form data of the rankings kinds, for tests/factories.py.

`records_for` and `valid_data` in tests/factories.py build one record of every registered kind; they
extend themselves with these two functions, so the shared page, permission and API tests cover rankings,
their editions and positions too.
"""

from typing import Any

from interlocal.rankings.models import Edition, Position, Ranking


def rankings_records(make: Any, owner: Any, tag: str, records: dict[str, Any]) -> dict[str, Any]:
    """A ranking of `owner` with an edition and a position (`records` holds the registry's)."""
    ranking = make(Ranking, key=f"ranking-{tag}", name=f"Ranking {tag}", better_means="Better", owner=owner)
    edition = make(Edition, ranking=ranking, year=2020, owner=owner)
    position = make(Position, edition=edition, territory=records["territories"], position=2, owner=owner)
    return {"rankings": ranking, "ranking-editions": edition, "ranking-positions": position}


def rankings_valid_data(world: Any, owner: Any) -> dict[str, dict[str, Any]]:
    """Form/API data that creates a new ranking, edition and position."""
    records = world.records
    return {
        "rankings": {"key": "new-ranking", "name": "New ranking", "better_means": "More", "places_ranked": 50},
        "ranking-editions": {"ranking": records["rankings"].pk, "year": 2030, "source": "Edition 2030"},
        "ranking-positions": {
            "edition": records["ranking-editions"].pk,
            "territory": world.others["territories"].pk,
            "position": 3,
        },
    }
