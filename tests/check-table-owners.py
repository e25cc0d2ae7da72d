#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Each table belongs to one feature (HACKING.md, "Who owns which table").
Lists the SQL in src/core that names a table of another feature, and fails
on any: a feature asks the owner's store instead (the reminders get their
events through MesoReminderSource). The benchmark, which counts rows for
its report, is not a feature and is not checked. Widgets in src/gui never
reach for the database handle (meso_context_get_db): they ask the context
or a store."""
import glob
import os
import re
import sys

OWNERS = {
    'clinic': ['setting'],
    'staff': ['staff', 'sign_in_failure'],
    'patients': ['patient', 'screening_answer', 'allergy', 'medication', 'patient_consent',
                 'patient_import'],
    'schedule': ['practitioner', 'room', 'opening_hours', 'practitioner_hours',
                 'practitioner_day_off', 'holiday', 'protocol', 'protocol_phase', 'course',
                 'appointment', 'waitlist'],
    'treatment': ['ingredient', 'ingredient_rule', 'general_rule', 'incompatibility', 'recipe',
                  'recipe_item', 'product', 'lot', 'administration', 'administration_item'],
    'scalp': ['scalp_map'],
    'photos': ['photo_view', 'photo', 'photo_image', 'photo_access', 'photo_alignment',
               'photo_count', 'photo_map_placement'],
    'reminders': ['reminder_rule', 'reminder'],
    'handouts': ['handout_text'],
    'messages': ['message'],
    'audit': ['audit', 'audit_chain'],
    'export': ['record_export'],
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
    for name, table in sorted(found):
        print(f'{name} names the table "{table}" of {owner[table]}: ask its store instead')
    print(f'{len(found)} cross-feature table uses')
    gui = os.path.join(os.path.dirname(core), 'gui')
    handles = []
    for path in sorted(glob.glob(os.path.join(gui, '**', '*.c'), recursive=True)):
        with open(path, encoding='utf-8') as f:
            if 'meso_context_get_db' in f.read():
                handles.append(os.path.relpath(path, gui))
    for name in handles:
        print(f'src/gui/{name} calls meso_context_get_db: ask the context or a store instead')
    return 1 if found or handles else 0


if __name__ == '__main__':
    sys.exit(main())
