#!/usr/bin/env bash
# Called by bench/run.sh after the synthetic metropolis is generated: 100,000 practices and
# the search p95 over 200 seeded queries (issue 5's target: under 50 ms on both databases).
set -euo pipefail
.venv/bin/python manage.py search_index_rebuild
.venv/bin/python manage.py generate_practices --count "${BENCH_PRACTICES:-100000}"
.venv/bin/python -m interlocal.knowledge.bench
