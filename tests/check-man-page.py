#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every command-line option of mesodesk is in its manual page, and the
page names no option that is gone."""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
source = (root / "src/gui/meso-command-line.c").read_text()
entries = source[source.index("const GOptionEntry meso_command_line_options[]"):]
entries = entries[:entries.index("{ NULL }")]
options = set(re.findall(r'\{ "([a-z-]+)",', entries))
page = (root / "data/mesodesk.1.in").read_text()
documented = set(re.findall(r'\\-\\-((?:[a-z]|\\-)+)', page))
documented = {name.replace("\\-", "-") for name in documented}

missing = sorted(options - documented)
unknown = sorted(documented - options)
for name in missing:
    print(f"data/mesodesk.1.in: --{name} is an option of mesodesk but not in its manual page")
for name in unknown:
    print(f"data/mesodesk.1.in: names --{name}, which mesodesk does not take")
print(f"{len(options)} options, all in the manual page" if not (missing or unknown) else "")
sys.exit(1 if missing or unknown else 0)
