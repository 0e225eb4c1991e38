#!/usr/bin/env bash
# `make bench`: a large synthetic metropolis on SQLite and on PostgreSQL, the p95 latency of
# every page and API read of the URL map under concurrent load from ApacheBench (ab), and the
# number of SQL queries of the hand-picked URLs below. The URL map comes from the URL conf and
# the OpenAPI document (`manage.py bench_urls`), with ids of the generated records, read
# anonymously and as a signed-in editor: a page added later is measured without anyone listing
# it. Each database's table, sorted by p95 with the 150 ms target marked, is printed and
# written to var/bench/<database>.csv; exports (CSV, XLSX, ZIP, XML, PDF) are not held to the
# target, their time to first byte is reported (measure_export). Sizes: BENCH_ORGANISATIONS (default 100000),
# BENCH_OBSERVATIONS (default 10000000, in bench/extra.sh), BENCH_REQUESTS per hand-picked URL
# (default 500), BENCH_WALK_REQUESTS per URL of the map (default 100), BENCH_CONCURRENCY
# (default 8). The server is gunicorn with the worker count its documentation recommends,
# 2 × cores + 1 sync workers (BENCH_WORKERS). BENCH_REUSE_SQLITE=1 measures the SQLite database
# a previous run generated (var/bench.sqlite3) instead of generating it again.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export DJANGO_SETTINGS_MODULE=config.settings.local
ORGANISATIONS=${BENCH_ORGANISATIONS:-100000}
REQUESTS=${BENCH_REQUESTS:-500}
WALK_REQUESTS=${BENCH_WALK_REQUESTS:-100}
TARGET_MS=150
CONCURRENCY=${BENCH_CONCURRENCY:-8}
WORKERS=${BENCH_WORKERS:-$((2 * $(nproc) + 1))}
PORT=${BENCH_PORT:-8911}
URLS=(
  "/"
  "/organisations/"
  "/agreements/?sort=-signed_on"
  "/engagements/?kind=visit"
  "/projects/?kind=eu_funded"
  "/benchmark/compare/"
  "/api/v1/organisations/?limit=25"
  "/api/v1/engagements/?limit=25&kind=visit"
  "/api/v1/agreements/?limit=25&status=active"
)
[ -f bench/urls.extra ] && mapfile -t -O "${#URLS[@]}" URLS < <(grep -v '^#' bench/urls.extra)

command -v ab >/dev/null || { apt-get update -q && apt-get install -y -q apache2-utils >/dev/null; }
command -v sqlite3 >/dev/null || { apt-get update -q && apt-get install -y -q sqlite3 >/dev/null; }

EXPORT='(format=csv|\.csv|\.xlsx|\.zip|\.xml|/pdf/|\.pdf)'
EXPORT_PROBES=${BENCH_EXPORT_PROBES:-5}

# One URL under load: a CSV row of the reader, the URL, p50, p95, the median time to first byte, requests per
# second, non-2xx answers, whether it is an export and whether its p95 is over the target.
measure() {
  local reader=$1 url=$2 requests=$3
  shift 3
  if [[ $url =~ $EXPORT ]]; then measure_export "$reader" "$url" "$@"; return; fi
  # Warm up every worker: each keeps its own remembered figures (core.memo), computed at its first read of them.
  # Four requests per worker: with two, the workers busy computing a figure could leave the others to answer all of
  # them, and a worker never asked then computed it during the measure.
  ab -q -n $((4 * WORKERS)) -c "$WORKERS" "$@" "http://127.0.0.1:$PORT$url" >/dev/null 2>&1 || true
  local out p50 p95 ttfb rps fails over=no
  out=$(ab -q -n "$requests" -c "$CONCURRENCY" "$@" "http://127.0.0.1:$PORT$url" 2>&1) || true
  p50=$(awk '$1=="50%"{print $2}' <<<"$out"); p95=$(awk '$1=="95%"{print $2}' <<<"$out")
  ttfb=$(awk '$1=="Waiting:"{print $5}' <<<"$out"); rps=$(awk '/Requests per second/{print $4}' <<<"$out")
  fails=$(awk '/Non-2xx responses/{print $3}' <<<"$out")
  [ "${p95:-0}" -gt "$TARGET_MS" ] && over=yes
  echo "$reader,${url//,/%2C},$p50,$p95,$ttfb,$rps,${fails:-0},no,$over"
}

# An export (CSV, XLSX, ZIP, XML, PDF) is not held to the target: a file of every observation is minutes of
# download. bench/ttfb.py asks for it EXPORT_PROBES times, one at a time, and closes each connection at the first
# byte of the body; the row gives the median time to that byte and how many answers were not 200.
measure_export() {
  local reader=$1 url=$2 cookie="" median fails
  [ "${3:-}" = -C ] && cookie=$4
  read -r median fails < <($BIN/python bench/ttfb.py "$PORT" "$url" "$cookie" "$EXPORT_PROBES")
  echo "$reader,${url//,/%2C},,,$median,,$fails,yes,no"
}

