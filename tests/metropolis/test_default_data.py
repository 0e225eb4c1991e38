"""The embedded default data: the AMB, the report's cited facts, illustrative activity."""

from django.db.models import Sum
from django.test import Client

from interlocal.diplomacy.models import Agreement, Engagement, Membership
from interlocal.ecosystem.models import Fact, ManagementUnit, Organisation, UnitYear
from interlocal.metropolis.defaults import load_default_data
from interlocal.projects.models import Project
from interlocal.territory.models import PopulationFigure, Territory


def test_default_data_loads_the_amb_and_the_report_and_is_idempotent(db) -> None:  # type: ignore[no-untyped-def]
    load_default_data(log=lambda _message: None, illustrative=True)
    municipalities = Territory.objects.filter(parent__key="amb", kind="municipality")
    assert municipalities.count() == 36
    assert municipalities.get(official_code="08019").name == "Barcelona"
    # Eurostat LAU 2019 population of the 36 municipalities (territory/data/SOURCES.txt).
    assert (
        PopulationFigure.objects.filter(territory__in=municipalities).aggregate(s=Sum("population"))["s"] == 3_291_654
    )

    seoul = UnitYear.objects.get(unit__name="International Cooperation Bureau")
    assert (seoul.staff, seoul.budget_eur) == (40, 8_790_000)
    barcelona_roles = set(
        Membership.objects.filter(organisation__key="barcelona-city-council", network__acronym="UCLG").values_list(
            "role", flat=True
        )
    )
    assert {"secretariat_host", "co_presidency"} <= barcelona_roles
    # Every cited record names the report's section; no illustrative record is among them.
    for model in (Organisation, ManagementUnit, Membership, Agreement, Fact):
        assert not model.objects.filter(citation="").exists()
        assert not model.objects.filter(illustrative=True, citation__startswith="Report").exists()
    assert Engagement.objects.filter(illustrative=True).count() == 120
    assert Project.objects.filter(illustrative=True).count() == 40

    # Each municipality at its seat (ICGC, territory/data/SOURCES.txt), for the equity map.
    assert not municipalities.filter(latitude__isnull=True).exists()
    gava = municipalities.get(name="Gavà")
    assert (round(gava.latitude, 2), round(gava.longitude, 2)) == (41.31, 2.0)
    municipalities.filter(pk=gava.pk).update(latitude=None, longitude=None)  # loaded before the seats were shipped

    counts = [
        m.objects.count()
        for m in (Territory, Organisation, ManagementUnit, Membership, Agreement, Fact, Engagement, Project)
    ]
    load_default_data(log=lambda _message: None, illustrative=True)
    assert [
        m.objects.count()
        for m in (Territory, Organisation, ManagementUnit, Membership, Agreement, Fact, Engagement, Project)
    ] == counts
    gava.refresh_from_db()
    assert gava.latitude is not None and gava.longitude is not None  # the next load gives it its seat


def test_public_api_serves_the_report_to_anonymous_visitors(db) -> None:  # type: ignore[no-untyped-def]
    load_default_data(log=lambda _message: None)
    client = Client()
    territories = client.get(
        "/api/v1/territories/", {"kind": "municipality", "parent": Territory.objects.get(key="amb").pk, "limit": 100}
    ).json()
    assert territories["count"] == 36
    assert "08019" in {t["official_code"] for t in territories["items"]}

    units = client.get("/api/v1/unit-years/", {"limit": 100}).json()["items"]
    assert {"staff": 53, "budget_eur": "1750000.00"}.items() <= next(u for u in units if u["staff"] == 53).items()

    memberships = client.get("/api/v1/memberships/", {"role": "secretariat_host", "limit": 100}).json()
    assert memberships["count"] >= 5  # UCLG, Metropolis, Educating Cities, MedCities, CIDEU in Barcelona
    relations = client.get("/api/v1/agreements/", {"limit": 100}).json()
    assert relations["count"] >= 1 and all(a["citation"] for a in relations["items"])
    hosted = client.get("/api/v1/facts/", {"topic": "hosted_organisations", "limit": 100}).json()
    assert hosted["count"] >= 1
