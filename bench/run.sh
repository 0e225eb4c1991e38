#!/usr/bin/env bash
# `make bench`: a large synthetic metropolis on SQLite and on PostgreSQL, the p95 latency of
# the dashboard, list pages, API lists and results dashboards under concurrent load from
# ApacheBench (ab), and the number of SQL queries of each. Sizes: BENCH_ORGANISATIONS
# (default 100000), BENCH_OBSERVATIONS (default 10000000, in bench/extra.sh), BENCH_REQUESTS
# per URL (default 500), BENCH_CONCURRENCY (default 8). The server is gunicorn with the
# worker count its documentation recommends, 2 × cores + 1 sync workers (BENCH_WORKERS).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export DJANGO_SETTINGS_MODULE=config.settings.local
ORGANISATIONS=${BENCH_ORGANISATIONS:-100000}
REQUESTS=${BENCH_REQUESTS:-500}
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

bench_database() {
  local label=$1
  echo "== $label: building a metropolis of $ORGANISATIONS organisations"
  $BIN/python manage.py migrate --no-input -v 0
  $BIN/python manage.py load_default_data >/dev/null
  /usr/bin/time -f "   generated in %es" $BIN/python manage.py generate_metropolis --organisations "$ORGANISATIONS"
  local urls=("${URLS[@]}")
  rm -f var/bench-urls
  [ -x bench/extra.sh ] && bench/extra.sh "$label"
  [ -f var/bench-urls ] && mapfile -t -O "${#urls[@]}" urls < var/bench-urls
  echo "== $label: SQL queries per request"
  $BIN/python manage.py bench_queries "${urls[@]}"
  $BIN/gunicorn config.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" --log-level warning &
  local server=$!
  trap 'kill $server 2>/dev/null || true' RETURN
  for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.2; done
  echo "== $label: latency under load ($REQUESTS requests, $CONCURRENCY concurrent, ab; $WORKERS gunicorn workers)"
  printf '%-45s %8s %8s %10s\n' URL p50_ms p95_ms req_per_s
  for url in "${urls[@]}"; do
    ab -q -n 20 -c 2 "http://127.0.0.1:$PORT$url" >/dev/null 2>&1 || true  # warm up
    out=$(ab -q -n "$REQUESTS" -c "$CONCURRENCY" "http://127.0.0.1:$PORT$url" 2>&1)
    p50=$(awk '$1=="50%"{print $2}' <<<"$out"); p95=$(awk '$1=="95%"{print $2}' <<<"$out")
    rps=$(awk '/Requests per second/{print $4}' <<<"$out"); fails=$(awk '/Non-2xx responses/{print $3}' <<<"$out")
    printf '%-45s %8s %8s %10s %s\n' "$url" "$p50" "$p95" "$rps" "${fails:+($fails non-2xx)}"
  done
  kill $server; wait $server 2>/dev/null || true
}

if [ "${1:-}" = "--postgres-inside" ]; then
  bench_database "PostgreSQL"
  exit 0
fi

mkdir -p var/static
rm -f var/bench.sqlite3*
DATABASE_URL="sqlite:///$(pwd)/var/bench.sqlite3" bench_database "SQLite"
PGPORT=${BENCH_PGPORT:-55499} ./scripts/with-postgres.sh "$0" --postgres-inside
