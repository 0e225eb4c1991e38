"""Measure the search selector: p50/p95 over 200 queries (`python -m interlocal.knowledge.bench`).

Queries mix one, two and three words drawn with a fixed seed from the words of
the generated practices (`manage.py generate_practices`), half read anonymously
and half as a coordinator, each asking for the first page with its count and
snippets, as the search page does.
"""

import os
import random
import statistics
import time
from typing import Any


def measure(n: int = 200, *, seed: int = 7) -> dict[str, Any]:
    from django.db import connection

    from interlocal.core.permissions import ANONYMOUS, SYSTEM

    from .generator import DOMAIN_WORDS, vocabulary
    from .models import SearchEntry
    from .selectors import search

    rng = random.Random(seed)
    words = DOMAIN_WORDS + vocabulary(random.Random(2019))[:400]
    queries = [" ".join(rng.sample(words, rng.choice([1, 1, 2, 2, 3]))) for _ in range(n)]
    search(access=SYSTEM, q="mobility")  # warm up
    timings, found = [], 0
    for number, q in enumerate(queries):
        start = time.perf_counter()
        results = search(access=ANONYMOUS if number % 2 else SYSTEM, q=q)
        timings.append((time.perf_counter() - start) * 1000)
        found += results.total
    timings.sort()
    return {
        "engine": connection.vendor,
        "entries": SearchEntry.objects.count(),
        "queries": n,
        "mean_results": found / n,
        "p50_ms": statistics.median(timings),
        "p95_ms": timings[int(0.95 * n) - 1],
        "max_ms": timings[-1],
    }


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    django.setup()
    figures = measure()
    print(
        "search over {entries} entries on {engine}: {queries} queries, p50 {p50_ms:.1f} ms, "
        "p95 {p95_ms:.1f} ms, max {max_ms:.1f} ms, {mean_results:.0f} results per query on average".format(**figures)
    )


if __name__ == "__main__":
    main()
