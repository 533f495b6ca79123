#!/usr/bin/env python3
"""Builds a folder of short files for the README's Performance section: the
first BYTES bytes (10,000,000 unless given) of the one-file corpus
`/tmp/one100/all.txt`, cut at the first space after every SIZE bytes, one
numbered file per piece (f000000.txt, ...). Used as
  short_files.py 2000 /tmp/small2k          4,767 files of about 2 kB
  short_files.py 200 /tmp/tiny              46,329 files of about 200 bytes
  short_files.py 2000 /tmp/small2k50 50000000
  short_files.py 200 /tmp/tiny50 50000000
Usage: short_files.py SIZE OUT_DIR [BYTES]"""
import os, sys

size, out = int(sys.argv[1]), sys.argv[2]
limit = int(sys.argv[3]) if len(sys.argv) > 3 else 10_000_000
with open('/tmp/one100/all.txt', 'rb') as f:
    text = f.read(limit)
os.makedirs(out, exist_ok=True)
i = n = 0
while i < len(text):
    j = min(len(text), i + size)
    if j < len(text):
        space = text.find(b' ', j)
        j = len(text) if space < 0 else space + 1
    with open(os.path.join(out, f'f{n:06d}.txt'), 'wb') as f:
        f.write(text[i:j])
    n += 1
    i = j
print(n)
