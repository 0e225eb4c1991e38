"""The key figures of a year (portal.headlines): hand-computed values, only what the reader may see, fixed queries."""

import datetime

import pytest
from django.template.loader import render_to_string

from interlocal.benchmark.models import Profile
from interlocal.core import memo, services
from interlocal.core.permissions import ANONYMOUS, SYSTEM, access_for
from interlocal.diplomacy.models import Agreement, Engagement
from interlocal.portal.headlines import headline_figures, headline_year
from interlocal.results.models import Observation
from interlocal.territory.models import Territory
from tests.factories import World, make
from tests.results.conftest import Metro, indicator, observe

BARCELONA, GAVA, SANT_CLIMENT, ELSEWHERE = 0, 1, 2, 3


@pytest.fixture
def band(world: World, home: Territory) -> Metro:
    """Investment, jobs and headquarters of 2024 in the home metropolis, with what must never count."""
    towns = [Territory.objects.get(key="amb-barcelona"), Territory.objects.get(key="amb-gava")]
    towns.append(make(Territory, key="amb-sant-climent", name="Sant Climent de Llobregat", kind="municipality",
                      country="ES", parent=home, owner=world.amb))  # fmt: skip
    towns.append(world.records["territories"])  # a municipality outside the home metropolis
    metro = Metro(world, home, towns, {})
    metro.indicators["foreign-investment"] = indicator(world, "foreign-investment", unit="EUR million")
    metro.indicators["jobs-generated"] = indicator(world, "jobs-generated", unit="jobs", source="Invest Office")
    metro.indicators["new-headquarters"] = indicator(world, "new-headquarters", visibility="internal")
    metro.indicators["international-talent"] = indicator(world, "international-talent", unit="people")
    observe(metro, "foreign-investment", BARCELONA, "2024", "12.5")
    observe(metro, "foreign-investment", GAVA, "2024", "3.5")  # 12.5 + 3.5 = 16
    observe(metro, "foreign-investment", GAVA, "2023", 99)  # another year
    observe(metro, "foreign-investment", ELSEWHERE, "2024", 500)  # outside the metropolis
    hidden = observe(metro, "foreign-investment", SANT_CLIMENT, "2024", 1000)
    Observation.objects.filter(pk=hidden.pk).update(visibility="internal")  # hidden from the public
    observe(metro, "jobs-generated", BARCELONA, "2024", 1200)
    generated = observe(metro, "jobs-generated", GAVA, "2024", 34)  # 1,234 jobs, partly illustrative
    Observation.objects.filter(pk=generated.pk).update(illustrative=True)
    observe(metro, "jobs-generated", SANT_CLIMENT, "2024", 5000, status="submitted")  # not approved
    observe(metro, "new-headquarters", BARCELONA, "2024", 7)  # an internal indicator
    observe(metro, "international-talent", BARCELONA, "2023", 40)  # no value in 2024: left out
    own = world.own
    for day, visibility in [(1, "public"), (2, "public"), (3, "internal")]:
        make(Engagement, title=f"Delegation {day}", kind="incoming_delegation", start_on=datetime.date(2024, 3, day),
             owner=own, participants=[own], visibility=visibility)  # fmt: skip
    make(Engagement, title="Delegation of 2023", kind="incoming_delegation", start_on=datetime.date(2023, 3, 1),
         owner=own, participants=[own])  # fmt: skip
    # The world's two agreements have no dates (in force); one ended before 2024, one is internal.
    make(Agreement, organisation=own, partner_place=world.records["places"], title="Ended", kind="twinning", signed_on=datetime.date(2020, 1, 1),
         ends_on=datetime.date(2023, 12, 31), owner=own)  # fmt: skip
    make(Agreement, organisation=own, partner_place=world.records["places"], title="Internal", kind="twinning",
         owner=own, visibility="internal")  # fmt: skip
    make(
        Profile, key="amb-profile", name="AMB", territory=home, country="ES", owner=world.amb,
        cooperation_budget_eur=2_000_000, total_budget_eur=1_000_000_000, citation="Report §1",
    )  # fmt: skip
    return metro


