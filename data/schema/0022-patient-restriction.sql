-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 22, run once in its own transaction (see meso-schema.c). The lines are
-- joined with no newline between them: a space that SQL needs begins the next line. A
-- line starting with -- is a comment. Never edit a released version: add a new file.

-- Restriction instead of deletion (meso-patient-store-restriction.c): a
-- restricted patient is kept, backups and audit trail included, but left
-- out of searches and lists and opened by administrators only. After the
-- clinic's retention period an administrator may anonymise them: names,
-- contacts and notes replaced, the clinical rows kept for statistics.
ALTER TABLE patient ADD COLUMN restricted_on TEXT
  CHECK (restricted_on IS NULL OR date (restricted_on) IS restricted_on);
ALTER TABLE patient ADD COLUMN anonymised_on TEXT
  CHECK (anonymised_on IS NULL OR date (anonymised_on) IS anonymised_on);
-- The list reads restriction from the name order's covering index too.
DROP INDEX patient_by_name;
CREATE INDEX patient_by_name ON patient (sort_key, archived, initials, restricted_on);
-- The calendar names restricted patients to administrators only: it reads
-- the few of them from here (meso_patients_read_restricted()), a search on
-- the column (an index on the id alone lost to patient_by_name's full scan).
CREATE INDEX patient_restricted ON patient (restricted_on) WHERE restricted_on IS NOT NULL;
-- Restricting and lifting are audited like any edit. Anonymising is not:
-- its own entry below must not repeat the names it takes away.
DROP TRIGGER patient_audit_update;
CREATE TRIGGER patient_audit_update AFTER UPDATE ON patient
  WHEN (old.family_name IS NOT new.family_name OR old.given_name IS NOT new.given_name
 OR old.birth_date IS NOT new.birth_date OR old.sex IS NOT new.sex
 OR old.phone IS NOT new.phone OR old.email IS NOT new.email
 OR old.address IS NOT new.address OR old.language IS NOT new.language
 OR old.notes IS NOT new.notes OR old.archived IS NOT new.archived
 OR old.restricted_on IS NOT new.restricted_on)
 AND old.anonymised_on IS new.anonymised_on BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, old_values,
                     new_values)
  VALUES (meso_actor (), 'patient', new.id, new.id,
          CASE WHEN old.archived = new.archived THEN 'update'
               WHEN new.archived THEN 'archive' ELSE 'unarchive' END,
json_object ('family_name', old.family_name, 'given_name', old.given_name,
 'birth_date', old.birth_date, 'sex', old.sex, 'phone', old.phone,
 'email', old.email, 'address', old.address, 'language', old.language,
 'notes', old.notes, 'archived', old.archived, 'restricted_on', old.restricted_on),
json_object ('family_name', new.family_name, 'given_name', new.given_name,
 'birth_date', new.birth_date, 'sex', new.sex, 'phone', new.phone,
 'email', new.email, 'address', new.address, 'language', new.language,
 'notes', new.notes, 'archived', new.archived, 'restricted_on', new.restricted_on));
END;
CREATE TRIGGER patient_audit_anonymise AFTER UPDATE OF anonymised_on ON patient
  WHEN old.anonymised_on IS NULL AND new.anonymised_on IS NOT NULL BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, old_values,
                     new_values)
  VALUES (meso_actor (), 'patient', new.id, new.id, 'update',
          json_object ('anonymised_on', NULL),
          json_object ('anonymised_on', new.anonymised_on));
END;
-- Only a restricted patient is anonymised, once, and stays so.
CREATE TRIGGER patient_anonymised_stays BEFORE UPDATE ON patient
  WHEN (new.anonymised_on IS NOT NULL AND new.restricted_on IS NULL)
    OR (old.anonymised_on IS NOT NULL
        AND (old.anonymised_on IS NOT new.anonymised_on
             OR old.restricted_on IS NOT new.restricted_on
             OR old.family_name IS NOT new.family_name OR old.given_name IS NOT new.given_name
             OR old.birth_date IS NOT new.birth_date OR old.phone IS NOT new.phone
             OR old.email IS NOT new.email OR old.address IS NOT new.address
             OR old.notes IS NOT new.notes)) BEGIN
  SELECT RAISE (ABORT, 'an anonymised patient stays anonymised');
END;
-- A restricted patient is not booked or put on the waiting list, and the
-- reminders of their past sessions are no longer made.
CREATE TRIGGER appointment_restricted_patient BEFORE INSERT ON appointment
  WHEN (SELECT restricted_on FROM patient WHERE id = new.patient_id) IS NOT NULL BEGIN
  SELECT RAISE (ABORT, 'a restricted patient is not booked');
END;
CREATE TRIGGER waitlist_restricted_patient BEFORE INSERT ON waitlist
  WHEN (SELECT restricted_on FROM patient WHERE id = new.patient_id) IS NOT NULL BEGIN
  SELECT RAISE (ABORT, 'a restricted patient is not booked');
END;
CREATE TRIGGER reminder_restricted_patient BEFORE INSERT ON reminder
  WHEN (SELECT restricted_on FROM patient WHERE id = new.patient_id) IS NOT NULL BEGIN
  SELECT RAISE (IGNORE);
END;
