#!/usr/bin/env python3
"""Scores refrain's JSON against truth.json: every pair of copies of a
planted passage counts when the clusters holding occurrences on both cover
>= 80% of each, per band of the pair's larger edit rate. Its functions are
shared with oracle.py.
Usage: score.py OUT_DIR REPORT.json [N: print the first N misses]"""
import collections, itertools, json, sys


def load(out, rep):
    """The truth, the report, and per planted document its occurrences as
    (start, end, cluster id)."""
    truth = json.load(open(out + '/truth.json'))
    r = json.load(open(rep))
    docidx = {i: int(d['path'].rsplit('/', 1)[-1].split('.')[0]) for i, d in enumerate(r['documents'])}
    occ = collections.defaultdict(list)
    for c in r['clusters']:
        for o in c['occurrences']:
            occ[docidx[o['document']]].append((o['start'], o['end'], c['id']))
    return truth, r, occ


def cover(occ, span, clusters):
    """Share of the bytes of `span` that occurrences of `clusters` cover."""
    d, s, e = span
    ivs = sorted((max(s, a), min(e, b)) for a, b, c in occ[d] if c in clusters and a < e and b > s)
    got, cur = 0, s
    for a, b in ivs:
        a = max(a, cur)
        if b > a:
            got += b - a
            cur = b
    return got / max(1, e - s)


def clusters_on(occ, span):
    """The clusters with an occurrence overlapping `span`."""
    d, s, e = span
    return {c for a, b, c in occ[d] if a < e and b > s}


def scored_pairs(truth, occ):
    """Every pair of copies: (band, x, y, cover of x, cover of y), covered by
    the clusters holding both."""
    for g in truth:
        for (x, rx), (y, ry) in itertools.combinations(g, 2):
            rate = max(rx, ry)
            band = '0%' if rate == 0 else '<=15%' if rate <= 0.15 else '15-30%'
            both = clusters_on(occ, x) & clusters_on(occ, y)
            yield band, x, y, cover(occ, x, both), cover(occ, y, both)


def main():
    truth, r, occ = load(sys.argv[1], sys.argv[2])
    bands = collections.defaultdict(lambda: [0, 0])
    misses = []
    for band, x, y, cx, cy in scored_pairs(truth, occ):
        ok = cx >= 0.8 and cy >= 0.8
        bands[band][0] += 1
        bands[band][1] += ok
        if not ok:
            misses.append((band, x, y, round(cx, 2), round(cy, 2)))
    occurrences = sum(len(c['occurrences']) for c in r['clusters'])
    print(' '.join('%s %d/%d (%.1f%%)' % (b, v[1], v[0], 100 * v[1] / max(1, v[0])) for b, v in sorted(bands.items())), '| clusters', len(r['clusters']), 'occurrences', occurrences)
    for m in misses[:int(sys.argv[3]) if len(sys.argv) > 3 else 0]:
        print('  miss', m)


if __name__ == '__main__':
    main()
