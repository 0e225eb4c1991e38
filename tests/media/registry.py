"""Records and form data of the media kinds, for tests/factories.py (as tests/results/registry.py does)."""

import datetime
from typing import Any

from interlocal.media.models import Mention, Source


def media_records(make: Any, owner: Any, tag: str, records: dict[str, Any]) -> dict[str, Any]:
    """A feed source and a mention of it linked to the registry's records, owned by `owner`."""
    source = make(Source, name=f"Source {tag}", kind="feed", feed_url=f"https://example.org/{tag}.xml", owner=owner)
    mention = make(
        Mention,
        source=source,
        published_on=datetime.date(2025, 3, 4),
        outlet="El Periódico",
        title=f"Mention {tag}",
        owner=owner,
        organisations=[owner],
        engagements=[records["engagements"]],
        projects=[records["projects"]],
    )
    return {"media-sources": source, "media-mentions": mention}


def media_valid_data(world: Any, owner: Any) -> dict[str, dict[str, Any]]:
    r = world.records
    return {
        "media-sources": {
            "name": "New feed",
            "kind": "feed",
            "feed_url": "https://example.org/new.xml",
            "active": True,
        },
        "media-mentions": {
            "source": r["media-sources"].pk,
            "published_on": "2025-03-10",
            "outlet": "La Vanguardia",
            "title": "New mention",
            "url": "https://example.org/article",
            "tone": "positive",
            "organisations": [owner.pk],
        },
    }
