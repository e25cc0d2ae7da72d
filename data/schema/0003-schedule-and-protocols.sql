-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 3, run once in its own transaction (see meso-schema.c). The lines are
-- joined with no newline between them: a space that SQL needs begins the next line. A
-- line starting with -- is a comment. Never edit a released version: add a new file.

-- Working hours: at most one span per ISO weekday (1 = Monday), in
-- minutes after local midnight. A weekday without a row is closed.
CREATE TABLE opening_hours (
  weekday INTEGER PRIMARY KEY CHECK (weekday BETWEEN 1 AND 7),
  opens   INTEGER NOT NULL CHECK (opens BETWEEN 0 AND 1439),
  closes  INTEGER NOT NULL CHECK (closes > opens AND closes <= 1440)
) STRICT;
CREATE TABLE practitioner_hours (
  practitioner_id INTEGER NOT NULL REFERENCES practitioner (id),
  weekday         INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  opens           INTEGER NOT NULL CHECK (opens BETWEEN 0 AND 1439),
  closes          INTEGER NOT NULL CHECK (closes > opens AND closes <= 1440),
  PRIMARY KEY (practitioner_id, weekday)
) STRICT, WITHOUT ROWID;
CREATE TABLE practitioner_day_off (
  id              INTEGER PRIMARY KEY,
  practitioner_id INTEGER NOT NULL REFERENCES practitioner (id),
  first_day       TEXT NOT NULL CHECK (date (first_day) IS first_day),
  last_day        TEXT NOT NULL CHECK (date (last_day) IS last_day AND last_day >= first_day),
  reason          TEXT NOT NULL DEFAULT '' CHECK (length (reason) <= 100)
) STRICT;
CREATE TABLE holiday (
  day  TEXT PRIMARY KEY CHECK (date (day) IS day),
  name TEXT NOT NULL DEFAULT '' CHECK (length (name) <= 100)
) STRICT;

-- Protocol templates: phases of N sessions every K days, then
-- maintenance every M days. The built-in plans are rows like the
-- clinic's own, so that a clinic can adjust them.
CREATE TABLE protocol (
  id               INTEGER PRIMARY KEY,
  name             TEXT NOT NULL UNIQUE CHECK (length (name) BETWEEN 1 AND 100),
  maintenance_days INTEGER NOT NULL DEFAULT 0 CHECK (maintenance_days BETWEEN 0 AND 730),
  active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;
CREATE TABLE protocol_phase (
  protocol_id INTEGER NOT NULL REFERENCES protocol (id),
  position    INTEGER NOT NULL,
  sessions    INTEGER NOT NULL CHECK (sessions BETWEEN 1 AND 60),
  every_days  INTEGER NOT NULL CHECK (every_days BETWEEN 1 AND 365),
  PRIMARY KEY (protocol_id, position)
) STRICT, WITHOUT ROWID;
INSERT INTO protocol (id, name, maintenance_days) VALUES
  (1, 'Plan A', 182), (2, 'Plan B', 30), (3, 'Plan C', 30);
INSERT INTO protocol_phase (protocol_id, position, sessions, every_days) VALUES
  (1, 1, 4, 7), (1, 2, 4, 30),
  (2, 1, 4, 7), (2, 2, 2, 15), (2, 3, 2, 15),
  (3, 1, 11, 7);
INSERT INTO opening_hours (weekday, opens, closes) VALUES
  (1, 540, 1140), (2, 540, 1140), (3, 540, 1140), (4, 540, 1140), (5, 540, 1140),
  (6, 600, 840);
-- Names the clinic in iCalendar UIDs, so that they stay unique across clinics.
INSERT INTO setting (key, value) VALUES ('calendar.ical-domain',
  lower (hex (randomblob (8))) || '.mesodesk');

-- A course remembers the patient's preferred weekday and time, so that
-- a rebooking after a missed session keeps them.
CREATE TABLE course (
  id               INTEGER PRIMARY KEY,
  patient_id       INTEGER NOT NULL REFERENCES patient (id),
  protocol_name    TEXT NOT NULL,
  practitioner_id  INTEGER NOT NULL REFERENCES practitioner (id),
  room_id          INTEGER NOT NULL REFERENCES room (id),
  weekday          INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 7),
  minute_of_day    INTEGER NOT NULL CHECK (minute_of_day BETWEEN 0 AND 1439),
  sessions         INTEGER NOT NULL CHECK (sessions BETWEEN 1 AND 200),
  maintenance_days INTEGER NOT NULL DEFAULT 0,
  created_at       TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%SZ'))
) STRICT;
CREATE INDEX course_by_patient ON course (patient_id);

