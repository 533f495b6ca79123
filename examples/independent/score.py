#!/usr/bin/env python3
"""Scores refrain's JSON against truth.json: every pair of copies of a
planted passage counts when the clusters holding occurrences on both cover
>= 80% of each, per band of the pair's larger edit rate.
Usage: score.py OUT_DIR REPORT.json [N: print the first N misses]"""
import json, sys, itertools, collections

out, rep = sys.argv[1], sys.argv[2]
truth = json.load(open(out + '/truth.json'))
r = json.load(open(rep))
docidx = {}
for i, d in enumerate(r['documents']):
    name = d['path'].rsplit('/', 1)[-1]
    docidx[i] = int(name.split('.')[0])
occ = collections.defaultdict(list)  # doc -> [(s,e,cluster)]
for c in r['clusters']:
    for o in c['occurrences']:
        occ[docidx[o['document']]].append((o['start'], o['end'], c['id']))

def cover(span, clusters):
    d, s, e = span
    ivs = sorted((max(s, a), min(e, b)) for a, b, c in occ[d] if c in clusters and a < e and b > s)
    got, cur = 0, s
    for a, b in ivs:
        a = max(a, cur)
        if b > a:
            got += b - a
            cur = b
    return got / max(1, e - s)

def clusters_on(span):
    d, s, e = span
    return {c for a, b, c in occ[d] if a < e and b > s}

bands = collections.defaultdict(lambda: [0, 0])
misses = []
for g in truth:
    for (x, rx), (y, ry) in itertools.combinations(g, 2):
        rate = max(rx, ry)
        band = '0%' if rate == 0 else '<=15%' if rate <= 0.15 else '15-30%'
        both = clusters_on(x) & clusters_on(y)
        ok = cover(x, both) >= 0.8 and cover(y, both) >= 0.8
        bands[band][0] += 1
        bands[band][1] += ok
        if not ok:
            misses.append((band, x, y, round(cover(x, both), 2), round(cover(y, both), 2)))
print(' '.join('%s %d/%d (%.1f%%)' % (b, v[1], v[0], 100 * v[1] / max(1, v[0])) for b, v in sorted(bands.items())), '| clusters', len(r['clusters']))
for m in misses[:int(sys.argv[3]) if len(sys.argv) > 3 else 0]:
    print('  miss', m)
