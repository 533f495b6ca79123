#!/usr/bin/env python3
"""Totals the lines run.sh prints (one per seed and language) per language
and band, and the clusters and occurrences reported per language:
`sh run.sh BIN DIR 11 12 13 | python3 sum.py`."""
import collections, re, sys

tot = collections.defaultdict(lambda: [0, 0])
found = collections.defaultdict(lambda: [0, 0])
for line in sys.stdin:
    head, _, tail = line.partition('|')
    m = re.match(r'(?:seed \d+ )?(\S+):', head)
    if not m:
        continue
    lang = m.group(1)
    for i, what in enumerate(('clusters', 'occurrences')):
        n = re.search(what + r' (\d+)', tail)
        found[lang][i] += int(n.group(1)) if n else 0
    for band, ok, n in re.findall(r'(\S+%) (\d+)/(\d+)', head):
        tot[(lang, band)][0] += int(ok)
        tot[(lang, band)][1] += int(n)
for (lang, band), (ok, n) in sorted(tot.items()):
    print('%-6s %-7s %5d/%-5d %5.1f%%' % (lang, band, ok, n, 100 * ok / max(1, n)))
for lang, (clusters, occurrences) in sorted(found.items()):
    print('%-6s reported %d clusters, %d occurrences' % (lang, clusters, occurrences))
