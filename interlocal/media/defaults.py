"""The media app's part of the embedded default data (called by metropolis.defaults, idempotent).

The report says what ACI Medellín does (a Communications Area that monitors national and international
media, a weekly bulletin: Study §4, Reputation as a factor for improving the attractiveness of cities), not
which sources or mentions the home metropolis has: the default data adds none. With the illustrative data
(`make demo`), a manual source with a few mentions linked to illustrative engagements, a demo feed read from
`data/illustrative-feed.xml` through the same parser as the scheduled polling, and that week's bulletin, all
marked illustrative.
"""

import datetime
from pathlib import Path

from django.conf import settings

from interlocal.core.services import create_if_missing
from interlocal.diplomacy.models import Engagement
from interlocal.ecosystem.home import home_government
from interlocal.ecosystem.models import Organisation

from .feeds import parse_feed
from .models import Bulletin, Mention, Source, SourceKind, Tone
from .services import bulletin_generate, mentions_add_from_feed, week_of

DEMO_FEED = Path(__file__).parent / "data" / "illustrative-feed.xml"
CITATION = "Illustrative data for the demonstration (not from the report)"
DEMO_WEEK = datetime.date(2026, 11, 23)  # the week of the demo feed's entries
MANUAL_MENTIONS = [
    ("Illustrative: interview on the metropolis's international strategy", "Illustrative Daily", Tone.POSITIVE, 24),
    ("Illustrative: opinion piece questions the cost of a mission abroad", "Illustrative Weekly", Tone.NEGATIVE, 26),
    ("Illustrative: radio report on a partner city's visit", "Illustrative Radio", Tone.NEUTRAL, 28),
]


def load_illustrative() -> str:
    owner = home_government() or Organisation.objects.filter(key="amb").first()
    if owner is None:  # the registry part of the default data was not loaded
        return ""
    demo = {"owner": owner, "visibility": "public", "illustrative": True, "citation": CITATION}
    manual, _ = create_if_missing(
        Source, {"name": "Illustrative press review", "owner": owner}, {"kind": SourceKind.MANUAL, **demo}
    )
    feed_source, _ = create_if_missing(
        Source,
        {"name": "Illustrative news feed", "owner": owner},
        {"kind": SourceKind.FEED, "active": False, **demo},  # no real address: the demo reads the shipped file
    )
    added = mentions_add_from_feed(source=feed_source, feed=parse_feed(DEMO_FEED.read_bytes()))
    engagements = list(Engagement.objects.filter(illustrative=True).order_by("-start_on", "pk")[:3])
    for number, (title, outlet, tone, day) in enumerate(MANUAL_MENTIONS):
        engagement = engagements[number] if number < len(engagements) else None
        create_if_missing(
            Mention,
            {"title": title, "source": manual},
            {
                "published_on": DEMO_WEEK.replace(day=day),
                "outlet": outlet,
                "tone": tone,
                "summary": "Illustrative mention for the demonstration.",
                **demo,
            },
            m2m={
                "engagements": [engagement] if engagement else [],
                "organisations": list(engagement.participants.all()) if engagement else [owner],
            },
        )
    week = week_of(DEMO_WEEK)
    if not Bulletin.objects.filter(week_start=week, language=settings.LANGUAGE_CODE, status="succeeded").exists():
        bulletin_generate(Bulletin.objects.create(week_start=week, language=settings.LANGUAGE_CODE).pk)
    return f"Media (illustrative): 2 sources, {added} mentions read from the demo feed, the bulletin of {week}."


def load(*, illustrative: bool = False) -> str:
    return load_illustrative() if illustrative else ""
