#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails unless every language the interface promises is translated whole.

The template is extracted afresh from po/POTFILES.in (as meson's 'glib'
preset does), so a string added since a .po was last updated counts as
untranslated; each po/LL.po is merged with it without fuzzy matching and
checked by msgfmt (formats, plural forms, headers). A fuzzy or untranslated
message fails, and so does a language missing from po/LINGUAS."""

import os
import re
import subprocess
import sys
import tempfile

LANGUAGES = ("es", "ru", "tr")
KEYWORDS = ("_", "N_", "C_:1c,2", "NC_:1c,2", "g_dcgettext:2", "g_dngettext:2,3",
            "g_dpgettext2:2c,3")

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
po_dir = os.path.join(root, "po")
problems = []

with open(os.path.join(po_dir, "LINGUAS"), encoding="utf-8") as f:
    listed = {word for line in f if not line.startswith("#") for word in line.split()}
for language in LANGUAGES:
    if language not in listed:
        problems.append(f"po/LINGUAS does not list {language}")

with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, "mesodesk.pot")
    subprocess.run(["xgettext", "--directory", root, "--files-from",
                    os.path.join(po_dir, "POTFILES.in"), "--from-code=UTF-8",
                    "--add-comments", "--output", pot, "--package-name=mesodesk"]
                   + [f"--keyword={k}" for k in KEYWORDS],
                   check=True)
    for language in LANGUAGES:
        po = os.path.join(po_dir, f"{language}.po")
        if not os.path.exists(po):
            problems.append(f"po/{language}.po is missing")
            continue
        merged = os.path.join(tmp, f"{language}.po")
        subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", "--output-file", merged,
                        po, pot], check=True)
        result = subprocess.run(["msgfmt", "--check", "--statistics", "--output-file",
                                 os.devnull, merged], capture_output=True, text=True)
        report = (result.stderr + result.stdout).strip()
        if result.returncode != 0:
            problems.append(f"po/{language}.po: msgfmt --check failed:\n{report}")
        elif re.search(r"fuzzy|untranslated", report):
            problems.append(f"po/{language}.po: {report}")

for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
