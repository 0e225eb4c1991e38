"""Layout faults that the HTML shows: compare's checkboxes and table, the ledger's charts and tables."""

import re

from django.test import Client

from interlocal.results.models import Indicator

from .factories import World, make


def test_each_compare_checkbox_has_its_own_label(world: World) -> None:
    page = Client().get("/benchmark/compare/", {"p": ["profile-own", "profile-other"]}).content.decode()
    boxes = re.findall(r'<input type="checkbox" name="p" id="([^"]+)"', page)
    assert sorted(boxes) == ["peer-profile-other", "peer-profile-own"]
    for box in boxes:
        assert re.search(rf'<label for="{box}">Profile (own|other)</label>', page)
    assert '<div class="table-wrap"><table class="list comparison">' in page


def test_the_ledger_draws_no_chart_for_a_gain_without_values(world: World) -> None:
    make(Indicator, key="congresses", name="Congresses", kind="output", unit="congresses", polarity="higher_better",
         aggregation="sum", periodicity="year", territorial_level="municipality", role="attraction",
         owner=world.amb)  # fmt: skip
    page = Client().get("/results/ledger/").content.decode()
    section = page[page.index('id="ledger-congresses"') :]
    section = section[: section.index("</section>")]
    assert "il-chart" not in section
    assert "No approved values yet." in section
    assert '<div class="table-wrap"><table class="list ledger"' in section
