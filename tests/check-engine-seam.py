#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The engine seam (HACKING.md): only src/core/db and the files named
*-sqlite.c or *-sqlite.h call SQLite; every store reads and writes through
MesoStmt, so that another engine can stand behind a MesoDb."""
import glob
import os
import re
import sys

ENGINE_CALL = re.compile(r'\bsqlite3|\bSQLITE_')


def allowed(path):
    return path.startswith('src/core/db/') or re.search(r'-sqlite\.[ch]$', path)


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
    found = []
    for pattern in ('src/**/*.c', 'src/**/*.h'):
        for path in glob.glob(os.path.join(root, pattern), recursive=True):
            rel = os.path.relpath(path, root)
            if allowed(rel):
                continue
            with open(path, encoding='utf-8') as f:
                for n, line in enumerate(f, 1):
                    if ENGINE_CALL.search(line):
                        found.append(f'{rel}:{n}: {line.strip()}')
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main())
