-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 9, run once in its own transaction (see meso-schema.c). The lines are
-- joined with no newline between them: a space that SQL needs begins the next line. A
-- line starting with -- is a comment. Never edit a released version: add a new file.

-- A patient is in one place at a time: the overlap triggers check the
-- patient too, as the store already did, so other programs cannot book
-- them twice with another practitioner in another room.
DROP TRIGGER appointment_no_overlap_insert;
DROP TRIGGER appointment_no_overlap_update;
CREATE TRIGGER appointment_no_overlap_insert BEFORE INSERT ON appointment
  WHEN new.status NOT IN ('cancelled', 'no_show') BEGIN
  SELECT RAISE (ABORT, 'double booking') WHERE
 EXISTS (SELECT 1 FROM appointment a WHERE a.practitioner_id = new.practitioner_id
   AND a.starts_at > new.starts_at - 28800 AND a.starts_at < new.ends_at
   AND a.ends_at > new.starts_at AND a.status NOT IN ('cancelled',
 'no_show')) OR  EXISTS (SELECT 1 FROM appointment a WHERE a.room_id = new.room_id
   AND a.starts_at > new.starts_at - 28800 AND a.starts_at < new.ends_at
   AND a.ends_at > new.starts_at AND a.status NOT IN ('cancelled',
 'no_show')) OR  EXISTS (SELECT 1 FROM appointment a WHERE a.patient_id = new.patient_id
   AND a.starts_at > new.starts_at - 28800 AND a.starts_at < new.ends_at
   AND a.ends_at > new.starts_at AND a.status NOT IN ('cancelled', 'no_show'));
END;
CREATE TRIGGER appointment_no_overlap_update
  BEFORE UPDATE OF patient_id, practitioner_id, room_id, starts_at, ends_at, status
  ON appointment WHEN new.status NOT IN ('cancelled', 'no_show') BEGIN
  SELECT RAISE (ABORT, 'double booking') WHERE
 EXISTS (SELECT 1 FROM appointment a WHERE a.practitioner_id = new.practitioner_id AND a.id <>
 new.id
   AND a.starts_at > new.starts_at - 28800 AND a.starts_at < new.ends_at
   AND a.ends_at > new.starts_at AND a.status NOT IN ('cancelled',
 'no_show')) OR  EXISTS (SELECT 1 FROM appointment a WHERE a.room_id = new.room_id AND a.id <>
 new.id
   AND a.starts_at > new.starts_at - 28800 AND a.starts_at < new.ends_at
   AND a.ends_at > new.starts_at AND a.status NOT IN ('cancelled',
 'no_show')) OR  EXISTS (SELECT 1 FROM appointment a WHERE a.patient_id = new.patient_id AND a.id <>
 new.id
   AND a.starts_at > new.starts_at - 28800 AND a.starts_at < new.ends_at
   AND a.ends_at > new.starts_at AND a.status NOT IN ('cancelled', 'no_show'));
END;
