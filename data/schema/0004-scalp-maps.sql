-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 4, run once in its own transaction (see meso-schema.c). The lines are
-- joined with no newline between them: a space that SQL needs begins the next line. A
-- line starting with -- is a comment. Never edit a released version: add a new file.

-- One scalp map per session (appointment), as a JSON document: grades,
-- painted regions, injection points and readings. The scores beside it
-- let progress charts and the audit trail read them without parsing.
CREATE TABLE scalp_map (
  appointment_id INTEGER PRIMARY KEY REFERENCES appointment (id),
  patient_id     INTEGER NOT NULL REFERENCES patient (id),
  document       TEXT NOT NULL CHECK (json_valid (document)),
  salt           REAL NOT NULL DEFAULT 0,
  points         INTEGER NOT NULL DEFAULT 0,
  volume_ml      REAL NOT NULL DEFAULT 0,
  density        REAL NOT NULL DEFAULT 0,
  updated_at     TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%SZ'))
) STRICT;
CREATE INDEX scalp_map_by_patient ON scalp_map (patient_id);
CREATE TRIGGER scalp_map_audit_insert AFTER INSERT ON scalp_map BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, new_values)
  VALUES (meso_actor (), 'scalp_map', new.appointment_id, new.patient_id, 'insert',
json_object ('grades', json_extract (new.document, '$.grades'), 'salt', round (new.salt, 1),
 'points', new.points, 'volume_ml', round (new.volume_ml, 2),
 'stage', json_extract (new.document, '$.stage')));
END;
CREATE TRIGGER scalp_map_audit_update AFTER UPDATE ON scalp_map
  WHEN old.document IS NOT new.document BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, old_values,
                     new_values)
  VALUES (meso_actor (), 'scalp_map', new.appointment_id, new.patient_id, 'update',
json_object ('grades', json_extract (old.document, '$.grades'), 'salt', round (old.salt, 1),
 'points', old.points, 'volume_ml', round (old.volume_ml, 2),
 'stage', json_extract (old.document, '$.stage')),json_object ('grades', json_extract (new.document,
 '$.grades'), 'salt', round (new.salt, 1),
 'points', new.points, 'volume_ml', round (new.volume_ml, 2),
 'stage', json_extract (new.document, '$.stage')));
END;
