"""A large synthetic metropolis for benchmarks (`make bench`), never for the demo.

It bulk-inserts rows directly (no per-record history): this is load for
measuring pages and API calls, not domain writes, and it marks every row
illustrative. Sizes follow DESIGN.md §6: 100,000 organisations and 500,000
relations and activities by default.
"""

import datetime
import random
from collections.abc import Callable
from typing import Any

from django.db import transaction

from interlocal.core.reference import _cities
from interlocal.diplomacy.models import Agreement, Engagement, Membership, PartnerPlace
from interlocal.ecosystem.models import Organisation, OrganisationKind
from interlocal.projects.models import Project
from interlocal.territory.models import Territory

BATCH = 5000
SEED = 6


def _bulk(model: Any, rows: Any, log: Callable[[str], None]) -> int:
    created = 0
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            model.objects.bulk_create(batch)
            created += len(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)
        created += len(batch)
    log(f"  {model._meta.verbose_name_plural}: {created}")
    return created


def generate_metropolis(*, organisations: int = 100_000, log: Callable[[str], None] = print) -> None:
    rng = random.Random(SEED)  # noqa: S311 - reproducible load, not security
    owner = Organisation.objects.get(key="amb")
    municipalities = list(Territory.objects.filter(kind="municipality", parent__key="amb").values_list("pk", flat=True))
    kinds = [k for k in OrganisationKind.values if k != "city_network"]
    common = {"owner_id": owner.pk, "illustrative": True, "citation": "Benchmark generator"}

    with transaction.atomic():
        start = Organisation.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        _bulk(
            Organisation,
            (
                Organisation(
                    key=f"bench-{start + n}",
                    name=f"Benchmark organisation {n}",
                    kind=rng.choice(kinds),
                    country="ES",
                    territory_id=rng.choice(municipalities),
                    visibility=rng.choice(["public", "public", "internal"]),
                    **common,
                )
                for n in range(organisations)
            ),
            log,
        )
        org_ids = list(Organisation.objects.filter(key__startswith="bench-").values_list("pk", flat=True))
        networks = list(Organisation.objects.filter(kind="city_network").values_list("pk", "name"))
        known = set(PartnerPlace.objects.exclude(geonameid=None).values_list("geonameid", flat=True))
        cities = [c for c in sorted(_cities(), key=lambda c: -c.population)[:3000] if c.geonameid not in known]
        _bulk(
            PartnerPlace,
            (
                PartnerPlace(
                    name=c.name,
                    country=c.country,
                    geonameid=c.geonameid,
                    latitude=c.latitude,
                    longitude=c.longitude,
                    population=c.population,
                    visibility="public",
                    **common,
                )
                for c in cities
            ),
            log,
        )
        place_ids = list(PartnerPlace.objects.values_list("pk", flat=True))
        day0 = datetime.date(2015, 1, 1)
        _bulk(
            Agreement,
            (
                Agreement(
                    organisation_id=rng.choice(org_ids),
                    partner_place_id=rng.choice(place_ids),
                    title=f"Benchmark agreement {n}",
                    kind=rng.choice(["twinning", "collaboration", "mou", "technical_cooperation"]),
                    status=rng.choice(["active", "active", "dormant", "ended"]),
                    signed_on=day0 + datetime.timedelta(days=rng.randint(0, 4000)),
                    visibility="public",
                    **common,
                )
                for n in range(organisations)
            ),
            log,
        )
        _bulk(
            Membership,
            (
                Membership(
                    organisation_id=org,
                    network_id=network_id,
                    network_name=network_name,  # bulk_create skips save(), which copies it
                    role="member",
                    visibility="public",
                    **common,
                )
                for org in rng.sample(org_ids, k=min(len(org_ids), organisations // 2))
                for network_id, network_name in [rng.choice(networks)]
            ),
            log,
        )
        _bulk(
            Project,
            (
                Project(
                    title=f"Benchmark project {n}",
                    kind=rng.choice(["decentralised_cooperation", "technical_cooperation", "eu_funded"]),
                    lead_id=rng.choice(org_ids),
                    budget_eur=rng.randrange(10_000, 1_000_000),
                    start_on=day0 + datetime.timedelta(days=rng.randint(0, 4000)),
                    visibility="public",
                    **common,
                )
                for n in range(organisations // 2)
            ),
            log,
        )
        first = (Engagement.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        count = _bulk(
            Engagement,
            (
                Engagement(
                    title=f"Benchmark mission {n}",
                    kind=rng.choice(["incoming_delegation", "outgoing_mission", "visit", "meeting"]),
                    start_on=day0 + datetime.timedelta(days=rng.randint(0, 4000)),
                    place_id=rng.choice(place_ids),
                    visibility="public",
                    **common,
                )
                for n in range(organisations * 5 // 2)
            ),
            log,
        )
        through = Engagement.participants.through
        ids = Engagement.objects.filter(pk__gte=first).values_list("pk", flat=True)
        _bulk(through, (through(engagement_id=e, organisation_id=rng.choice(org_ids)) for e in ids.iterator()), log)
        log(f"  engagements generated: {count}")
