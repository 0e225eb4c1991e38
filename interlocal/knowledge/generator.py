"""Illustrative practices in bulk, for measuring search (`manage.py generate_practices`)."""

import random
from datetime import date

from django.db import transaction

from interlocal.ecosystem.models import Organisation

from .models import Practice
from .services import search_index_rebuild

DOMAIN_WORDS = [
    "mobility",
    "climate",
    "housing",
    "water",
    "waste",
    "energy",
    "culture",
    "heritage",
    "education",
    "childhood",
    "health",
    "tourism",
    "innovation",
    "talent",
    "investment",
    "cooperation",
    "network",
    "twinning",
    "resilience",
    "participation",
    "transparency",
    "metropolitan",
    "governance",
    "planning",
    "transport",
    "cycling",
    "metro",
    "bus",
    "tram",
    "park",
    "green",
    "river",
    "coast",
    "port",
    "airport",
    "digital",
    "data",
    "open",
    "budget",
    "youth",
    "women",
    "migration",
    "inclusion",
    "safety",
    "food",
    "market",
    "employment",
    "training",
    "university",
    "research",
    "science",
    "diplomacy",
    "solidarity",
    "south",
    "north",
    "city",
    "region",
    "area",
    "council",
    "agency",
    "Medellín",
    "Montréal",
    "Seoul",
    "Wien",
    "Durban",
    "Barcelona",
    "Bogotá",
    "São",
    "Paulo",
    "Córdoba",
    "Málaga",
    "Sevilla",
    "Lleida",
    "Girona",
    "educació",
    "mobilitat",
    "habitatge",
    "participació",
    "cooperació",
    "sostenibilitat",
    "governança",
    "política",
    "pública",
    "educación",
    "movilidad",
    "vivienda",
    "participación",
    "cooperación",
    "sostenibilidad",
    "gobernanza",
    "niñez",
]
SYLLABLES = [
    "ba",
    "be",
    "bi",
    "bo",
    "bu",
    "da",
    "de",
    "di",
    "do",
    "du",
    "ka",
    "ke",
    "ki",
    "ko",
    "ku",
    "la",
    "le",
    "li",
    "lo",
    "lu",
    "ma",
    "me",
    "mi",
    "mo",
    "mu",
    "na",
    "ne",
    "ni",
    "no",
    "nu",
    "ra",
    "re",
    "ri",
    "ro",
    "ru",
    "sa",
    "se",
    "si",
    "so",
    "su",
    "ta",
    "te",
    "ti",
    "to",
    "tu",
]


def vocabulary(rng: random.Random, size: int = 5000) -> list[str]:
    words = list(DOMAIN_WORDS)
    while len(words) < size:
        words.append("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return list(dict.fromkeys(words))


def _text(rng: random.Random, words: list[str], weights: list[float], n: int) -> str:
    return " ".join(rng.choices(words, weights=weights, k=n)).capitalize() + "."


def generate_practices(count: int, *, seed: int = 2019, batch: int = 5000, log=print) -> int:  # type: ignore[no-untyped-def]
    """Add `count` illustrative practices (bulk insert, no history) and rebuild their search index."""
    owner = Organisation.objects.order_by("pk").first()
    if owner is None:
        raise ValueError("Load the default data first: practices need an owning organisation.")
    rng = random.Random(seed)
    words = vocabulary(rng)
    weights = [1.0 / (rank + 1) for rank in range(len(words))]  # Zipf-like: a few words are everywhere
    rng.shuffle(weights)
    made = 0
    with transaction.atomic():
        while made < count:
            rows = []
            for _ in range(min(batch, count - made)):
                made += 1
                rows.append(
                    Practice(
                        owner=owner,
                        visibility=rng.choice(["public", "public", "internal", "draft"]),
                        language=rng.choice(["en", "ca", "es"]),
                        illustrative=True,
                        title=_text(rng, words, weights, rng.randint(3, 8)),
                        summary=_text(rng, words, weights, rng.randint(20, 40)),
                        problem=_text(rng, words, weights, rng.randint(10, 30)),
                        solution=_text(rng, words, weights, rng.randint(10, 30)),
                        lessons=_text(rng, words, weights, rng.randint(5, 20)),
                        started_on=date(rng.randint(2000, 2024), rng.randint(1, 12), 1),
                    )
                )
            Practice.objects.bulk_create(rows, batch_size=1000)
            log(f"{made} practices")
    entries = search_index_rebuild(kinds=["practices"])
    log(f"Search index: {entries} practice entries.")
    return made
