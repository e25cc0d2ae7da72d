#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The version in meson.build is the newest release of the metainfo and of
debian/changelog: a release is described wherever users and apt see it."""
import pathlib
import re
import sys
import xml.etree.ElementTree as ET

root = pathlib.Path(__file__).resolve().parent.parent
version = re.search(r"version: '([^']+)'", (root / "meson.build").read_text()).group(1)
metainfo = ET.parse(root / "data/io.github.mesodesk.Mesodesk.metainfo.xml.in")
releases = [release.get("version") for release in metainfo.getroot().iter("release")]
changelog = (root / "debian/changelog").read_text()
packaged = re.match(r"mesodesk \(([^)]+)\)", changelog).group(1)

problems = []
if not releases or releases[0] != version:
    problems.append(f"the metainfo's newest release is {releases[:1]}, not {version}")
if packaged != version:
    problems.append(f"debian/changelog's newest entry is {packaged}, not {version}")
for problem in problems:
    print(problem)
if not problems:
    print(f"version {version}: metainfo and debian/changelog agree")
sys.exit(1 if problems else 0)