-- Instants are Unix seconds (UTC); the clinic's zone is a setting. An
-- appointment lasts at most 8 hours, which bounds the overlap scans.
-- The table is stored in start order (WITHOUT ROWID, keyed by start),
-- so that a week or a month of the calendar is one contiguous read;
-- ids are given by the store, and unique.
CREATE TABLE appointment (
  id              INTEGER NOT NULL UNIQUE,
  patient_id      INTEGER NOT NULL REFERENCES patient (id),
  patient_name    TEXT NOT NULL DEFAULT '',
  practitioner_id INTEGER NOT NULL REFERENCES practitioner (id),
  room_id         INTEGER NOT NULL REFERENCES room (id),
  starts_at       INTEGER NOT NULL,
  ends_at         INTEGER NOT NULL CHECK (ends_at > starts_at AND ends_at - starts_at <= 28800),
  kind            TEXT NOT NULL CHECK (kind IN ('consultation', 'first_session', 'session',
                                               'maintenance', 'follow_up')),
  status          TEXT NOT NULL DEFAULT 'booked'
                  CHECK (status IN ('booked', 'confirmed', 'arrived', 'in_treatment',
                                    'done', 'cancelled', 'no_show')),
  notes           TEXT NOT NULL DEFAULT '' CHECK (length (notes) <= 2000),
  course_id       INTEGER REFERENCES course (id),
  course_position INTEGER NOT NULL DEFAULT 0,
  interval_days   INTEGER NOT NULL DEFAULT 0,
  revision        INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (starts_at, id)
) STRICT, WITHOUT ROWID;
CREATE INDEX appointment_by_practitioner ON appointment (practitioner_id, starts_at);
CREATE INDEX appointment_by_room ON appointment (room_id, starts_at);
CREATE INDEX appointment_by_patient ON appointment (patient_id, starts_at);
CREATE INDEX appointment_by_course ON appointment (course_id, course_position)
  WHERE course_id IS NOT NULL;

-- The last line of defence against double bookings: whatever wrote the
-- row, an active appointment may not overlap another one of the same
-- practitioner or room. The store checks first, to name the clash.
CREATE TRIGGER appointment_no_overlap_insert BEFORE INSERT ON appointment
  WHEN new.status NOT IN ('cancelled', 'no_show') BEGIN
  SELECT RAISE (ABORT, 'double booking') WHERE EXISTS (
    SELECT 1 FROM appointment a WHERE a.practitioner_id = new.practitioner_id
      AND a.starts_at > new.starts_at - 28800 AND a.starts_at < new.ends_at
      AND a.ends_at > new.starts_at AND a.status NOT IN ('cancelled', 'no_show'))
    OR EXISTS (
    SELECT 1 FROM appointment a WHERE a.room_id = new.room_id
      AND a.starts_at > new.starts_at - 28800 AND a.starts_at < new.ends_at
      AND a.ends_at > new.starts_at AND a.status NOT IN ('cancelled', 'no_show'));
END;
CREATE TRIGGER appointment_no_overlap_update
  BEFORE UPDATE OF practitioner_id, room_id, starts_at, ends_at, status ON appointment
  WHEN new.status NOT IN ('cancelled', 'no_show') BEGIN
  SELECT RAISE (ABORT, 'double booking') WHERE EXISTS (
    SELECT 1 FROM appointment a WHERE a.practitioner_id = new.practitioner_id
      AND a.id <> new.id
      AND a.starts_at > new.starts_at - 28800 AND a.starts_at < new.ends_at
      AND a.ends_at > new.starts_at AND a.status NOT IN ('cancelled', 'no_show'))
    OR EXISTS (
    SELECT 1 FROM appointment a WHERE a.room_id = new.room_id AND a.id <> new.id
      AND a.starts_at > new.starts_at - 28800 AND a.starts_at < new.ends_at
      AND a.ends_at > new.starts_at AND a.status NOT IN ('cancelled', 'no_show'));
