-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 2, run once in its own transaction (see meso-schema.c). The lines are
-- joined with no newline between them: a space that SQL needs begins the next line. A
-- line starting with -- is a comment. Never edit a released version: add a new file.

-- Staff accounts. The secret is an Argon2id hash string (the CHECK keeps
-- a clear-text PIN out even if a caller forgets to hash it).
CREATE TABLE staff (
  id           INTEGER PRIMARY KEY,
  display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
  role         TEXT NOT NULL
               CHECK (role IN ('receptionist', 'physician', 'administrator')),
  secret_hash  TEXT NOT NULL CHECK (secret_hash LIKE '$argon2id$%'),
  active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at   TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%SZ'))
) STRICT;

-- The audit trail: one row for every change to clinical and booking
-- data, written by triggers so that no code path can skip it. Values are
-- JSON objects of the row before and after.
CREATE TABLE audit (
  id         INTEGER PRIMARY KEY,
  at         TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ')),
  staff_id   INTEGER REFERENCES staff (id),
  table_name TEXT NOT NULL,
  row_id     INTEGER NOT NULL,
  patient_id INTEGER,
  action     TEXT NOT NULL
             CHECK (action IN ('insert', 'update', 'delete', 'archive', 'unarchive',
                               'restore')),
  old_values TEXT CHECK (old_values IS NULL OR json_valid (old_values)),
  new_values TEXT CHECK (new_values IS NULL OR json_valid (new_values))
) STRICT;
CREATE INDEX audit_by_patient ON audit (patient_id, id) WHERE patient_id IS NOT NULL;
CREATE INDEX audit_by_staff ON audit (staff_id, id);
CREATE INDEX audit_by_row ON audit (table_name, row_id, id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN
  SELECT RAISE (ABORT, 'the audit trail cannot be changed');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN
  SELECT RAISE (ABORT, 'the audit trail cannot be changed');
END;

CREATE TRIGGER patient_audit_insert AFTER INSERT ON patient BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, new_values)
  VALUES (meso_actor (), 'patient', new.id, new.id, 'insert',
json_object ('family_name', new.family_name, 'given_name', new.given_name,
 'birth_date', new.birth_date, 'sex', new.sex, 'phone', new.phone,
 'email', new.email, 'address', new.address, 'language', new.language,
 'notes', new.notes, 'archived', new.archived));
END;
-- Only real edits: a save that changed nothing leaves no trace.
CREATE TRIGGER patient_audit_update AFTER UPDATE ON patient
  WHEN old.family_name IS NOT new.family_name OR old.given_name IS NOT new.given_name
 OR old.birth_date IS NOT new.birth_date OR old.sex IS NOT new.sex
 OR old.phone IS NOT new.phone OR old.email IS NOT new.email
 OR old.address IS NOT new.address OR old.language IS NOT new.language
 OR old.notes IS NOT new.notes OR old.archived IS NOT new.archived BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, old_values,
                     new_values)
  VALUES (meso_actor (), 'patient', new.id, new.id,
          CASE WHEN old.archived = new.archived THEN 'update'
               WHEN new.archived THEN 'archive' ELSE 'unarchive' END,
json_object ('family_name', old.family_name, 'given_name', old.given_name,
 'birth_date', old.birth_date, 'sex', old.sex, 'phone', old.phone,
 'email', old.email, 'address', old.address, 'language', old.language,
 'notes', old.notes, 'archived', old.archived),
json_object ('family_name', new.family_name, 'given_name', new.given_name,
 'birth_date', new.birth_date, 'sex', new.sex, 'phone', new.phone,
 'email', new.email, 'address', new.address, 'language', new.language,
 'notes', new.notes, 'archived', new.archived));
END;

CREATE TRIGGER screening_audit_insert AFTER INSERT ON screening_answer BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, new_values)
  VALUES (meso_actor (), 'screening_answer', new.patient_id, new.patient_id, 'insert',
          json_object ('condition', new.condition, 'answer', new.answer,
                       'asked_on', new.asked_on));
END;
CREATE TRIGGER screening_audit_update AFTER UPDATE ON screening_answer
  WHEN old.answer IS NOT new.answer OR old.asked_on IS NOT new.asked_on BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, old_values,
                     new_values)
  VALUES (meso_actor (), 'screening_answer', new.patient_id, new.patient_id, 'update',
          json_object ('condition', old.condition, 'answer', old.answer,
                       'asked_on', old.asked_on),
          json_object ('condition', new.condition, 'answer', new.answer,
                       'asked_on', new.asked_on));
END;

CREATE TRIGGER allergy_audit_insert AFTER INSERT ON allergy BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, new_values)
  VALUES (meso_actor (), 'allergy', new.id, new.patient_id, 'insert',
          json_object ('substance', new.substance));
END;
CREATE TRIGGER allergy_audit_delete AFTER DELETE ON allergy BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, old_values)
  VALUES (meso_actor (), 'allergy', old.id, old.patient_id, 'delete',
          json_object ('substance', old.substance));
END;

CREATE TRIGGER medication_audit_insert AFTER INSERT ON medication BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, new_values)
  VALUES (meso_actor (), 'medication', new.id, new.patient_id, 'insert',
          json_object ('name', new.name, 'blood_thinner', new.blood_thinner));
END;
CREATE TRIGGER medication_audit_update AFTER UPDATE ON medication BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, old_values,
                     new_values)
  VALUES (meso_actor (), 'medication', new.id, new.patient_id, 'update',
          json_object ('name', old.name, 'blood_thinner', old.blood_thinner),
          json_object ('name', new.name, 'blood_thinner', new.blood_thinner));
END;
CREATE TRIGGER medication_audit_delete AFTER DELETE ON medication BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, old_values)
  VALUES (meso_actor (), 'medication', old.id, old.patient_id, 'delete',
          json_object ('name', old.name, 'blood_thinner', old.blood_thinner));
END;

-- Staff changes are audited too, without the hash: only that it changed.
CREATE TRIGGER staff_audit_insert AFTER INSERT ON staff BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, new_values)
  VALUES (meso_actor_or_null (), 'staff', new.id, 'insert',
          json_object ('display_name', new.display_name, 'role', new.role,
                       'active', new.active));
END;
CREATE TRIGGER staff_audit_update AFTER UPDATE ON staff BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, old_values, new_values)
  VALUES (meso_actor (), 'staff', new.id, 'update',
          json_object ('display_name', old.display_name, 'role', old.role,
                       'active', old.active),
          json_object ('display_name', new.display_name, 'role', new.role,
                       'active', new.active, 'pin',
                       CASE WHEN old.secret_hash IS NOT new.secret_hash
                            THEN 'changed' ELSE 'unchanged' END));
END;
-- Accounts are deactivated, never deleted: the audit trail names them.
CREATE TRIGGER staff_no_delete BEFORE DELETE ON staff BEGIN
  SELECT RAISE (ABORT, 'staff accounts are deactivated, not deleted');
END;
