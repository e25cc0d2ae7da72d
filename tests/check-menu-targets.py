#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""No menu target written as a GVariant text without its type: GtkBuilder
keeps <attribute name="target">'room'</attribute> as the string "'room'",
quotes and all, so its radio never shows the action's state and its
action gets a value it does not know. Write the bare string, or give
type="s" (or another type) with the GVariant text."""
import glob
import os
import re
import sys

TARGET = re.compile(r'<attribute\s+name="target"\s*>([^<]*)</attribute>')


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
    bad = []
    for path in glob.glob(os.path.join(root, 'src/**/*.ui'), recursive=True):
        with open(path, encoding='utf-8') as f:
            for number, line in enumerate(f, 1):
                for match in TARGET.finditer(line):
                    value = match.group(1).strip()
                    if value[:1] in ("'", '"', '<', '@') or value in ('true', 'false'):
                        bad.append(f'{os.path.relpath(path, root)}:{number}: target {value} '
                                   'is read as a string; write it bare or add type="..."')
    for line in bad:
        print(line)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
