"""The rankings' default data: only the places the report gives, cited; idempotent; illustrative ones labelled."""

from interlocal.rankings import defaults
from interlocal.rankings.models import Edition, Position, Ranking
from interlocal.results.models import Observation
from interlocal.territory.models import Territory
from tests.factories import World, make


def test_the_report_s_rankings_load_once_and_the_demo_ranking_only_when_asked(world: World) -> None:
    for key, kind in [("barcelona", "municipality"), ("vienna", "metropolis"), ("montreal", "municipality"),
                      ("medellin", "municipality"), ("liverpool", "municipality"), ("amb", "metropolis"),
                      ("seoul", "metropolis")]:  # fmt: skip
        make(Territory, key=key, name=key.title(), kind=kind, country="ES", owner=world.amb)
    defaults.load()
    counts = (Ranking.objects.count(), Edition.objects.count(), Position.objects.count(), Observation.objects.count())
    assert counts == (6, 8, 10, 1)  # only Barcelona's first place of 2017 has a year
    gatherings = Ranking.objects.get(key="international-gatherings")
    assert gatherings.publisher_name == "" and "Study §4" in gatherings.citation
    undated = gatherings.editions.get(year=None)
    assert "year not given in the study" in undated.label and "Paris is first" in undated.notes
    assert {p.territory.key: p.position for p in undated.positions.all()} == {"vienna": 2, "barcelona": 4}
    assert Ranking.objects.get(key="investment-strategy-americas").publisher_name == "Financial Times"
    assert not Ranking.objects.filter(illustrative=True).exists()
    defaults.load()
    assert (
        Ranking.objects.count(),
        Edition.objects.count(),
        Position.objects.count(),
        Observation.objects.count(),
    ) == counts
    defaults.load(illustrative=True)
    demo = Ranking.objects.get(key="illustrative-city-ranking")
    assert demo.illustrative and demo.editions.count() == 7 and demo.indicator is not None
    assert Observation.objects.filter(indicator=demo.indicator, illustrative=True).count() == 21
    defaults.load(illustrative=True)
    assert Observation.objects.filter(indicator=demo.indicator).count() == 21