bench_database() {
  local label=$1
  if [ "$label" = SQLite ] && [ -n "${BENCH_REUSE_SQLITE:-}" ] && [ -f var/bench.sqlite3 ]; then
    echo "== $label: measuring the metropolis generated before (BENCH_REUSE_SQLITE)"
  else
    echo "== $label: building a metropolis of $ORGANISATIONS organisations"
    $BIN/python manage.py migrate --no-input -v 0
    $BIN/python manage.py load_default_data >/dev/null
    /usr/bin/time -f "   generated in %es" $BIN/python manage.py generate_metropolis --organisations "$ORGANISATIONS"
    bench/extra.sh "$label"
  fi
  local urls=("${URLS[@]}")
  mapfile -t -O "${#urls[@]}" urls < <($BIN/python bench/extra_urls.py)
  echo "== $label: fresh statistics, as production keeps them (SQLite: ANALYZE, PRAGMA optimize; PostgreSQL: VACUUM ANALYZE)"
  $BIN/python - <<'EOF'
import django

django.setup()
from django.db import connection

with connection.cursor() as cursor:
    if connection.vendor == "postgresql":
        # What autovacuum does after a bulk load (the ten million observations: a minute and a half on this
        # machine), done before the walk rather than during its first pages.
        cursor.execute("VACUUM (ANALYZE)")
    else:
        cursor.execute("ANALYZE")
        cursor.execute("PRAGMA optimize")
EOF
  echo "== $label: SQL queries per request"
  $BIN/python manage.py bench_queries "${urls[@]}"
  $BIN/gunicorn config.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" --log-level warning &
  local server=$!
  trap 'kill $server 2>/dev/null || true' RETURN
  for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.2; done
  echo "== $label: the URL map, anonymously and as a signed-in editor (manage.py bench_urls)"
  mkdir -p var/bench
  $BIN/python manage.py bench_urls > var/bench/urls-anonymous.txt
  $BIN/python manage.py bench_urls --as editor > var/bench/urls-editor.txt
  local cookie
  cookie=$($BIN/python manage.py bench_urls --as editor --session)
  local csv
  csv="var/bench/$(tr '[:upper:]' '[:lower:]' <<<"$label").csv"
  echo "reader,url,p50_ms,p95_ms,ttfb_ms,req_per_s,non_2xx,export,over_target" > "$csv"
  echo "== $label: latency under load ($CONCURRENCY concurrent, ab; $WORKERS gunicorn workers): $REQUESTS requests per" \
    "hand-picked URL, $WALK_REQUESTS per URL of the map; written to $csv"
  for url in "${urls[@]}"; do measure anonymous "$url" "$REQUESTS" >> "$csv"; done
  while read -r url; do measure anonymous "$url" "$WALK_REQUESTS" >> "$csv"; done < var/bench/urls-anonymous.txt
  while read -r url; do measure editor "$url" "$WALK_REQUESTS" -C "$cookie" >> "$csv"; done < var/bench/urls-editor.txt
  # One table, the slowest first; a page over the target is marked ✗ (exports show their time to first byte).
  printf '%-9s %-60s %8s %8s %8s %10s %s\n' reader URL p50_ms p95_ms ttfb_ms req_per_s ""
  tail -n +2 "$csv" | sort -t, -k4,4 -rn | while IFS=, read -r reader url p50 p95 ttfb rps fails export over; do
    mark=""; [ "$over" = yes ] && mark="✗ over ${TARGET_MS} ms"; [ "$export" = yes ] && mark="(export)"
    [ -n "$fails" ] && [ "$fails" != 0 ] && mark="$mark ($fails non-2xx)"
    printf '%-9s %-60s %8s %8s %8s %10s %s\n' "$reader" "$url" "$p50" "$p95" "$ttfb" "$rps" "$mark"
  done
  echo "   $(awk -F, 'NR > 1 && $9 == "yes"' "$csv" | wc -l) of $(($(wc -l < "$csv") - 1)) over ${TARGET_MS} ms p95"
  kill $server; wait $server 2>/dev/null || true
}

if [ "${1:-}" = "--postgres-inside" ]; then
  bench_database "PostgreSQL"
  exit 0
fi

mkdir -p var/static
[ -n "${BENCH_REUSE_SQLITE:-}" ] || rm -f var/bench.sqlite3*
DATABASE_URL="sqlite:///$(pwd)/var/bench.sqlite3" bench_database "SQLite"
PGPORT=${BENCH_PGPORT:-55499} ./scripts/with-postgres.sh "$0" --postgres-inside
