-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 8, run once in its own transaction (see meso-schema.c). The lines are
-- joined with no newline between them: a space that SQL needs begins the next line. A
-- line starting with -- is a comment. Never edit a released version: add a new file.

-- Handout texts the clinic rewrote, per language; the others are the
-- shipped ones. Changes are audited: a patient's sheet says what the
-- clinic told them.
CREATE TABLE handout_text (
  language   TEXT NOT NULL CHECK (length (language) BETWEEN 2 AND 8),
  section    TEXT NOT NULL,
  key        TEXT NOT NULL,
  text       TEXT NOT NULL CHECK (length (text) <= 20000),
  updated_by INTEGER REFERENCES staff (id),
  updated_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%SZ')),
  PRIMARY KEY (language, section, key)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER handout_text_audit_insert AFTER INSERT ON handout_text BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, new_values)
  VALUES (meso_actor (), 'handout_text', 0, 'insert',
          json_object ('language', new.language, 'section', new.section, 'key', new.key,
                       'text', new.text));
END;
CREATE TRIGGER handout_text_audit_update AFTER UPDATE OF text ON handout_text BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, old_values, new_values)
  VALUES (meso_actor (), 'handout_text', 0, 'update',
          json_object ('language', old.language, 'section', old.section, 'key', old.key,
                       'text', old.text),
          json_object ('language', new.language, 'section', new.section, 'key', new.key,
                       'text', new.text));
END;
CREATE TRIGGER handout_text_audit_delete AFTER DELETE ON handout_text BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, old_values)
  VALUES (meso_actor (), 'handout_text', 0, 'delete',
          json_object ('language', old.language, 'section', old.section, 'key', old.key,
                       'text', old.text));
END;
