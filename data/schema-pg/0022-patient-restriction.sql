-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 22 on PostgreSQL 15 (data/schema/0022-patient-restriction.sql).
-- Never edit a released version.

-- Restriction instead of deletion (meso-patient-store-restriction.c): a
-- restricted patient is kept, backups and audit trail included, but left
-- out of searches and lists and opened by administrators only. After the
-- clinic's retention period an administrator may anonymise them: names,
-- contacts and notes replaced, the clinical rows kept for statistics.
ALTER TABLE patient
  ADD COLUMN restricted_on text CHECK (restricted_on IS NULL OR meso_date_valid (restricted_on)),
  ADD COLUMN anonymised_on text CHECK (anonymised_on IS NULL OR meso_date_valid (anonymised_on));
-- The list reads restriction from the name order's covering index too.
DROP INDEX patient_by_name;
CREATE INDEX patient_by_name ON patient (sort_key, archived, initials, id, restricted_on);
-- The calendar names restricted patients to administrators only: it reads
-- the few of them from here (meso_patients_read_restricted()), a search on
-- the column (an index on the id alone lost to patient_by_name's full scan).
CREATE INDEX patient_restricted ON patient (restricted_on, id) WHERE restricted_on IS NOT NULL;
-- Restricting and lifting are audited like any edit. Anonymising is not:
-- its own entry below must not repeat the names it takes away.
CREATE FUNCTION meso_patient_restriction_json (p patient) RETURNS json
  LANGUAGE sql STABLE AS $$
  SELECT json_build_object ('family_name', p.family_name, 'given_name', p.given_name,
    'birth_date', p.birth_date, 'sex', p.sex, 'phone', p.phone,
    'email', p.email, 'address', p.address, 'language', p.language,
    'notes', p.notes, 'archived', p.archived, 'restricted_on', p.restricted_on)
$$;
CREATE OR REPLACE FUNCTION patient_audit_update () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM meso_audit_add (meso_actor (), 'patient', new.id, new.id,
                          CASE WHEN old.archived = new.archived THEN 'update'
                               WHEN new.archived <> 0 THEN 'archive' ELSE 'unarchive' END,
                          meso_patient_restriction_json (old),
                          meso_patient_restriction_json (new));
  RETURN NULL;
END $$;
DROP TRIGGER patient_audit_update ON patient;
CREATE TRIGGER patient_audit_update AFTER UPDATE ON patient
  FOR EACH ROW WHEN ((old.family_name IS DISTINCT FROM new.family_name
    OR old.given_name IS DISTINCT FROM new.given_name
    OR old.birth_date IS DISTINCT FROM new.birth_date OR old.sex IS DISTINCT FROM new.sex
    OR old.phone IS DISTINCT FROM new.phone OR old.email IS DISTINCT FROM new.email
    OR old.address IS DISTINCT FROM new.address
    OR old.language IS DISTINCT FROM new.language
    OR old.notes IS DISTINCT FROM new.notes OR old.archived IS DISTINCT FROM new.archived
    OR old.restricted_on IS DISTINCT FROM new.restricted_on)
    AND old.anonymised_on IS NOT DISTINCT FROM new.anonymised_on)
  EXECUTE FUNCTION patient_audit_update ();
CREATE FUNCTION patient_audit_anonymise () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM meso_audit_add (meso_actor (), 'patient', new.id, new.id, 'update',
                          json_build_object ('anonymised_on', NULL),
                          json_build_object ('anonymised_on', new.anonymised_on));
  RETURN NULL;
END $$;
CREATE TRIGGER patient_audit_anonymise AFTER UPDATE OF anonymised_on ON patient
  FOR EACH ROW WHEN (old.anonymised_on IS NULL AND new.anonymised_on IS NOT NULL)
  EXECUTE FUNCTION patient_audit_anonymise ();
-- Only a restricted patient is anonymised, once, and stays so.
CREATE TRIGGER patient_anonymised_stays BEFORE UPDATE ON patient
  FOR EACH ROW WHEN ((new.anonymised_on IS NOT NULL AND new.restricted_on IS NULL)
    OR (old.anonymised_on IS NOT NULL
        AND (old.anonymised_on IS DISTINCT FROM new.anonymised_on
             OR old.restricted_on IS DISTINCT FROM new.restricted_on
             OR old.family_name IS DISTINCT FROM new.family_name
             OR old.given_name IS DISTINCT FROM new.given_name
             OR old.birth_date IS DISTINCT FROM new.birth_date
             OR old.phone IS DISTINCT FROM new.phone OR old.email IS DISTINCT FROM new.email
             OR old.address IS DISTINCT FROM new.address
             OR old.notes IS DISTINCT FROM new.notes)))
  EXECUTE FUNCTION meso_refuse ('an anonymised patient stays anonymised');
-- A restricted patient is not booked or put on the waiting list, and the
-- reminders of their past sessions are no longer made.
CREATE FUNCTION meso_patient_restricted (patient_id bigint) RETURNS boolean
  LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM patient WHERE id = patient_id AND restricted_on IS NOT NULL)
$$;
CREATE FUNCTION refuse_restricted_patient () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF meso_patient_restricted (new.patient_id) THEN
    RAISE EXCEPTION USING MESSAGE = 'a restricted patient is not booked',
                          ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN new;
END $$;
CREATE TRIGGER appointment_restricted_patient BEFORE INSERT ON appointment
  FOR EACH ROW EXECUTE FUNCTION refuse_restricted_patient ();
CREATE TRIGGER waitlist_restricted_patient BEFORE INSERT ON waitlist
  FOR EACH ROW EXECUTE FUNCTION refuse_restricted_patient ();
CREATE FUNCTION skip_restricted_patient () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF meso_patient_restricted (new.patient_id) THEN
    RETURN NULL;
  END IF;
  RETURN new;
END $$;
CREATE TRIGGER reminder_restricted_patient BEFORE INSERT ON reminder
  FOR EACH ROW EXECUTE FUNCTION skip_restricted_patient ();
