#!/usr/bin/env python3
"""Line statistics of the rendered man pages run.sh plants copies into, for
the README's figures on line edges: per language, the share of words that
are the last or second-to-last word of their line (how often a line ends
within one word of a given place), and, for lines holding 20 CJK
characters or more, how many CJK characters such a line holds on average.
Usage: linestat.py WORKDIR (run.sh's, e.g. /tmp/indep, after one run)"""
import glob, os, re, sys

CJK = re.compile(r'[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]')
for lang_dir in sorted(glob.glob(os.path.join(sys.argv[1], 'bg', '*'))):
    words = near_end = cjk_lines = cjk_chars = 0
    for path in glob.glob(os.path.join(lang_dir, '*.txt')):
        for line in open(path, encoding='utf-8', errors='replace'):
            n = len(re.findall(r'\w+', line))
            words += n
            near_end += min(n, 2)
            k = len(CJK.findall(line))
            if k >= 20:
                cjk_lines += 1
                cjk_chars += k
    out = '%-6s words within one word of their line end %.1f%%' % (
        os.path.basename(lang_dir), 100 * near_end / max(1, words))
    if cjk_lines:
        out += '; CJK characters per line of 20 or more %.1f' % (cjk_chars / cjk_lines)
    print(out)
