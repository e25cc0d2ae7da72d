#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""No source file over 1,000 lines (HACKING.md): a class that outgrows its
file keeps a coherent part in meso-x-<part>.c behind meso-x-private.h."""
import glob
import os
import sys

LIMIT = 1000


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
    too_long = []
    for pattern in ('src/**/*.c', 'src/**/*.h', 'tests/*.c', 'tests/*.h'):
        for path in glob.glob(os.path.join(root, pattern), recursive=True):
            with open(path, encoding='utf-8') as f:
                n = sum(1 for _ in f)
            if n > LIMIT:
                too_long.append((n, os.path.relpath(path, root)))
    for n, path in sorted(too_long, reverse=True):
        print(f'{path}: {n} lines, over {LIMIT}')
    return 1 if too_long else 0


if __name__ == '__main__':
    sys.exit(main())
