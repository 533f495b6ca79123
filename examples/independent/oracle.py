#!/usr/bin/env python3
"""For the pairs of copies refrain missed (see score.py), the byte cover a
Smith-Waterman local alignment of the two true spans would give under
refrain's scores (match +8, mismatch -6, a word on one side only -4, a CJK
character -3; words are letter/digit runs or CJK characters, lower-cased):
how many misses an aligner that never stops early would find whole, given
where the copies are.
Usage: oracle.py OUT_DIR REPORT.json [MATCH] [v: one line per miss]"""
import collections, re, sys
from score import load, scored_pairs

out, rep = sys.argv[1], sys.argv[2]
M, X, G, G_CJK = int(sys.argv[3]) if len(sys.argv) > 3 else 8, -6, -4, -3
truth, r, occ = load(out, rep)
paths = {int(d['path'].rsplit('/', 1)[-1].split('.')[0]): out + '/docs/' + d['path'].rsplit('/', 1)[-1]
         for d in r['documents']}
cache = {}
CJK = r'[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]'
ONE_CJK = re.compile(CJK + '$')


def gap(w):
    """What word `w` costs on one side only."""
    return G_CJK if ONE_CJK.match(w[0]) else G


def raw(d):
    """The bytes of planted document `d`, read once."""
    if d not in cache:
        cache[d] = open(paths[d], 'rb').read()
    return cache[d]


def toks(d, s, e):
    """The words of bytes `s..e` of document `d` as (key, start, end)."""
    t = raw(d)[s:e].decode('utf-8', 'replace')
    res = []
    for m in re.finditer(CJK + r'|[^\W_]+', t):
        a = len(t[:m.start()].encode()); b = len(t[:m.end()].encode())
        res.append((m.group().lower(), s + a, s + b))
    return res


def sw(A, B):
    """Best local alignment of word lists A and B: (i0, i1, j0, j1, score)."""
    n, m = len(A), len(B)
    H = [[0] * (m + 1) for _ in range(n + 1)]
    best = (0, 0, 0)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            h = max(0, H[i-1][j-1] + (M if A[i-1][0] == B[j-1][0] else X), H[i-1][j] + gap(A[i-1]), H[i][j-1] + gap(B[j-1]))
            H[i][j] = h
            if h > best[0]: best = (h, i, j)
    # traceback
    s, i, j = best
    ei, ej = i, j
    while i > 0 and j > 0 and H[i][j] > 0:
        if H[i][j] == H[i-1][j-1] + (M if A[i-1][0] == B[j-1][0] else X): i -= 1; j -= 1
        elif H[i][j] == H[i-1][j] + gap(A[i-1]): i -= 1
        else: j -= 1
    return i, ei, j, ej, s


bands = collections.Counter()
fix = collections.Counter()
for band, x, y, cx, cy in scored_pairs(truth, occ):
    if cx >= 0.8 and cy >= 0.8:
        continue
    A, B = toks(*x), toks(*y)
    if not A or not B:
        continue
    i0, i1, j0, j1, s = sw(A, B)
    ox = (A[i1 - 1][2] - A[i0][1]) / (x[2] - x[1]) if i1 > i0 else 0
    oy = (B[j1 - 1][2] - B[j0][1]) / (y[2] - y[1]) if j1 > j0 else 0
    ok = ox >= 0.8 and oy >= 0.8
    bands[band] += 1
    fix[band] += ok
    if len(sys.argv) > 4:
        print(band, 'engine %.2f %.2f' % (cx, cy), 'sw %.2f %.2f' % (ox, oy), 'score', s, 'len', len(A), len(B))
print(' '.join('%s misses %d sw-would-find %d' % (b, bands[b], fix[b]) for b in sorted(bands)))
