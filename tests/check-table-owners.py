#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Each table belongs to one feature (HACKING.md, "Who owns which table").
Lists the SQL in src/core that names a table of another feature, and fails
on any not in KNOWN: a new coupling is asked of the owner's store instead.
KNOWN shrinks as the features ask each other's stores (issue 17, item 2)."""
import glob
import os
import re
import sys

OWNERS = {
    'clinic': ['setting'],
    'staff': ['staff', 'sign_in_failure'],
    'patients': ['patient', 'screening_answer', 'allergy', 'medication'],
    'schedule': ['practitioner', 'room', 'opening_hours', 'practitioner_hours',
                 'practitioner_day_off', 'holiday', 'protocol', 'protocol_phase', 'course',
                 'appointment', 'waitlist'],
    'treatment': ['ingredient', 'ingredient_rule', 'general_rule', 'incompatibility', 'recipe',
                  'recipe_item', 'product', 'lot', 'administration', 'administration_item'],
    'scalp': ['scalp_map'],
    'reminders': ['reminder_rule', 'reminder'],
    'handouts': ['handout_text'],
    'audit': ['audit', 'audit_chain'],
}

# Couplings that were there when the rule came; (file, table).
KNOWN = {
    ('meso-backup.c', 'audit'), ('meso-backup.c', 'staff'),
    ('meso-db-check.c', 'patient'),
    ('meso-revision.c', 'appointment'), ('meso-revision.c', 'audit'),
    ('meso-revision.c', 'patient'), ('meso-revision.c', 'practitioner'),
    ('meso-revision.c', 'room'), ('meso-revision.c', 'staff'),
    ('meso-demo.c', 'appointment'), ('meso-demo.c', 'patient'),
    ('meso-demo.c', 'practitioner'), ('meso-demo.c', 'room'),
    ('meso-reminders.c', 'patient'),
    ('meso-reminders-sync.c', 'appointment'), ('meso-reminders-sync.c', 'course'),
    ('meso-reminders-sync.c', 'ingredient'), ('meso-reminders-sync.c', 'lot'),
    ('meso-reminders-sync.c', 'patient'), ('meso-reminders-sync.c', 'product'),
    ('meso-reminders-sync.c', 'screening_answer'), ('meso-reminders-sync.c', 'setting'),
    ('meso-ical.c', 'setting'),
    ('meso-schedule-booking.c', 'patient'),
    ('meso-waitlist.c', 'patient'),
}

TABLE_USE = re.compile(r'\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+(?:main\.)?"?([a-z_]+)')


def main():
    core = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'core')
    owner = {table: feature for feature, tables in OWNERS.items() for table in tables}
    found = set()
    for path in sorted(glob.glob(os.path.join(core, '**', '*.c'), recursive=True)):
        feature = os.path.basename(os.path.dirname(path))
        with open(path, encoding='utf-8') as f:
            for table in TABLE_USE.findall(f.read()):
                if table in owner and owner[table] != feature:
                    found.add((os.path.basename(path), table))
    new = sorted(found - KNOWN)
    gone = sorted(KNOWN - found)
    for name, table in new:
        print(f'{name} names the table "{table}" of {owner[table]}: ask its store instead')
    for name, table in gone:
        print(f'{name} no longer names "{table}": take it out of KNOWN')
    print(f'{len(found)} cross-feature table uses, {len(new)} new, {len(gone)} gone')
    return 1 if new or gone else 0


if __name__ == '__main__':
    sys.exit(main())
