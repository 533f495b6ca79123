#!/bin/sh
# Independent multilingual check (not built on refrain's own generator):
# renders man pages of several languages to text, plants edited copies of
# their passages into other pages of the same language with plant.py, runs
# `refrain report --format json` and scores every pair of copies with
# score.py (a pair counts when the clusters holding both cover 80% of each).
# Usage: examples/independent/run.sh [REFRAIN] [WORKDIR]
set -e
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-target/release/refrain}
work=${2:-/tmp/refrain-independent}
for l in ru de fr pl uk zh_CN ja; do
  mkdir -p "$work/bg/$l"
  if [ -z "$(ls "$work/bg/$l")" ]; then
    for f in $(find /usr/share/man/$l -name "*.gz" | sort | head -120); do
      MANWIDTH=100 man -l "$f" 2>/dev/null | col -b > "$work/bg/$l/$(basename "$f" .gz).txt" || true
    done
  fi
  rm -rf "$work/out/$l"
  python3 "$here/plant.py" "$work/bg/$l" "$work/out/$l" 7 60 > /dev/null
  "$bin" report --no-cache --format json "$work/out/$l/docs" > "$work/out/$l.json" 2> /dev/null
  printf '%s: ' "$l"
  python3 "$here/score.py" "$work/out/$l" "$work/out/$l.json"
done
