#!/usr/bin/env bash
# The IATI import on a 10,000-activity file (BENCH_IATI_ACTIVITIES), run by bench/extra.sh on each database:
# lxml's parse-and-validate floor of the same file, then `manage.py iati_import` with its rate and peak memory
# (GNU time's maximum resident set size), then the file written back by `iati_export --all`.
set -euo pipefail
BIN=${BIN:-.venv/bin}
LABEL=${1:-database}
ACTIVITIES=${BENCH_IATI_ACTIVITIES:-10000}
FILE=var/bench-iati-$ACTIVITIES.xml
mkdir -p var
[ -f "$FILE" ] || $BIN/python bench/iati_file.py "$FILE" --activities "$ACTIVITIES"
echo "== $LABEL: IATI import of $ACTIVITIES activities ($(du -h "$FILE" | cut -f1))"
$BIN/python bench/iati_floor.py "$FILE"
/usr/bin/time -f "   peak memory %M KB, %U s user + %S s system CPU, %e s wall" $BIN/python manage.py iati_import "$FILE" | tail -n 1
/usr/bin/time -f "   peak memory %M KB, %e s wall" $BIN/python manage.py iati_export --all var/bench-iati-export.xml
