#!/usr/bin/env python3
"""Builds the mostly-shared corpora of the README's Performance section from
a generated bench corpus (`bench_engine gen harsh 10 /tmp/h10`) and the
one-file corpus `/tmp/one100/all.txt`:
  dupdir  the corpus's documents twice, a/ and b/ (a folder beside its copy);
  verdir  the same with three words of each b/ file replaced by EDITED
          (two versions of a folder: near copies, none exact);
  engtwo  two identical files of the first 13.75 MB of the one-file
          corpus's English lines.
Usage: mirror.py DOCS_DIR ONE_FILE OUT_DIR"""
import os, random, re, shutil, sys

docs, one, out = sys.argv[1], sys.argv[2], sys.argv[3]
for name in ('dupdir', 'verdir', 'engtwo'):
    shutil.rmtree(os.path.join(out, name), ignore_errors=True)
for name in ('dupdir', 'verdir'):
    for side in ('a', 'b'):
        shutil.copytree(docs, os.path.join(out, name, side))
rng = random.Random(3)
b = os.path.join(out, 'verdir', 'b')
for f in sorted(os.listdir(b)):
    p = os.path.join(b, f)
    w = open(p, encoding='utf-8').read().split(' ')
    for _ in range(3):
        w[rng.randrange(len(w))] = 'EDITED'
    open(p, 'w', encoding='utf-8').write(' '.join(w))
cjk = re.compile('[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]')
text = '\n'.join(l for l in open(one, encoding='utf-8').read().split('\n') if not cjk.search(l))
half = text.encode()[:13750000].decode('utf-8', 'ignore')
os.makedirs(os.path.join(out, 'engtwo'))
for f in ('a.txt', 'b.txt'):
    open(os.path.join(out, 'engtwo', f), 'w', encoding='utf-8').write(half)
