#!/bin/sh
# Independent multilingual check (not built on refrain's own generator):
# renders man pages of several languages to text, plants edited copies of
# their passages into other pages of the same language with plant.py, runs
# `refrain report --format json` and scores every pair of copies with
# score.py (a pair counts when the clusters holding both cover 80% of each).
# Usage: examples/independent/run.sh [REFRAIN] [WORKDIR] [SEED ...]
# (seed 7 when none is given; with several, pipe the output into sum.py
# for the totals per language and band). PLANT_UNITS=legacy edits text
# with a fifth or less of CJK characters by space-separated words only,
# as the script did before session 32 (see plant.py).
set -e
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-target/release/refrain}
work=${2:-/tmp/refrain-independent}
[ $# -ge 2 ] && shift 2 || shift $#
seeds=${*:-7}
for l in ru de fr pl uk zh_CN ja; do
  mkdir -p "$work/bg/$l"
  if [ -z "$(ls "$work/bg/$l")" ]; then
    for f in $(find /usr/share/man/$l -name "*.gz" | sort | head -120); do
      MANWIDTH=100 man -l "$f" 2>/dev/null | col -b > "$work/bg/$l/$(basename "$f" .gz).txt" || true
    done
  fi
done
for s in $seeds; do
  for l in ru de fr pl uk zh_CN ja; do
    out="$work/out/$s/$l"
    [ "$seeds" = 7 ] && out="$work/out/$l"
    rm -rf "$out"
    python3 "$here/plant.py" "$work/bg/$l" "$out" "$s" 60 > /dev/null
    "$bin" report --no-cache --format json "$out/docs" > "$out.json" 2> /dev/null
    [ "$seeds" = 7 ] && printf '%s: ' "$l" || printf 'seed %s %s: ' "$s" "$l"
    python3 "$here/score.py" "$out" "$out.json"
  done
done