END;
-- The patient's name is copied into each appointment so that a week of
-- the calendar reads only appointment rows, which lie together on disk;
-- these triggers keep the copy in step with the patient's record.
CREATE TRIGGER appointment_patient_name AFTER INSERT ON appointment
  WHEN new.patient_name = '' BEGIN
  UPDATE appointment SET patient_name = (SELECT trim (given_name || ' ' || family_name)
                                         FROM patient WHERE id = new.patient_id)
   WHERE id = new.id;
END;
CREATE TRIGGER patient_name_in_appointments AFTER UPDATE OF family_name, given_name
  ON patient BEGIN
  UPDATE appointment SET patient_name = trim (new.given_name || ' ' || new.family_name)
   WHERE patient_id = new.id;
END;
-- Appointments are cancelled, never deleted: the day's history stays.
CREATE TRIGGER appointment_no_delete BEFORE DELETE ON appointment BEGIN
  SELECT RAISE (ABORT, 'appointments are cancelled, not deleted');
END;

CREATE TRIGGER appointment_audit_insert AFTER INSERT ON appointment BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, new_values)
  VALUES (meso_actor (), 'appointment', new.id, new.patient_id, 'insert',
json_object ('practitioner_id', new.practitioner_id, 'room_id', new.room_id,
 'starts_at', datetime (new.starts_at, 'unixepoch') || 'Z',
 'minutes', (new.ends_at - new.starts_at) / 60, 'kind', new.kind,
 'status', new.status, 'notes', new.notes));
END;
CREATE TRIGGER appointment_audit_update AFTER UPDATE ON appointment
  WHEN old.practitioner_id IS NOT new.practitioner_id OR old.room_id IS NOT new.room_id
 OR old.starts_at IS NOT new.starts_at OR old.ends_at IS NOT new.ends_at
 OR old.kind IS NOT new.kind OR old.status IS NOT new.status OR old.notes IS NOT new.notes BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, old_values,
                     new_values)
  VALUES (meso_actor (), 'appointment', new.id, new.patient_id, 'update',
json_object ('practitioner_id', old.practitioner_id, 'room_id', old.room_id,
 'starts_at', datetime (old.starts_at, 'unixepoch') || 'Z',
 'minutes', (old.ends_at - old.starts_at) / 60, 'kind', old.kind,
 'status', old.status, 'notes', old.notes),json_object ('practitioner_id', new.practitioner_id,
 'room_id', new.room_id,
 'starts_at', datetime (new.starts_at, 'unixepoch') || 'Z',
 'minutes', (new.ends_at - new.starts_at) / 60, 'kind', new.kind,
 'status', new.status, 'notes', new.notes));
END;
CREATE TRIGGER course_audit_insert AFTER INSERT ON course BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, new_values)
  VALUES (meso_actor (), 'course', new.id, new.patient_id, 'insert',
          json_object ('protocol', new.protocol_name, 'sessions', new.sessions));
END;

-- Patients who want an earlier slot. weekdays is a bit mask (bit 0 =
-- Monday); earliest and latest bound the appointment, in local minutes.
CREATE TABLE waitlist (
  id              INTEGER PRIMARY KEY,
  patient_id      INTEGER NOT NULL REFERENCES patient (id),
  practitioner_id INTEGER REFERENCES practitioner (id),
  minutes         INTEGER NOT NULL CHECK (minutes BETWEEN 5 AND 480),
  weekdays        INTEGER NOT NULL DEFAULT 127 CHECK (weekdays BETWEEN 1 AND 127),
  earliest        INTEGER NOT NULL DEFAULT 0 CHECK (earliest BETWEEN 0 AND 1439),
  latest          INTEGER NOT NULL DEFAULT 1440 CHECK (latest > earliest AND latest <= 1440),
  notes           TEXT NOT NULL DEFAULT '' CHECK (length (notes) <= 500),
  created_at      TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%SZ')),
  resolved        INTEGER NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1))
) STRICT;
CREATE INDEX waitlist_open ON waitlist (resolved, id);
CREATE TRIGGER waitlist_audit_insert AFTER INSERT ON waitlist BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, new_values)
  VALUES (meso_actor (), 'waitlist', new.id, new.patient_id, 'insert',
          json_object ('minutes', new.minutes, 'notes', new.notes));
END;
CREATE TRIGGER waitlist_audit_update AFTER UPDATE OF resolved ON waitlist BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, old_values,
                     new_values)
  VALUES (meso_actor (), 'waitlist', new.id, new.patient_id, 'update',
          json_object ('resolved', old.resolved), json_object ('resolved', new.resolved));
END;
