-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 21, run once in its own transaction (see meso-schema.c). The lines are
-- joined with no newline between them: a space that SQL needs begins the next line. A
-- line starting with -- is a comment. Never edit a released version: add a new file.

-- A patient's whole record handed over on request (the right of access,
-- meso-record-export.c): who exported it, when, and which files, in the
-- audit trail with the patient's other entries.
CREATE TABLE record_export (
  id          INTEGER PRIMARY KEY,
  patient_id  INTEGER NOT NULL REFERENCES patient (id),
  staff_id    INTEGER NOT NULL REFERENCES staff (id),
  folder      TEXT NOT NULL CHECK (length(folder) BETWEEN 1 AND 4096),
  files       TEXT NOT NULL CHECK (json_valid (files)),
  exported_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%SZ'))
) STRICT;
CREATE INDEX record_export_by_patient ON record_export (patient_id);
CREATE TRIGGER record_export_audit_insert AFTER INSERT ON record_export BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, new_values)
  VALUES (meso_actor (), 'record_export', new.id, new.patient_id, 'insert',
          json_object ('folder', new.folder, 'files', json (new.files)));
END;
CREATE TRIGGER record_export_no_update BEFORE UPDATE ON record_export BEGIN
  SELECT RAISE (ABORT, 'the audit trail cannot be changed');
END;
CREATE TRIGGER record_export_no_delete BEFORE DELETE ON record_export BEGIN
  SELECT RAISE (ABORT, 'the audit trail cannot be changed');
END;
