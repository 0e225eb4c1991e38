"""The main queries' plans seek with the indexes made for them, on both databases, with fresh statistics.

A plan must not depend on luck: after `ANALYZE` (what production's statistics become, SQLite's
`PRAGMA optimize` included) the dashboard's dormant-agreements probe reads an agreement's engagements
since a date through `engagement_agreement_since`, not by scanning engagements by date for each
agreement; PostgreSQL may instead read the engagements since the date once and join them (an anti
join). The test's tables are small enough for PostgreSQL to read whole, so there it is asked for a
plan with indexes (`enable_seqscan` off).
"""

import datetime

from django.db import connection

from interlocal.diplomacy.models import Agreement
from interlocal.metropolis.dashboard import dormant_agreements
from tests.factories import World, records_for


def plan(queryset) -> str:  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
    return str(queryset.explain())


def test_the_dormant_agreements_probe_seeks_an_agreements_engagements_since_a_date(world: World) -> None:
    for n in range(3):
        records_for(world.own, world.network, f"plan{n}", every_kind=True)
    explained = plan(dormant_agreements(Agreement.objects.all(), today=datetime.date(2026, 1, 1)))
    if connection.vendor == "postgresql" and "engagement_agreement_since" not in explained:
        # PostgreSQL may read the engagements since the date once and join them: a hash or merge anti join, or a
        # nested loop over that read materialised. A nested loop that reads them again for each agreement fails.
        assert "Anti Join" in explained, explained
        assert "Nested Loop" not in explained or "Materialize" in explained, explained
    else:  # a probe per agreement: it seeks that agreement's engagements since the date
        assert "engagement_agreement_since" in explained, explained
