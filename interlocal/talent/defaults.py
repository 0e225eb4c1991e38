"""The talent app's part of the embedded default data (called by metropolis.defaults, idempotent).

Cited facts: the two networks the report describes, Barcelona Alumni (Report §5.2) and the Seoul
Club (Study §4), linked to their organisation records (loaded from ecosystem/data/report_facts.json)
and to who runs them. The report names no member: none is loaded.

Illustrative (only with `illustrative=True`, i.e. `make demo`): a few invented members of Barcelona
Alumni, some with a consent to publication and some without, and one event, so that the demo shows
the map and the privacy rule (the coordinator sees every member; the demo's editor and viewer, of
other organisations, and anonymous visitors only those who consented).
"""

import datetime

from interlocal.core.permissions import SYSTEM
from interlocal.core.services import create_if_missing
from interlocal.ecosystem.defaults import amb_organisation
from interlocal.ecosystem.models import Organisation

from . import services
from .models import ConsentPurpose, Member, NetworkEvent, TalentNetwork

ALUMNI_CITATION = "Report §5.2 (Session II: Human Capital, SciTech DiploHub)"
SEOUL_CITATION = "Study §4 (Attracting investments)"
NETWORKS = [
    {
        "name": "Barcelona Alumni",
        "organisation": "barcelona-alumni",
        "run_by": "scitech-diplohub",
        "purpose": 'A talent retention project: "Let\'s retain this talent wherever the talent goes." The network '
        "speaks of brain mobility rather than brain drain; its members help Barcelona find opportunities and "
        "open doors, and are eager to give back to the city.",
        "audience": "Highly achieving professionals in science, technology and innovation, from any origin, who "
        "have spent a substantial time of their lives studying at Barcelona's universities: the diaspora of "
        "its knowledge ecosystem.",
        "citation": ALUMNI_CITATION,
    },
    {
        "name": "Seoul Club",
        "organisation": "seoul-club",
        "run_by": "seoul-metropolitan-government",
        "purpose": "A platform by means of which the metropolitan government remains in permanent contact with "
        "international citizens who live or have lived in Seoul and who can contribute knowledge, resources and "
        "agendas for improving the city's international outreach.",
        "audience": "Professionals and students who have lived in Seoul.",
        "citation": SEOUL_CITATION,
    },
]

ILLUSTRATIVE = "Illustrative demo data: invented, not a fact of the report."
# (name, country, city, sector, role, consents to publication)
DEMO_MEMBERS = [
    ("Illustrative Alumna Boston", "US", "Boston", "science", "ambassador", True),
    ("Illustrative Alumnus Boston", "US", "Boston", "technology", "member", True),
    ("Illustrative Alumna Paris", "FR", "Paris", "innovation", "member", True),
    ("Illustrative Alumnus Geneva", "CH", "Geneva", "academia", "ambassador", True),
    ("Illustrative Alumna Singapore", "SG", "Singapore", "business", "member", False),
    ("Illustrative Alumnus Toronto", "CA", "Toronto", "science", "member", False),
]


def load_networks() -> dict[str, TalentNetwork]:
    owner = amb_organisation()
    keys = {key for item in NETWORKS for key in (item["organisation"], item["run_by"])}
    organisations = Organisation.objects.in_bulk(list(keys), field_name="key")
    found = {}
    for item in NETWORKS:
        found[item["name"]], _ = create_if_missing(
            TalentNetwork,
            {"name": item["name"]},
            {
                "organisation": organisations.get(item["organisation"]),
                "run_by": organisations.get(item["run_by"]),
                "purpose": item["purpose"],
                "audience": item["audience"],
                "citation": item["citation"],
                "owner": owner,
                "visibility": "public",
            },
        )
    return found


def load_illustrative(network: TalentNetwork) -> int:
    created = 0
    for name, country, city, sector, role, consents in DEMO_MEMBERS:
        member, made = create_if_missing(
            Member,
            {"network": network, "name": name},
            {
                "country": country, "city": city, "sector": sector, "role": role,
                "member_since": datetime.date(2019, 7, 1), "owner": network.owner, "visibility": "public",
                "illustrative": True, "citation": ILLUSTRATIVE,
            },
        )  # fmt: skip
        if made and consents:
            services.consent_give(
                access=SYSTEM,
                user=None,
                member=member,
                purpose=ConsentPurpose.PUBLICATION,
                given_on=datetime.date(2019, 7, 1),
            )
        created += made
    create_if_missing(
        NetworkEvent,
        {"network": network, "title": "Barcelona Alumni meeting in Boston (illustrative)"},
        {
            "held_on": datetime.date(2019, 10, 15), "place": "Boston", "country": "US", "attendance": 40,
            "owner": network.owner, "visibility": "public", "illustrative": True, "citation": ILLUSTRATIVE,
        },
    )  # fmt: skip
    return created


def load(*, illustrative: bool = False) -> str:
    networks = load_networks()
    message = f"Talent: {len(networks)} networks from the report."
    if illustrative:
        message += f" {load_illustrative(networks['Barcelona Alumni'])} illustrative members added."
    return message
