"""The study's tables, rebuilt from the loaded data, cell by cell against the report (Study §2, §3)."""

from decimal import Decimal

import pytest
from django.test import Client

from interlocal.benchmark.comparison import measures_table, networks_table, planning_table, scenarios_table, units_table
from interlocal.benchmark.selectors import profile_views
from interlocal.core.permissions import ANONYMOUS
from interlocal.metropolis.defaults import load_default_data

M = Decimal(1_000_000)

# Study §2, "Management Unit / Nº professionals / Budget" ("-": information not available).
UNITS = {
    "eThekwini (Durban)": [(None, None)],
    "Medellín and the Aburrá Valley": [(53, Decimal("1.75") * M)],
    "Montreal": [(18, 2 * M), (4, Decimal("0.55") * M)],
    "Seoul": [(40, Decimal("8.79") * M)],
    "Vienna": [(10, None), (None, None), (5, None), (40, None), (12, None)],
    "Barcelona (AMB and city)": [
        (18, Decimal("1.97") * M),
        (16, Decimal("2.6") * M),
        (14, Decimal("10.2") * M),
        (12, 1 * M),
    ],
}

# Study §3, "Metropolis / Networks / Main link".
NETWORKS = {
    "eThekwini (Durban)": {"UCLG", "C40", "AFUS"},
    "Medellín and the Aburrá Valley": {"UCLG", "C40", "ICLEI"},
    "Montreal": {"Metropolis", "ICLEI", "C40", "AIMF"},
    "Seoul": {"UCLG", "Metropolis", "ICLEI", "CityNet", "C40", "GSEF", "WeGO", "LUCI"},
    "Vienna": {"UCLG", "Eurocities"},
    "Barcelona (AMB and city)": {"UCLG", "Metropolis", "Educating Cities", "MedCities", "CIDEU", "Eurocities"},
}
MAIN_LINKS = {
    ("eThekwini (Durban)", "AFUS"): "Presidency",
    ("Medellín and the Aburrá Valley", "ICLEI"): "Headquarters in Colombia",
    ("Montreal", "Metropolis"): "Co-Presidency",
    ("Seoul", "CityNet"): "Headquarters and presidency",
    ("Vienna", "Eurocities"): "Member of the executive committee",
    ("Barcelona (AMB and city)", "CIDEU"): "Headquarters of secretariat",
}


@pytest.fixture
def views(db):  # type: ignore[no-untyped-def]
    load_default_data(log=lambda _message: None)
    return [v for v in profile_views(access=ANONYMOUS) if v.profile.kind == "case_study"]


def test_units_and_networks_tables(views) -> None:  # type: ignore[no-untyped-def]
    rows = units_table(views)
    by_metropolis: dict[str, list] = {}
    for metropolis, _organisation, _unit, staff, budget in rows:
        by_metropolis.setdefault(metropolis, []).append((staff, budget))
    assert {k: sorted(v, key=str) for k, v in by_metropolis.items()} == {
        k: sorted(v, key=str) for k, v in UNITS.items()
    }

    rows = networks_table(views)
    networks: dict[str, set] = {}
    for metropolis, network, _link in rows:
        networks.setdefault(metropolis, set()).add(network)
    assert networks == NETWORKS
    links = {(metropolis, network): link for metropolis, network, link in rows}
    for cell, link in MAIN_LINKS.items():
        assert links[cell] == link


def test_scenario_planning_and_measurement_tables(views) -> None:  # type: ignore[no-untyped-def]
    assert [sorted(names) for _label, names in scenarios_table(views)] == [
        ["Seoul", "Vienna", "eThekwini (Durban)"],
        ["Medellín and the Aburrá Valley", "Montreal"],
        ["Barcelona (AMB and city)"],
    ]
    planning = dict(planning_table(views))
    first, second = list(planning.values())[:2]
    assert sorted(first) == ["Montreal", "Seoul"]  # "Montreal and Seoul are in the first group."
    assert "Medellín and the Aburrá Valley" in second
    rankings = dict(measures_table(views))["Positions in international rankings"]
    names = [v.profile.name for v in views]
    # "Some cities like Vienna and Medellin carry out follow-ups on their positioning in international rankings."
    assert {name for name, mark in zip(names, rankings, strict=True) if mark} >= {
        "Vienna",
        "Medellín and the Aburrá Valley",
    }
    # "What none of the cities analysed in this study does or describes is an exercise of gauging the negative externalities."
    assert all(v.profile.measures_externalities is False for v in views)
    assert all(v.profile.transversal_space is False for v in views)


def test_tables_page_shows_the_cells(views) -> None:  # type: ignore[no-untyped-def]
    page = Client().get("/benchmark/tables/").content.decode()
    assert "8,790,000" in page and "10,200,000" in page and "Headquarters and presidency" in page
