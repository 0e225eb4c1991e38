"""The media app's hidden records for the leak walk: a draft source, and a draft mention of a public one that
names a public organisation (its page must not list the mention), with a poll of the draft source."""

import datetime
from typing import Any

from interlocal.media.models import FeedPoll, Mention, Source
from tests.factories import make


def plant(world: Any, planted: Any) -> None:
    gava = world.other
    draft_source = make(
        Source, name="Zqdraftsource", kind="feed", feed_url="https://example.org/zqdraftsource.xml",
        owner=gava, visibility="draft",
    )  # fmt: skip
    public_source = make(Source, name="Public press review", kind="manual", owner=gava)
    public_mention = make(
        Mention, source=public_source, published_on=datetime.date(2024, 6, 2), title="Public mention",
        owner=gava, organisations=[gava],
    )  # fmt: skip
    draft_mention = make(
        Mention, source=public_source, published_on=datetime.date(2024, 6, 3), title="Zqdraftmention",
        summary="Zqdraftmention summary", owner=gava, visibility="draft", organisations=[gava, world.own],
    )  # fmt: skip
    hidden_source_mention = make(
        Mention, source=draft_source, published_on=datetime.date(2024, 6, 4), title="Public mention of a hidden feed",
        owner=gava, organisations=[gava],
    )  # fmt: skip
    poll = FeedPoll.objects.create(source=draft_source, step="Zqdraftsource")
    for record in (draft_source, public_source, public_mention, draft_mention, hidden_source_mention, poll):
        planted.add(record)
    planted.draft += ["zqdraftsource", "zqdraftmention"]
    planted.searchable += ["zqdraftsource", "zqdraftmention"]
