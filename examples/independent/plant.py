#!/usr/bin/env python3
"""Independent multilingual check (see run.sh): copies passages of 25-80
units (40-150 in a language written mostly in CJK) of real rendered man
pages into 1-3 other pages of the same language, at a line start; a unit is
a word of a spaced script or one CJK character, wherever it occurs. Half
the copies are verbatim, half edited at a rate of units drawn from 0-30%:
units replaced by
words of the corpus, dropped, or followed by one, a third of the edit events
bursts of 3-5; then whole-copy upper or lower case, dropped punctuation,
curly quotes. Writes OUT_DIR/docs/NNN.txt and OUT_DIR/truth.json (byte
ranges of each source and its copies, with their edit rates).
Usage: plant.py LANG_DIR OUT_DIR SEED [SOURCES]"""
import json, os, random, re, sys

src_dir, out, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(seed)
files = sorted(os.listdir(src_dir))
texts = [open(os.path.join(src_dir, f), encoding='utf-8', errors='replace').read() for f in files]
texts = [t for t in texts if len(t) > 3000]
cjk = lambda c: ('\u3040' <= c <= '\u30ff') or ('\u4e00' <= c <= '\u9fff') or ('\uac00' <= c <= '\ud7af')
is_cjk_lang = sum(cjk(c) for t in texts for c in t[:2000]) > 0.2 * sum(len(t[:2000]) for t in texts)
mixed = os.environ.get('PLANT_UNITS', 'mixed') == 'mixed'

def tokens(s):
    """Editable units with their spans: each CJK character, and each run of
    other non-space characters (a word of a spaced script), in any
    language: a Chinese sentence inside English text is as many units as
    it has characters, not one "word" (mixed = False gives the units of
    the script's first versions, by the language's share of CJK)."""
    if is_cjk_lang or mixed:
        return [(m.start(), m.end()) for m in re.finditer(r'[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]|[^\s\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]+', s)]
    return [(m.start(), m.end()) for m in re.finditer(r'\S+', s)]

vocab = []
for t in texts:
    for a, b in tokens(t):
        w = t[a:b]
        if any(ch.isalpha() for ch in w) and len(w) < 20:
            vocab.append(w)

def edit(s, rate):
    toks = tokens(s)
    pieces = [s[a:b] for a, b in toks]
    seps = [s[toks[i][1]:toks[i + 1][0]] for i in range(len(toks) - 1)] + ['']
    n = len(pieces)
    events = round(rate * n)
    touched = 0
    while touched < events:
        burst = rng.choice([1, 1, rng.randint(3, 5)])
        at = rng.randrange(n)
        for j in range(at, min(n, at + burst)):
            op = rng.random()
            if op < 0.5:
                pieces[j] = rng.choice(vocab)
            elif op < 0.75:
                pieces[j] = ''
            else:
                spaced = not is_cjk_lang and not (mixed and cjk(pieces[j][:1]))
                pieces[j] = pieces[j] + (' ' if spaced else '') + rng.choice(vocab)
            touched += 1
    out = ''.join(p + sep for p, sep in zip(pieces, seps))
    out = re.sub(r'  +', ' ', out)
    r = rng.random()
    if r < 0.12:
        out = out.upper()
    elif r < 0.24:
        out = out.lower()
    if rng.random() < 0.3:
        out = ''.join(c for c in out if not (c in ',.;:' and rng.random() < 0.5))
    if rng.random() < 0.2:
        out = out.replace('"', '\u201c')
    return out

n_docs = len(texts)
inserts = [[] for _ in range(n_docs)]  # (orig pos, string, copy id)
sources = []  # (doc, s, e)
busy = [[] for _ in range(n_docs)]
planted = []  # list of groups: [(doc, kind, a, b or copy id), ...], rates
n_src = int(sys.argv[4]) if len(sys.argv) > 4 else 60
tries = 0
while len(planted) < n_src and tries < 10000:
    tries += 1
    d = rng.randrange(n_docs)
    t = texts[d]
    toks = tokens(t)
    want = rng.randint(25, 80) if not is_cjk_lang else rng.randint(40, 150)
    if len(toks) < want + 10:
        continue
    i = rng.randrange(len(toks) - want)
    a, b = toks[i][0], toks[i + want - 1][1]
    if any(not (b <= x or a >= y) for x, y in busy[d]) or any(a < p < b for p, _, _ in inserts[d]):
        continue
    busy[d].append((a, b))
    group = [('src', d, a, b, 0.0)]
    for _ in range(rng.randint(1, 3)):
        e = rng.randrange(n_docs)
        lines = [m.end() for m in re.finditer('\n', texts[e])]
        pos = rng.choice(lines)
        if any(x < pos < y for x, y in busy[e]):
            continue
        rate = rng.choice([0.0, rng.uniform(0, 0.3)])
        cp = edit(t[a:b], rate) if rate > 0 else t[a:b]
        cid = len([1 for g in planted for x in g]) + len(group)
        inserts[e].append((pos, '\n' + cp + '\n', (len(planted), len(group))))
        group.append(('copy', e, pos, len(cp), rate))
    if len(group) > 1:
        planted.append(group)
    else:
        busy[d].pop()

os.makedirs(os.path.join(out, 'docs'), exist_ok=True)
where = {}
for d in range(n_docs):
    t = texts[d]
    ins = sorted(inserts[d], key=lambda x: x[0])
    res, last, shift = [], 0, 0
    offs = []  # (orig pos, shift after)
    for pos, s, key in ins:
        res.append(t[last:pos])
        start = sum(len(x.encode()) for x in res) + 1
        where[key] = (d, start, start + len(s.encode()) - 2)
        res.append(s)
        last = pos
        offs.append((pos, sum(len(x.encode()) for x in res) - len(t[:pos].encode())))
    res.append(t[last:])
    new = ''.join(res)
    open(os.path.join(out, 'docs', '%03d.txt' % d), 'w', encoding='utf-8').write(new)
    def m(p, offs=offs, t=t):
        sh = 0
        for pos, s in offs:
            if pos <= p:
                sh = s
        return len(t[:p].encode()) + sh
    for gi, g in enumerate(planted):
        if g[0][1] == d:
            where[(gi, 0)] = (d, m(g[0][2]), m(g[0][3]))

truth = []
for gi, g in enumerate(planted):
    truth.append([(where[(gi, j)], g[j][4]) for j in range(len(g))])
json.dump(truth, open(os.path.join(out, 'truth.json'), 'w'))
print('docs', n_docs, 'groups', len(truth), 'copies', sum(len(g) for g in truth))
