#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-patient-record.py SCHEMA RECORD EXPECTED: the exported record
validates against data/patient-record.schema.json, holds every row the
database has about the patient (EXPECTED: {"patient_id": N, "counts":
{table: rows}}, counted by test-record-export), and no row about anyone
else."""
import json
import sys

import jsonschema

schema, record, expected = (json.load(open(path, encoding='utf-8')) for path in sys.argv[1:4])
jsonschema.Draft202012Validator.check_schema(schema)
jsonschema.validate(record, schema, format_checker=jsonschema.FormatChecker())

failures = []
patient_id = expected['patient_id']
tables = record['tables']
if record['patient_id'] != str(patient_id) or tables['patient'][0]['id'] != patient_id:
    failures.append(f"the record is not patient {patient_id}'s")
for table, count in expected['counts'].items():
    if table not in tables:
        failures.append(f"{table}: the database has {count} rows about the patient, the record none")
    elif len(tables[table]) != count:
        failures.append(f"{table}: the database has {count} rows about the patient, "
                        f"the record {len(tables[table])}")
for table, rows in tables.items():
    for row in rows:
        if row.get('patient_id', patient_id) not in (patient_id, None):
            failures.append(f"{table}: a row about patient {row['patient_id']}")
for failure in failures:
    print(failure)
sys.exit(1 if failures else 0)
