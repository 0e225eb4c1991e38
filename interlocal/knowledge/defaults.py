"""The knowledge app's part of the embedded default data (called by metropolis.defaults, idempotent).

Loads the practices the report names (data/practices.json, each citing its
section) and rebuilds the search index over every record loaded so far.
"""

import json
from pathlib import Path

from interlocal.core.services import create_if_missing
from interlocal.ecosystem.models import Organisation

from .models import Practice
from .services import search_index_rebuild

PRACTICES_JSON = Path(__file__).parent / "data" / "practices.json"


def load_practices() -> int:
    data = json.loads(PRACTICES_JSON.read_text(encoding="utf-8"))
    keys = {key for item in data for key in [item["owner"], *item.get("partners", [])]}
    organisations = Organisation.objects.in_bulk(list(keys), field_name="key")
    created = 0
    for item in data:
        owner = organisations.get(item["owner"])
        if owner is None:  # the registry part of the default data was not loaded
            continue
        text = {
            name: item.get(name, "")
            for name in ("summary", "problem", "solution", "results", "transferability", "lessons", "what_failed")
        }
        _, made = create_if_missing(
            Practice,
            {"title": item["title"], "owner": owner},
            {
                **text,
                "documents": item.get("documents", []),
                "citation": item["citation"],
                "visibility": "public",
                "language": item.get("language", "en"),
            },
            m2m={"partners": [organisations[k] for k in item.get("partners", []) if k in organisations]},
        )
        created += made
    return created


def load(*, illustrative: bool = False) -> str:
    created = load_practices()
    entries = search_index_rebuild()
    return f"Knowledge: {created} practices from the report added; search index rebuilt ({entries} entries)."