def test_the_key_figures_of_a_year_for_an_anonymous_reader(band: Metro, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    memo.forget()  # counted as computed, not as remembered from an earlier test (core.memo)
    # The profile hides its non-public relations; the indicators are read without their many-to-many sets, which
    # the band never shows; one query asks for the version of the data.
    with django_assert_num_queries(9):
        headlines = headline_figures(ANONYMOUS, 2024)
    assert [(h.key, h.formatted, h.year) for h in headlines] == [
        ("foreign-investment", "16\xa0EUR million", 2024),
        ("jobs-generated", "1,234\xa0jobs", 2024),
        ("delegations", "2", 2024),
        ("agreements", "2", 2024),
        ("cooperation", "€2,000,000", None),
        ("cooperation-share", "0.2%", None),
    ]
    investment, jobs, delegations, agreements, budget, share = headlines
    assert investment.label == "Investment attracted" and investment.value == 16 and not investment.illustrative
    assert investment.url == f"/portal/indicators/{band.indicators['foreign-investment'].pk}-foreign-investment/"
    assert jobs.source == "Invest Office" and jobs.illustrative  # one of its values is generated example data
    assert delegations.url == agreements.url == "/portal/map/"
    assert (
        share.note == "below the 0.7% commitment" and share.source == "Report §1" and share.url == "/portal/strategy/"
    )


def test_the_band_is_remembered_until_a_write_changes_it(band: Metro, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    def delegations() -> str:
        return next(h.formatted for h in headline_figures(ANONYMOUS, 2024) if h.key == "delegations")

    assert delegations() == "2"
    with django_assert_num_queries(1):  # the version of the data: nothing changed, nothing computed
        assert delegations() == "2"
    delegation = Engagement.objects.get(title="Delegation 1")
    services.record_update(access=SYSTEM, user=None, instance=delegation, fields={"visibility": "draft"})
    assert delegations() == "1"  # a draft leaves the public band at once
    staff = {h.key: h.formatted for h in headline_figures(access_for(band.world.users["coordinator"]), 2024)}
    assert staff["delegations"] == "3"  # the coordinator's band is theirs: the draft and the internal one count


def test_a_reader_who_may_see_more_gets_more(band: Metro) -> None:
    access = access_for(band.world.users["coordinator"])
    figures = {h.key: h.formatted for h in headline_figures(access, 2024)}
    assert figures["new-headquarters"] == "7\xa0units"  # internal: only staff see it
    assert figures["foreign-investment"] == "1,016\xa0EUR million"  # the internal value counts for them
    assert figures["delegations"] == "3" and figures["agreements"] == "3"


def test_a_year_without_data_has_no_figure_but_the_undated_ones(band: Metro) -> None:
    assert [h.key for h in headline_figures(ANONYMOUS, 1999)] == ["agreements", "cooperation", "cooperation-share"]
    # the world's two agreements have no dates: the registry holds them in force in any year


def test_the_band_is_a_list_with_label_figure_year_and_source_link(band: Metro) -> None:
    html = render_to_string("portal/_headlines.html", {"headlines": headline_figures(ANONYMOUS, 2024)})
    assert '<ul class="headline-list">' in html and html.count('<li class="headline"') == 6
    assert '<span class="headline-figure">1,234\xa0jobs</span>' in html
    assert '2024 · <a href="/portal/map/">Source: Registry of engagements</a>' in html
    assert "as last stated" in html and "illustrative" in html
    assert render_to_string("portal/_headlines.html", {"headlines": []}).strip() == ""


def test_the_year_of_the_band_is_the_latest_with_a_public_value(band: Metro, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    observe(band, "new-headquarters", BARCELONA, "2025", 3)  # an internal indicator: not for the public
    observe(band, "foreign-investment", ELSEWHERE, "2026", 1)  # outside the metropolis
    with django_assert_num_queries(1):
        assert headline_year(ANONYMOUS) == 2024
    assert headline_year(access_for(band.world.users["coordinator"])) == 2025


def test_the_portal_home_shows_the_band_of_the_latest_year_with_values(band: Metro, client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/portal/").content.decode()
    assert "Key figures" in page
    assert '<span class="headline-figure">16\xa0EUR million</span>' in page  # 2024, not this year's empty band
    assert "1,016" not in page and "7\xa0units" not in page  # the hidden value and the internal indicator
