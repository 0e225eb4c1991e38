"""Illustrative activity data (DESIGN.md §5.3): engagements and projects from a fixed seed.

Every record is marked `illustrative=True` and cites this generator, so it is
shown with an "illustrative" badge and never mixes with the report's facts. It is
loaded for a demonstration only (`load_default_data --illustrative`), never in production.
"""

import datetime
import random
from decimal import Decimal

from interlocal.core.models import SdgTarget
from interlocal.core.reference import find_city
from interlocal.core.services import create_if_missing
from interlocal.diplomacy.models import Engagement, EngagementKind, PartnerPlace
from interlocal.ecosystem.defaults import amb_organisation
from interlocal.ecosystem.models import Organisation
from interlocal.projects.models import Funding, Project

SEED = 20190704  # the seminar's date
CITATION = "Illustrative data generated with a fixed random seed (not from the report)"
CITIES = [
    ("Lyon", "FR"), ("Milan", "IT"), ("Marseille", "FR"), ("Lisbon", "PT"), ("Rotterdam", "NL"),
    ("Hamburg", "DE"), ("Tunis", "TN"), ("Casablanca", "MA"), ("Dakar", "SN"), ("Maputo", "MZ"),
    ("San Salvador", "SV"), ("Bogotá", "CO"), ("Quito", "EC"), ("Lima", "PE"), ("São Paulo", "BR"),
    ("Buenos Aires", "AR"), ("Mexico City", "MX"), ("Montréal", "CA"), ("Boston", "US"),
    ("Shanghai", "CN"), ("Seoul", "KR"), ("Tokyo", "JP"), ("Singapore", "SG"), ("Durban", "ZA"),
    ("Gaza", "PS"), ("Beirut", "LB"), ("Vienna", "AT"), ("Brussels", "BE"), ("Medellín", "CO"), ("Amman", "JO"),
]  # fmt: skip
MISSION_TOPICS = [
    "urban mobility", "green hydrogen", "port logistics", "social housing", "mobile technologies",
    "tourism management", "water cycle", "university exchange", "start-up ecosystem", "metropolitan planning",
]  # fmt: skip
PROJECT_TOPICS = [
    ("Waste management capacity building", "decentralised_cooperation", ["11.6", "12.5"]),
    ("Metropolitan public space programme", "technical_cooperation", ["11.7", "11.3"]),
    ("Water and sanitation in peri-urban areas", "decentralised_cooperation", ["6.1", "6.2"]),
    ("Sustainable urban mobility plan", "eu_funded", ["11.2", "3.6"]),
    ("Energy transition of public buildings", "eu_funded", ["7.3", "13.2"]),
    ("Local economic development and employment", "decentralised_cooperation", ["8.3", "8.5"]),
    ("Gender equality in local governments", "technical_cooperation", ["5.5", "16.7"]),
    ("Climate adaptation of coastal areas", "eu_funded", ["13.1", "14.2"]),
]  # fmt: skip


# Budgets in euros (start, stop, step) by kind of project, at the scale the report gives: the AMB sets aside
# €1.5 million a year for cooperation (Study §5, Decentralised cooperation), and has European funding for
# more than 20 metropolitan projects, with €30 million of ERDF to manage (Report §2, Presentation).
BUDGETS = {
    "decentralised_cooperation": (30_000, 300_000, 5_000),
    "technical_cooperation": (30_000, 300_000, 5_000),
    "eu_funded": (200_000, 3_000_000, 10_000),
}


def load_illustrative() -> str:
    if Engagement.objects.filter(illustrative=True).exists():
        return "Illustrative data: already there."
    rng = random.Random(SEED)  # noqa: S311 - reproducible example data, not security
    owner = amb_organisation()
    places = []
    for name, country in CITIES:
        city = find_city(name, country)
        if city is None:
            continue
        place, _ = create_if_missing(
            PartnerPlace,
            {"geonameid": city.geonameid},
            {
                "name": city.name, "kind": "city", "country": city.country, "latitude": city.latitude,
                "longitude": city.longitude, "population": city.population, "owner": owner, "visibility": "public",
            },
        )  # fmt: skip
        places.append(place)
    actors = list(Organisation.objects.filter(country="ES").exclude(kind__in=["city_network", "coordination_body"]))
    networks = list(Organisation.objects.filter(kind="city_network"))
    kinds = list(EngagementKind)
    start = datetime.date(2017, 1, 1)
    for number in range(1, 121):
        lead = rng.choice(actors)
        others = rng.sample(actors, k=rng.randint(0, 3))
        kind = rng.choice(kinds)
        day = start + datetime.timedelta(days=rng.randint(0, 365 * 9))
        place = rng.choice(places)
        create_if_missing(
            Engagement,
            {"title": f"{kind.label} on {rng.choice(MISSION_TOPICS)} – {place.name} #{number}"},
            {
                "kind": kind.value,
                "start_on": day,
                "end_on": day + datetime.timedelta(days=rng.randint(0, 4)),
                "place": place,
                "network": rng.choice(networks) if networks and rng.random() < 0.2 else None,
                "outcome": "Illustrative outcome notes.",
                "owner": lead,
                "visibility": "public",
                "illustrative": True,
                "citation": CITATION,
            },
            m2m={"participants": [lead, *others]},
        )
    targets = {t.code: t for t in SdgTarget.objects.all()}
    for number in range(1, 41):
        title, project_kind, codes = rng.choice(PROJECT_TOPICS)
        lead = rng.choice(actors)
        budget = Decimal(rng.randrange(*BUDGETS[project_kind]))
        begin = start + datetime.timedelta(days=rng.randint(0, 365 * 7))
        project, _ = create_if_missing(
            Project,
            {"title": f"{title} #{number}"},
            {
                "kind": project_kind,
                "status": rng.choice(["pipeline", "active", "active", "completed"]),
                "description": "Illustrative project generated for the demonstration.",
                "lead": lead,
                "budget_eur": budget,
                "start_on": begin,
                "end_on": begin + datetime.timedelta(days=365 * rng.randint(1, 4)),
                "owner": lead,
                "visibility": "public",
                "illustrative": True,
                "citation": CITATION,
            },
            m2m={
                "partners": rng.sample(actors, k=2),
                "places": rng.sample(places, k=rng.randint(1, 2)),
                "sdg_targets": [targets[c] for c in codes if c in targets],
            },
        )
        create_if_missing(
            Funding,
            {"project": project, "funder": lead},
            {
                "amount_eur": (budget * Decimal("0.6")).quantize(Decimal("1")),
                "owner": lead,
                "visibility": "public",
                "illustrative": True,
                "citation": CITATION,
            },
        )
    return f"Illustrative data: {Engagement.objects.filter(illustrative=True).count()} engagements, {Project.objects.filter(illustrative=True).count()} projects."
