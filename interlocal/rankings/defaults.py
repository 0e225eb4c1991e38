"""The rankings app's part of the embedded default data (called by metropolis.defaults, idempotent).

Only the places the report gives, each cited. The report names no publisher (except the Financial Times)
and, but for Barcelona's first place in 2017, no year: those fields stay empty and the edition says
"year not given in the study". Cities the registry does not hold (Paris, Madrid, Chicago, New York) are
named in the edition's notes, not given a position. With `illustrative=True` (the demo) an illustrative
ranking over seven editions is added so that the chart has a line to draw; it is labelled as such.
"""

from typing import Any

from interlocal.core.services import create_if_missing
from interlocal.ecosystem.defaults import amb_organisation
from interlocal.territory.models import Territory

from .models import Edition, Position, Ranking
from .services import ranking_results_sync

EVENTS = "Study §4 (Attracting investments, headquarters, and international events)"
LIVERPOOL = "Report §5.1 (Session I: Economic Dimension, Liverpool City Region)"
NOT_GIVEN = "year not given in the study"
ILLUSTRATIVE = "Illustrative values (not from the report): a demo of the chart over editions"

# key, name, publisher as named, what a better position means, citation,
# editions: (year, label, notes, [(territory key, position)])
RANKINGS: list[tuple[str, str, str, str, str, list[tuple[int | None, str, str, list[tuple[str, int]]]]]] = [
    (
        "international-gatherings",
        "Cities that organise the most international gatherings worldwide",
        "",
        "A city placed higher organises more international gatherings (congresses and meetings).",
        EVENTS + ": Vienna is second, surpassed only by Paris and ahead of Madrid and Barcelona; "
        "Barcelona is fourth and headed the list in 2017",
        [
            (
                None,
                f"Edition the study cites ({NOT_GIVEN})",
                "Paris is first and Vienna second, ahead of Madrid and Barcelona; Barcelona is fourth "
                "(Paris and Madrid are not in the registry).",
                [("vienna", 2), ("barcelona", 4)],
            ),
            (2017, "", "Barcelona headed the list in 2017.", [("barcelona", 1)]),
        ],
    ),
    (
        "investment-strategy-americas",
        "Best strategy for attracting investments: cities of the Americas",
        "Financial Times",
        "A city placed higher has a better strategy for attracting investments.",
        EVENTS + ": the Financial Times deems Medellín fourth among the cities of the Americas, "
        "after Chicago, New York and Montreal",
        [
            (
                None,
                f"Edition the study cites ({NOT_GIVEN})",
                "Chicago is first and New York second (not in the registry).",
                [("montreal", 3), ("medellin", 4)],
            ),
        ],
    ),
    (
        "investment-strategy-europe",
        "Best investment strategy: European cities",
        "Financial Times",
        "A city placed higher has a better investment strategy.",
        EVENTS + ": the Financial Times considers that Barcelona has the best investment strategy "
        "of all the European cities",
        [(None, f"Edition the study cites ({NOT_GIVEN})", "", [("barcelona", 1)])],
    ),
    (
        "international-events-americas",
        "Cities of the Americas for international events",
        "",
        "A city placed higher attracts more international events.",
        EVENTS + ": Montreal is second in the Americas for international events",
        [(None, f"Edition the study cites ({NOT_GIVEN})", "", [("montreal", 2)])],
    ),
    (
        "international-students",
        "Most attractive cities for international students",
        "",
        "A city placed higher is more attractive for international students.",
        EVENTS + ": on the global scale Montreal has been rated the world's most attractive city "
        "for international students",
        [(None, f"Edition the study cites ({NOT_GIVEN})", "", [("montreal", 1)])],
    ),
    (
        "most-visited-uk-cities",
        "Most visited cities in the United Kingdom",
        "",
        "A city placed higher receives more visitors.",
        LIVERPOOL + ": Liverpool has become the 5th most visited city in the UK after having been 18th",
        [
            (None, "Earlier edition (year not given in the report)", "", [("liverpool", 18)]),
            (None, "Edition at the time of the seminar (year not given in the report)", "", [("liverpool", 5)]),
        ],
    ),
]

ILLUSTRATIVE_YEARS = list(range(2019, 2026))
ILLUSTRATIVE_SERIES = {  # the home metropolis and two peers, 1 is the best
    "amb": [14, 12, 12, 10, 9, 9, 8],
    "vienna": [3, 2, 2, 1, 1, 2, 1],
    "seoul": [9, 10, 8, 8, 7, 6, 6],
}


def load(*, illustrative: bool = False) -> str:
    owner = amb_organisation()
    territories = {t.key: t for t in Territory.objects.all()}
    common: dict[str, Any] = {"owner": owner, "visibility": "public"}
    new = 0
    for key, name, publisher, better, citation, editions in RANKINGS:
        fields = {"name": name, "publisher_name": publisher, "better_means": better, "citation": citation, **common}
        ranking, created = create_if_missing(Ranking, {"key": key}, fields)
        new += created
        for year, label, notes, places in editions:
            lookup = {"ranking": ranking, "year": year} if year else {"ranking": ranking, "year": None, "label": label}
            edition, _ = create_if_missing(
                Edition, lookup, {"label": label, "notes": notes, "citation": citation, **common}
            )
            for territory_key, place in places:
                territory = territories.get(territory_key)
                if territory is not None:
                    create_if_missing(
                        Position,
                        {"edition": edition, "territory": territory},
                        {"position": place, "citation": citation, **common},
                    )
        ranking_results_sync(ranking=ranking)
    message = f"Rankings: {len(RANKINGS)} rankings the report cites ({new} new)"
    if illustrative:
        message += _illustrative(owner, territories)
    return message + "."


def _illustrative(owner: Any, territories: dict[str, Territory]) -> str:
    shared = {"owner": owner, "visibility": "public", "illustrative": True, "citation": ILLUSTRATIVE}
    ranking, _ = create_if_missing(
        Ranking,
        {"key": "illustrative-city-ranking"},
        {"name": "Illustrative city ranking (demo, not from the report)", "places_ranked": 50,
         "better_means": "Illustrative: a city placed higher scores better on the demo's criteria.", **shared},
    )  # fmt: skip
    for n, year in enumerate(ILLUSTRATIVE_YEARS):
        edition, _ = create_if_missing(Edition, {"ranking": ranking, "year": year}, {"places_ranked": 50, **shared})
        for territory_key, series in ILLUSTRATIVE_SERIES.items():
            territory = territories.get(territory_key)
            if territory is not None:
                create_if_missing(
                    Position, {"edition": edition, "territory": territory}, {"position": series[n], **shared}
                )
    ranking_results_sync(ranking=ranking)
    return f", an illustrative ranking over {len(ILLUSTRATIVE_YEARS)} editions"
