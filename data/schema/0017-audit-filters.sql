-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 17: the history's filters. A patient's history by one staff member, and a
-- staff member's changes to one patient, walk this index newest first; so does a staff
-- member's history of one kind of record. Without them a rare match reads the whole trail.
CREATE INDEX audit_by_patient_staff ON audit (patient_id, staff_id, id) WHERE patient_id IS NOT NULL;
CREATE INDEX audit_by_staff_table ON audit (staff_id, table_name, id);
