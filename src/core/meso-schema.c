/* meso-schema.c: the database schema, one migration per version. */
#define G_LOG_DOMAIN "meso-schema"

#include "meso-schema.h"

/* The patient columns the audit trail records (derived search columns and
 * timestamps are left out), as a JSON object of the row @r (new or old). */
#define PATIENT_JSON(r) \
  "json_object ('family_name', " #r ".family_name, 'given_name', " #r ".given_name," \
  " 'birth_date', " #r ".birth_date, 'sex', " #r ".sex, 'phone', " #r ".phone," \
  " 'email', " #r ".email, 'address', " #r ".address, 'language', " #r ".language," \
  " 'notes', " #r ".notes, 'archived', " #r ".archived)"

#define PATIENT_CHANGED \
  "old.family_name IS NOT new.family_name OR old.given_name IS NOT new.given_name" \
  " OR old.birth_date IS NOT new.birth_date OR old.sex IS NOT new.sex" \
  " OR old.phone IS NOT new.phone OR old.email IS NOT new.email" \
  " OR old.address IS NOT new.address OR old.language IS NOT new.language" \
  " OR old.notes IS NOT new.notes OR old.archived IS NOT new.archived"

/* The appointment columns the audit trail records. */
#define APPOINTMENT_JSON(r) \
  "json_object ('practitioner_id', " #r ".practitioner_id, 'room_id', " #r ".room_id," \
  " 'starts_at', datetime (" #r ".starts_at, 'unixepoch') || 'Z'," \
  " 'minutes', (" #r ".ends_at - " #r ".starts_at) / 60, 'kind', " #r ".kind," \
  " 'status', " #r ".status, 'notes', " #r ".notes)"

#define APPOINTMENT_CHANGED \
  "old.practitioner_id IS NOT new.practitioner_id OR old.room_id IS NOT new.room_id" \
  " OR old.starts_at IS NOT new.starts_at OR old.ends_at IS NOT new.ends_at" \
  " OR old.kind IS NOT new.kind OR old.status IS NOT new.status OR old.notes IS NOT new.notes"

/* What the audit trail records of a scalp map: the grades and the scores. */
#define SCALP_JSON(r) \
  "json_object ('grades', json_extract (" #r ".document, '$.grades'), 'salt', round (" #r ".salt, 1)," \
  " 'points', " #r ".points, 'volume_ml', round (" #r ".volume_ml, 2)," \
  " 'stage', json_extract (" #r ".document, '$.stage'))"

/* An active appointment of the same @column's value overlapping new's;
 * appointments last at most 8 hours, which bounds the scan. */
#define OVERLAP_EXISTS(column, other) \
  " EXISTS (SELECT 1 FROM appointment a WHERE a." column " = new." column other \
  "   AND a.starts_at > new.starts_at - 28800 AND a.starts_at < new.ends_at" \
  "   AND a.ends_at > new.starts_at AND a.status NOT IN ('cancelled', 'no_show'))"

/* The audit row's columns, in the order meso_audit_link() hashes them. */
#define AUDIT_COLUMNS(r) \
  #r ".id, " #r ".at, " #r ".staff_id, " #r ".table_name, " #r ".row_id, " #r ".patient_id, " \
  #r ".action, " #r ".old_values, " #r ".new_values"

/* An insert, update and delete trigger writing @table's rows, keyed by
 * @new_id / @old_id, as the JSON @new_json / @old_json, to the audit trail. */
#define AUDIT_TRIGGERS(table, new_id, old_id, new_json, old_json) \
  "CREATE TRIGGER " table "_audit_insert AFTER INSERT ON " table " BEGIN" \
  "  INSERT INTO audit (staff_id, table_name, row_id, action, new_values)" \
  "  VALUES (meso_actor (), '" table "', " new_id ", 'insert', " new_json ");" \
  "END;" \
  "CREATE TRIGGER " table "_audit_update AFTER UPDATE ON " table \
  "  WHEN (" old_json ") IS NOT (" new_json ") BEGIN" \
  "  INSERT INTO audit (staff_id, table_name, row_id, action, old_values, new_values)" \
  "  VALUES (meso_actor (), '" table "', " new_id ", 'update', " old_json ", " new_json ");" \
  "END;" \
  "CREATE TRIGGER " table "_audit_delete AFTER DELETE ON " table " BEGIN" \
  "  INSERT INTO audit (staff_id, table_name, row_id, action, old_values)" \
  "  VALUES (meso_actor (), '" table "', " old_id ", 'delete', " old_json ");" \
  "END;"

#define PRACTITIONER_KEY(r) "'practitioner_id', " #r ".practitioner_id, "
#define HOURS_JSON(r, key) \
  "json_object (" key "'weekday', " #r ".weekday, 'opens', " #r ".opens, 'closes', " #r ".closes)"
#define DAY_OFF_JSON(r) \
  "json_object ('practitioner_id', " #r ".practitioner_id, 'first_day', " #r ".first_day," \
  " 'last_day', " #r ".last_day, 'reason', " #r ".reason)"
#define PROTOCOL_JSON(r) \
  "json_object ('name', " #r ".name, 'maintenance_days', " #r ".maintenance_days," \
  " 'active', " #r ".active)"
#define PHASE_JSON(r) \
  "json_object ('protocol_id', " #r ".protocol_id, 'position', " #r ".position," \
  " 'sessions', " #r ".sessions, 'every_days', " #r ".every_days)"

/* Each entry runs in its own transaction that also sets PRAGMA user_version.
 * Never edit a released migration: add a new one. */
const MesoDbMigration meso_schema_migrations[] = {
  { 1,
    "CREATE TABLE setting ("
    "  key   TEXT PRIMARY KEY,"
    "  value ANY"
    ") STRICT;"

    "CREATE TABLE practitioner ("
    "  id           INTEGER PRIMARY KEY,"
    "  display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),"
    "  colour       TEXT NOT NULL DEFAULT '#3584e4',"
    "  active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))"
    ") STRICT;"

    "CREATE TABLE room ("
    "  id     INTEGER PRIMARY KEY,"
    "  name   TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),"
    "  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))"
    ") STRICT;"

    /* sort_key and search_text are derived in C (accent and case folding) so
     * that ordering and search agree with what the user typed. */
    "CREATE TABLE patient ("
    "  id          INTEGER PRIMARY KEY,"
    "  family_name TEXT NOT NULL CHECK (length(family_name) BETWEEN 1 AND 100),"
    "  given_name  TEXT NOT NULL DEFAULT '' CHECK (length(given_name) <= 100),"
    "  birth_date  TEXT CHECK (birth_date IS NULL OR date(birth_date) IS birth_date),"
    "  sex         TEXT NOT NULL DEFAULT 'unknown'"
    "              CHECK (sex IN ('unknown', 'female', 'male', 'other')),"
    "  phone       TEXT NOT NULL DEFAULT '' CHECK (length(phone) <= 32),"
    "  email       TEXT NOT NULL DEFAULT '' CHECK (length(email) <= 254),"
    "  address     TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 500),"
    "  language    TEXT NOT NULL DEFAULT '' CHECK (length(language) <= 8),"
    "  notes       TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 10000),"
    "  archived    INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),"
    "  sort_key    TEXT NOT NULL,"
    "  search_text TEXT NOT NULL,"
    "  initials    INTEGER NOT NULL DEFAULT 0,"
    "  created_at  TEXT NOT NULL,"
    "  updated_at  TEXT NOT NULL"
    ") STRICT;"
    /* Covers the name-ordered list and one-letter search (see initials). */
    "CREATE INDEX patient_by_name ON patient (sort_key, archived, initials);"

    "CREATE VIRTUAL TABLE patient_fts USING fts5 ("
    "  search_text, content='patient', content_rowid='id',"
    "  tokenize='unicode61 remove_diacritics 2', prefix='2 3',"
    "  detail=none, columnsize=0);"
    "CREATE TRIGGER patient_fts_insert AFTER INSERT ON patient BEGIN"
    "  INSERT INTO patient_fts (rowid, search_text) VALUES (new.id, new.search_text);"
    "END;"
    "CREATE TRIGGER patient_fts_update AFTER UPDATE OF search_text ON patient BEGIN"
    "  INSERT INTO patient_fts (patient_fts, rowid, search_text)"
    "    VALUES ('delete', old.id, old.search_text);"
    "  INSERT INTO patient_fts (rowid, search_text) VALUES (new.id, new.search_text);"
    "END;"
    /* Patients are archived, never deleted: their clinical records stay. */
    "CREATE TRIGGER patient_no_delete BEFORE DELETE ON patient BEGIN"
    "  SELECT RAISE (ABORT, 'patients are archived, not deleted');"
    "END;"

    "CREATE TABLE screening_answer ("
    "  patient_id INTEGER NOT NULL REFERENCES patient (id),"
    "  condition  TEXT NOT NULL,"
    "  answer     TEXT NOT NULL CHECK (answer IN ('unknown', 'no', 'yes')),"
    "  asked_on   TEXT CHECK (asked_on IS NULL OR date(asked_on) IS asked_on),"
    "  PRIMARY KEY (patient_id, condition)"
    ") STRICT, WITHOUT ROWID;"

    "CREATE TABLE allergy ("
    "  id         INTEGER PRIMARY KEY,"
    "  patient_id INTEGER NOT NULL REFERENCES patient (id),"
    "  substance  TEXT NOT NULL CHECK (length(substance) BETWEEN 1 AND 200)"
    ") STRICT;"
    "CREATE INDEX allergy_by_patient ON allergy (patient_id);"

    "CREATE TABLE medication ("
    "  id            INTEGER PRIMARY KEY,"
    "  patient_id    INTEGER NOT NULL REFERENCES patient (id),"
    "  name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),"
    "  blood_thinner INTEGER NOT NULL DEFAULT 0 CHECK (blood_thinner IN (0, 1))"
    ") STRICT;"
    "CREATE INDEX medication_by_patient ON medication (patient_id);"

    "PRAGMA application_id = 1296388943;" },

  { 2,
    /* Staff accounts. The secret is an Argon2id hash string (the CHECK keeps
     * a clear-text PIN out even if a caller forgets to hash it). */
    "CREATE TABLE staff ("
    "  id           INTEGER PRIMARY KEY,"
    "  display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),"
    "  role         TEXT NOT NULL"
    "               CHECK (role IN ('receptionist', 'physician', 'administrator')),"
    "  secret_hash  TEXT NOT NULL CHECK (secret_hash LIKE '$argon2id$%'),"
    "  active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),"
    "  created_at   TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%SZ'))"
    ") STRICT;"

    /* The audit trail: one row for every change to clinical and booking
     * data, written by triggers so that no code path can skip it. Values are
     * JSON objects of the row before and after. */
    "CREATE TABLE audit ("
    "  id         INTEGER PRIMARY KEY,"
    "  at         TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%fZ')),"
    "  staff_id   INTEGER REFERENCES staff (id),"
    "  table_name TEXT NOT NULL,"
    "  row_id     INTEGER NOT NULL,"
    "  patient_id INTEGER,"
    "  action     TEXT NOT NULL"
    "             CHECK (action IN ('insert', 'update', 'delete', 'archive', 'unarchive',"
    "                               'restore')),"
    "  old_values TEXT CHECK (old_values IS NULL OR json_valid (old_values)),"
    "  new_values TEXT CHECK (new_values IS NULL OR json_valid (new_values))"
    ") STRICT;"
    "CREATE INDEX audit_by_patient ON audit (patient_id, id) WHERE patient_id IS NOT NULL;"
    "CREATE INDEX audit_by_staff ON audit (staff_id, id);"
    "CREATE INDEX audit_by_row ON audit (table_name, row_id, id);"
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN"
    "  SELECT RAISE (ABORT, 'the audit trail cannot be changed');"
    "END;"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN"
    "  SELECT RAISE (ABORT, 'the audit trail cannot be changed');"
    "END;"

    "CREATE TRIGGER patient_audit_insert AFTER INSERT ON patient BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, new_values)"
    "  VALUES (meso_actor (), 'patient', new.id, new.id, 'insert',"
              PATIENT_JSON (new) ");"
    "END;"
    /* Only real edits: a save that changed nothing leaves no trace. */
    "CREATE TRIGGER patient_audit_update AFTER UPDATE ON patient"
    "  WHEN " PATIENT_CHANGED " BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, old_values,"
    "                     new_values)"
    "  VALUES (meso_actor (), 'patient', new.id, new.id,"
    "          CASE WHEN old.archived = new.archived THEN 'update'"
    "               WHEN new.archived THEN 'archive' ELSE 'unarchive' END,"
              PATIENT_JSON (old) ","
              PATIENT_JSON (new) ");"
    "END;"

    "CREATE TRIGGER screening_audit_insert AFTER INSERT ON screening_answer BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, new_values)"
    "  VALUES (meso_actor (), 'screening_answer', new.patient_id, new.patient_id, 'insert',"
    "          json_object ('condition', new.condition, 'answer', new.answer,"
    "                       'asked_on', new.asked_on));"
    "END;"
    "CREATE TRIGGER screening_audit_update AFTER UPDATE ON screening_answer"
    "  WHEN old.answer IS NOT new.answer OR old.asked_on IS NOT new.asked_on BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, old_values,"
    "                     new_values)"
    "  VALUES (meso_actor (), 'screening_answer', new.patient_id, new.patient_id, 'update',"
    "          json_object ('condition', old.condition, 'answer', old.answer,"
    "                       'asked_on', old.asked_on),"
    "          json_object ('condition', new.condition, 'answer', new.answer,"
    "                       'asked_on', new.asked_on));"
    "END;"

    "CREATE TRIGGER allergy_audit_insert AFTER INSERT ON allergy BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, new_values)"
    "  VALUES (meso_actor (), 'allergy', new.id, new.patient_id, 'insert',"
    "          json_object ('substance', new.substance));"
    "END;"
    "CREATE TRIGGER allergy_audit_delete AFTER DELETE ON allergy BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, old_values)"
    "  VALUES (meso_actor (), 'allergy', old.id, old.patient_id, 'delete',"
    "          json_object ('substance', old.substance));"
    "END;"

    "CREATE TRIGGER medication_audit_insert AFTER INSERT ON medication BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, new_values)"
    "  VALUES (meso_actor (), 'medication', new.id, new.patient_id, 'insert',"
    "          json_object ('name', new.name, 'blood_thinner', new.blood_thinner));"
    "END;"
    "CREATE TRIGGER medication_audit_update AFTER UPDATE ON medication BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, old_values,"
    "                     new_values)"
    "  VALUES (meso_actor (), 'medication', new.id, new.patient_id, 'update',"
    "          json_object ('name', old.name, 'blood_thinner', old.blood_thinner),"
    "          json_object ('name', new.name, 'blood_thinner', new.blood_thinner));"
    "END;"
    "CREATE TRIGGER medication_audit_delete AFTER DELETE ON medication BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, old_values)"
    "  VALUES (meso_actor (), 'medication', old.id, old.patient_id, 'delete',"
    "          json_object ('name', old.name, 'blood_thinner', old.blood_thinner));"
    "END;"

    /* Staff changes are audited too, without the hash: only that it changed. */
    "CREATE TRIGGER staff_audit_insert AFTER INSERT ON staff BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, action, new_values)"
    "  VALUES (meso_actor_or_null (), 'staff', new.id, 'insert',"
    "          json_object ('display_name', new.display_name, 'role', new.role,"
    "                       'active', new.active));"
    "END;"
    "CREATE TRIGGER staff_audit_update AFTER UPDATE ON staff BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, action, old_values, new_values)"
    "  VALUES (meso_actor (), 'staff', new.id, 'update',"
    "          json_object ('display_name', old.display_name, 'role', old.role,"
    "                       'active', old.active),"
    "          json_object ('display_name', new.display_name, 'role', new.role,"
    "                       'active', new.active, 'pin',"
    "                       CASE WHEN old.secret_hash IS NOT new.secret_hash"
    "                            THEN 'changed' ELSE 'unchanged' END));"
    "END;"
    /* Accounts are deactivated, never deleted: the audit trail names them. */
    "CREATE TRIGGER staff_no_delete BEFORE DELETE ON staff BEGIN"
    "  SELECT RAISE (ABORT, 'staff accounts are deactivated, not deleted');"
    "END;" },

  { 3,
    /* Working hours: at most one span per ISO weekday (1 = Monday), in
     * minutes after local midnight. A weekday without a row is closed. */
    "CREATE TABLE opening_hours ("
    "  weekday INTEGER PRIMARY KEY CHECK (weekday BETWEEN 1 AND 7),"
    "  opens   INTEGER NOT NULL CHECK (opens BETWEEN 0 AND 1439),"
    "  closes  INTEGER NOT NULL CHECK (closes > opens AND closes <= 1440)"
    ") STRICT;"
    "CREATE TABLE practitioner_hours ("
    "  practitioner_id INTEGER NOT NULL REFERENCES practitioner (id),"
    "  weekday         INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),"
    "  opens           INTEGER NOT NULL CHECK (opens BETWEEN 0 AND 1439),"
    "  closes          INTEGER NOT NULL CHECK (closes > opens AND closes <= 1440),"
    "  PRIMARY KEY (practitioner_id, weekday)"
    ") STRICT, WITHOUT ROWID;"
    "CREATE TABLE practitioner_day_off ("
    "  id              INTEGER PRIMARY KEY,"
    "  practitioner_id INTEGER NOT NULL REFERENCES practitioner (id),"
    "  first_day       TEXT NOT NULL CHECK (date (first_day) IS first_day),"
    "  last_day        TEXT NOT NULL CHECK (date (last_day) IS last_day AND last_day >= first_day),"
    "  reason          TEXT NOT NULL DEFAULT '' CHECK (length (reason) <= 100)"
    ") STRICT;"
    "CREATE TABLE holiday ("
    "  day  TEXT PRIMARY KEY CHECK (date (day) IS day),"
    "  name TEXT NOT NULL DEFAULT '' CHECK (length (name) <= 100)"
    ") STRICT;"

    /* Protocol templates: phases of N sessions every K days, then
     * maintenance every M days. The built-in plans are rows like the
     * clinic's own, so that a clinic can adjust them. */
    "CREATE TABLE protocol ("
    "  id               INTEGER PRIMARY KEY,"
    "  name             TEXT NOT NULL UNIQUE CHECK (length (name) BETWEEN 1 AND 100),"
    "  maintenance_days INTEGER NOT NULL DEFAULT 0 CHECK (maintenance_days BETWEEN 0 AND 730),"
    "  active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))"
    ") STRICT;"
    "CREATE TABLE protocol_phase ("
    "  protocol_id INTEGER NOT NULL REFERENCES protocol (id),"
    "  position    INTEGER NOT NULL,"
    "  sessions    INTEGER NOT NULL CHECK (sessions BETWEEN 1 AND 60),"
    "  every_days  INTEGER NOT NULL CHECK (every_days BETWEEN 1 AND 365),"
    "  PRIMARY KEY (protocol_id, position)"
    ") STRICT, WITHOUT ROWID;"
    "INSERT INTO protocol (id, name, maintenance_days) VALUES"
    "  (1, 'Plan A', 182), (2, 'Plan B', 30), (3, 'Plan C', 30);"
    "INSERT INTO protocol_phase (protocol_id, position, sessions, every_days) VALUES"
    "  (1, 1, 4, 7), (1, 2, 4, 30),"
    "  (2, 1, 4, 7), (2, 2, 2, 15), (2, 3, 2, 15),"
    "  (3, 1, 11, 7);"
    "INSERT INTO opening_hours (weekday, opens, closes) VALUES"
    "  (1, 540, 1140), (2, 540, 1140), (3, 540, 1140), (4, 540, 1140), (5, 540, 1140),"
    "  (6, 600, 840);"
    /* Names the clinic in iCalendar UIDs, so that they stay unique across clinics. */
    "INSERT INTO setting (key, value) VALUES ('calendar.ical-domain',"
    "  lower (hex (randomblob (8))) || '.mesodesk');"

    /* A course remembers the patient's preferred weekday and time, so that
     * a rebooking after a missed session keeps them. */
    "CREATE TABLE course ("
    "  id               INTEGER PRIMARY KEY,"
    "  patient_id       INTEGER NOT NULL REFERENCES patient (id),"
    "  protocol_name    TEXT NOT NULL,"
    "  practitioner_id  INTEGER NOT NULL REFERENCES practitioner (id),"
    "  room_id          INTEGER NOT NULL REFERENCES room (id),"
    "  weekday          INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 7),"
    "  minute_of_day    INTEGER NOT NULL CHECK (minute_of_day BETWEEN 0 AND 1439),"
    "  sessions         INTEGER NOT NULL CHECK (sessions BETWEEN 1 AND 200),"
    "  maintenance_days INTEGER NOT NULL DEFAULT 0,"
    "  created_at       TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%SZ'))"
    ") STRICT;"
    "CREATE INDEX course_by_patient ON course (patient_id);"

    /* Instants are Unix seconds (UTC); the clinic's zone is a setting. An
     * appointment lasts at most 8 hours, which bounds the overlap scans.
     * The table is stored in start order (WITHOUT ROWID, keyed by start),
     * so that a week or a month of the calendar is one contiguous read;
     * ids are given by the store, and unique. */
    "CREATE TABLE appointment ("
    "  id              INTEGER NOT NULL UNIQUE,"
    "  patient_id      INTEGER NOT NULL REFERENCES patient (id),"
    "  patient_name    TEXT NOT NULL DEFAULT '',"
    "  practitioner_id INTEGER NOT NULL REFERENCES practitioner (id),"
    "  room_id         INTEGER NOT NULL REFERENCES room (id),"
    "  starts_at       INTEGER NOT NULL,"
    "  ends_at         INTEGER NOT NULL CHECK (ends_at > starts_at AND ends_at - starts_at <= 28800),"
    "  kind            TEXT NOT NULL CHECK (kind IN ('consultation', 'first_session', 'session',"
    "                                               'maintenance', 'follow_up')),"
    "  status          TEXT NOT NULL DEFAULT 'booked'"
    "                  CHECK (status IN ('booked', 'confirmed', 'arrived', 'in_treatment',"
    "                                    'done', 'cancelled', 'no_show')),"
    "  notes           TEXT NOT NULL DEFAULT '' CHECK (length (notes) <= 2000),"
    "  course_id       INTEGER REFERENCES course (id),"
    "  course_position INTEGER NOT NULL DEFAULT 0,"
    "  interval_days   INTEGER NOT NULL DEFAULT 0,"
    "  revision        INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY (starts_at, id)"
    ") STRICT, WITHOUT ROWID;"
    "CREATE INDEX appointment_by_practitioner ON appointment (practitioner_id, starts_at);"
    "CREATE INDEX appointment_by_room ON appointment (room_id, starts_at);"
    "CREATE INDEX appointment_by_patient ON appointment (patient_id, starts_at);"
    "CREATE INDEX appointment_by_course ON appointment (course_id, course_position)"
    "  WHERE course_id IS NOT NULL;"

    /* The last line of defence against double bookings: whatever wrote the
     * row, an active appointment may not overlap another one of the same
     * practitioner or room. The store checks first, to name the clash. */
    "CREATE TRIGGER appointment_no_overlap_insert BEFORE INSERT ON appointment"
    "  WHEN new.status NOT IN ('cancelled', 'no_show') BEGIN"
    "  SELECT RAISE (ABORT, 'double booking') WHERE EXISTS ("
    "    SELECT 1 FROM appointment a WHERE a.practitioner_id = new.practitioner_id"
    "      AND a.starts_at > new.starts_at - 28800 AND a.starts_at < new.ends_at"
    "      AND a.ends_at > new.starts_at AND a.status NOT IN ('cancelled', 'no_show'))"
    "    OR EXISTS ("
    "    SELECT 1 FROM appointment a WHERE a.room_id = new.room_id"
    "      AND a.starts_at > new.starts_at - 28800 AND a.starts_at < new.ends_at"
    "      AND a.ends_at > new.starts_at AND a.status NOT IN ('cancelled', 'no_show'));"
    "END;"
    "CREATE TRIGGER appointment_no_overlap_update"
    "  BEFORE UPDATE OF practitioner_id, room_id, starts_at, ends_at, status ON appointment"
    "  WHEN new.status NOT IN ('cancelled', 'no_show') BEGIN"
    "  SELECT RAISE (ABORT, 'double booking') WHERE EXISTS ("
    "    SELECT 1 FROM appointment a WHERE a.practitioner_id = new.practitioner_id"
    "      AND a.id <> new.id"
    "      AND a.starts_at > new.starts_at - 28800 AND a.starts_at < new.ends_at"
    "      AND a.ends_at > new.starts_at AND a.status NOT IN ('cancelled', 'no_show'))"
    "    OR EXISTS ("
    "    SELECT 1 FROM appointment a WHERE a.room_id = new.room_id AND a.id <> new.id"
    "      AND a.starts_at > new.starts_at - 28800 AND a.starts_at < new.ends_at"
    "      AND a.ends_at > new.starts_at AND a.status NOT IN ('cancelled', 'no_show'));"
    "END;"
    /* The patient's name is copied into each appointment so that a week of
     * the calendar reads only appointment rows, which lie together on disk;
     * these triggers keep the copy in step with the patient's record. */
    "CREATE TRIGGER appointment_patient_name AFTER INSERT ON appointment"
    "  WHEN new.patient_name = '' BEGIN"
    "  UPDATE appointment SET patient_name = (SELECT trim (given_name || ' ' || family_name)"
    "                                         FROM patient WHERE id = new.patient_id)"
    "   WHERE id = new.id;"
    "END;"
    "CREATE TRIGGER patient_name_in_appointments AFTER UPDATE OF family_name, given_name"
    "  ON patient BEGIN"
    "  UPDATE appointment SET patient_name = trim (new.given_name || ' ' || new.family_name)"
    "   WHERE patient_id = new.id;"
    "END;"
    /* Appointments are cancelled, never deleted: the day's history stays. */
    "CREATE TRIGGER appointment_no_delete BEFORE DELETE ON appointment BEGIN"
    "  SELECT RAISE (ABORT, 'appointments are cancelled, not deleted');"
    "END;"

    "CREATE TRIGGER appointment_audit_insert AFTER INSERT ON appointment BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, new_values)"
    "  VALUES (meso_actor (), 'appointment', new.id, new.patient_id, 'insert',"
              APPOINTMENT_JSON (new) ");"
    "END;"
    "CREATE TRIGGER appointment_audit_update AFTER UPDATE ON appointment"
    "  WHEN " APPOINTMENT_CHANGED " BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, old_values,"
    "                     new_values)"
    "  VALUES (meso_actor (), 'appointment', new.id, new.patient_id, 'update',"
              APPOINTMENT_JSON (old) "," APPOINTMENT_JSON (new) ");"
    "END;"
    "CREATE TRIGGER course_audit_insert AFTER INSERT ON course BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, new_values)"
    "  VALUES (meso_actor (), 'course', new.id, new.patient_id, 'insert',"
    "          json_object ('protocol', new.protocol_name, 'sessions', new.sessions));"
    "END;"

    /* Patients who want an earlier slot. weekdays is a bit mask (bit 0 =
     * Monday); earliest and latest bound the appointment, in local minutes. */
    "CREATE TABLE waitlist ("
    "  id              INTEGER PRIMARY KEY,"
    "  patient_id      INTEGER NOT NULL REFERENCES patient (id),"
    "  practitioner_id INTEGER REFERENCES practitioner (id),"
    "  minutes         INTEGER NOT NULL CHECK (minutes BETWEEN 5 AND 480),"
    "  weekdays        INTEGER NOT NULL DEFAULT 127 CHECK (weekdays BETWEEN 1 AND 127),"
    "  earliest        INTEGER NOT NULL DEFAULT 0 CHECK (earliest BETWEEN 0 AND 1439),"
    "  latest          INTEGER NOT NULL DEFAULT 1440 CHECK (latest > earliest AND latest <= 1440),"
    "  notes           TEXT NOT NULL DEFAULT '' CHECK (length (notes) <= 500),"
    "  created_at      TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%SZ')),"
    "  resolved        INTEGER NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1))"
    ") STRICT;"
    "CREATE INDEX waitlist_open ON waitlist (resolved, id);"
    "CREATE TRIGGER waitlist_audit_insert AFTER INSERT ON waitlist BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, new_values)"
    "  VALUES (meso_actor (), 'waitlist', new.id, new.patient_id, 'insert',"
    "          json_object ('minutes', new.minutes, 'notes', new.notes));"
    "END;"
    "CREATE TRIGGER waitlist_audit_update AFTER UPDATE OF resolved ON waitlist BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, old_values,"
    "                     new_values)"
    "  VALUES (meso_actor (), 'waitlist', new.id, new.patient_id, 'update',"
    "          json_object ('resolved', old.resolved), json_object ('resolved', new.resolved));"
    "END;" },

  { 4,
    /* One scalp map per session (appointment), as a JSON document: grades,
     * painted regions, injection points and readings. The scores beside it
     * let progress charts and the audit trail read them without parsing. */
    "CREATE TABLE scalp_map ("
    "  appointment_id INTEGER PRIMARY KEY REFERENCES appointment (id),"
    "  patient_id     INTEGER NOT NULL REFERENCES patient (id),"
    "  document       TEXT NOT NULL CHECK (json_valid (document)),"
    "  salt           REAL NOT NULL DEFAULT 0,"
    "  points         INTEGER NOT NULL DEFAULT 0,"
    "  volume_ml      REAL NOT NULL DEFAULT 0,"
    "  density        REAL NOT NULL DEFAULT 0,"
    "  updated_at     TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%SZ'))"
    ") STRICT;"
    "CREATE INDEX scalp_map_by_patient ON scalp_map (patient_id);"
    "CREATE TRIGGER scalp_map_audit_insert AFTER INSERT ON scalp_map BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, new_values)"
    "  VALUES (meso_actor (), 'scalp_map', new.appointment_id, new.patient_id, 'insert',"
              SCALP_JSON (new) ");"
    "END;"
    "CREATE TRIGGER scalp_map_audit_update AFTER UPDATE ON scalp_map"
    "  WHEN old.document IS NOT new.document BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, old_values,"
    "                     new_values)"
    "  VALUES (meso_actor (), 'scalp_map', new.appointment_id, new.patient_id, 'update',"
              SCALP_JSON (old) "," SCALP_JSON (new) ");"
    "END;" },

  { 5,
    /* The ingredient catalogue, seeded from data/ingredients.json into an
     * empty database and then the physicians' to edit. Concentrations are
     * in the ingredient's unit. */
    "CREATE TABLE ingredient ("
    "  id       INTEGER PRIMARY KEY,"
    "  name     TEXT NOT NULL UNIQUE CHECK (length (name) BETWEEN 1 AND 100),"
    "  category TEXT NOT NULL DEFAULT '',"
    "  form     TEXT NOT NULL DEFAULT '',"
    "  unit     TEXT NOT NULL CHECK (unit IN ('mg/ml', '%', 'IU/ml', 'µg/ml')),"
    "  usual    REAL NOT NULL DEFAULT 0 CHECK (usual >= 0),"
    "  maximum  REAL NOT NULL DEFAULT 0 CHECK (maximum >= 0),"
    "  notes    TEXT NOT NULL DEFAULT '',"
    "  active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))"
    ") STRICT;"
    /* Contraindication rules: a screening condition, 'allergy' (the patient
     * is allergic to this ingredient) or 'blood-thinner'. Absolute rules
     * block; relative ones warn and need a recorded reason. */
    "CREATE TABLE ingredient_rule ("
    "  ingredient_id INTEGER NOT NULL REFERENCES ingredient (id),"
    "  condition     TEXT NOT NULL,"
    "  severity      TEXT NOT NULL CHECK (severity IN ('absolute', 'relative')),"
    "  note          TEXT NOT NULL DEFAULT '',"
    "  PRIMARY KEY (ingredient_id, condition)"
    ") STRICT, WITHOUT ROWID;"
    "CREATE TABLE general_rule ("
    "  condition TEXT PRIMARY KEY,"
    "  severity  TEXT NOT NULL CHECK (severity IN ('absolute', 'relative')),"
    "  note      TEXT NOT NULL DEFAULT ''"
    ") STRICT;"
    "CREATE TABLE incompatibility ("
    "  first_id  INTEGER NOT NULL REFERENCES ingredient (id),"
    "  second_id INTEGER NOT NULL REFERENCES ingredient (id),"
    "  note      TEXT NOT NULL DEFAULT '',"
    "  PRIMARY KEY (first_id, second_id),"
    "  CHECK (first_id < second_id)"
    ") STRICT, WITHOUT ROWID;"
    "CREATE TABLE recipe ("
    "  id   INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE CHECK (length (name) BETWEEN 1 AND 100)"
    ") STRICT;"
    "CREATE TABLE recipe_item ("
    "  recipe_id     INTEGER NOT NULL REFERENCES recipe (id),"
    "  position      INTEGER NOT NULL,"
    "  ingredient_id INTEGER NOT NULL REFERENCES ingredient (id),"
    "  volume_ml     REAL NOT NULL CHECK (volume_ml > 0),"
    "  PRIMARY KEY (recipe_id, position)"
    ") STRICT, WITHOUT ROWID;"

    /* Stock: products of an ingredient, and their lots. */
    "CREATE TABLE product ("
    "  id            INTEGER PRIMARY KEY,"
    "  ingredient_id INTEGER NOT NULL REFERENCES ingredient (id),"
    "  brand         TEXT NOT NULL CHECK (length (brand) BETWEEN 1 AND 100),"
    "  vial_ml       REAL NOT NULL CHECK (vial_ml > 0),"
    "  concentration REAL NOT NULL CHECK (concentration > 0),"
    "  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))"
    ") STRICT;"
    "CREATE TABLE lot ("
    "  id          INTEGER PRIMARY KEY,"
    "  product_id  INTEGER NOT NULL REFERENCES product (id),"
    "  lot_number  TEXT NOT NULL CHECK (length (lot_number) BETWEEN 1 AND 40),"
    "  expires_on  TEXT NOT NULL CHECK (date (expires_on) IS expires_on),"
    "  quantity_ml REAL NOT NULL CHECK (quantity_ml >= 0),"
    "  received_on TEXT NOT NULL DEFAULT (date ('now')),"
    "  UNIQUE (product_id, lot_number)"
    ") STRICT;"

    /* What was administered. A record is written open, gets its items, and
     * is closed in the same transaction; after that nothing in it changes:
     * a correction is a new record that points to the old one. */
    "CREATE TABLE administration ("
    "  id              INTEGER PRIMARY KEY,"
    "  appointment_id  INTEGER REFERENCES appointment (id),"
    "  patient_id      INTEGER NOT NULL REFERENCES patient (id),"
    "  staff_id        INTEGER NOT NULL REFERENCES staff (id),"
    "  administered_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%SZ')),"
    "  total_ml        REAL NOT NULL CHECK (total_ml > 0),"
    "  points          INTEGER NOT NULL DEFAULT 0,"
    "  verdict         TEXT NOT NULL CHECK (verdict IN ('clear', 'warnings')),"
    "  overrides       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid (overrides)),"
    "  label           TEXT NOT NULL DEFAULT '',"
    "  corrects        INTEGER REFERENCES administration (id),"
    "  closed          INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1))"
    ") STRICT;"
    "CREATE INDEX administration_by_patient ON administration (patient_id, id);"
    "CREATE TABLE administration_item ("
    "  administration_id INTEGER NOT NULL REFERENCES administration (id),"
    "  position          INTEGER NOT NULL,"
    "  ingredient_id     INTEGER NOT NULL REFERENCES ingredient (id),"
    "  lot_id            INTEGER REFERENCES lot (id),"
    "  volume_ml         REAL NOT NULL CHECK (volume_ml > 0),"
    "  PRIMARY KEY (administration_id, position)"
    ") STRICT, WITHOUT ROWID;"
    /* Recall: which records used a lot. */
    "CREATE INDEX administration_item_by_lot ON administration_item (lot_id, administration_id);"
    "CREATE TRIGGER administration_closed BEFORE UPDATE ON administration"
    "  WHEN old.closed = 1 BEGIN"
    "  SELECT RAISE (ABORT, 'a closed session record cannot be changed: record a correction');"
    "END;"
    "CREATE TRIGGER administration_no_delete BEFORE DELETE ON administration BEGIN"
    "  SELECT RAISE (ABORT, 'session records are never deleted');"
    "END;"
    "CREATE TRIGGER administration_item_closed_insert BEFORE INSERT ON administration_item"
    "  WHEN (SELECT closed FROM administration WHERE id = new.administration_id) = 1 BEGIN"
    "  SELECT RAISE (ABORT, 'a closed session record cannot be changed: record a correction');"
    "END;"
    "CREATE TRIGGER administration_item_no_update BEFORE UPDATE ON administration_item BEGIN"
    "  SELECT RAISE (ABORT, 'a closed session record cannot be changed: record a correction');"
    "END;"
    "CREATE TRIGGER administration_item_no_delete BEFORE DELETE ON administration_item BEGIN"
    "  SELECT RAISE (ABORT, 'session records are never deleted');"
    "END;"
    "CREATE TRIGGER administration_audit AFTER UPDATE OF closed ON administration"
    "  WHEN new.closed = 1 BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, new_values)"
    "  VALUES (meso_actor (), 'administration', new.id, new.patient_id, 'insert',"
    "          json_object ('total_ml', new.total_ml, 'points', new.points,"
    "                       'verdict', new.verdict, 'overrides', json (new.overrides),"
    "                       'corrects', new.corrects,"
    "                       'items', (SELECT json_group_array (json_object ('ingredient',"
    "                                   i.name, 'lot', l.lot_number, 'volume_ml', a.volume_ml))"
    "                                 FROM administration_item a"
    "                                 JOIN ingredient i ON i.id = a.ingredient_id"
    "                                 LEFT JOIN lot l ON l.id = a.lot_id"
    "                                 WHERE a.administration_id = new.id)));"
    "END;"
    "CREATE TRIGGER lot_audit_update AFTER UPDATE OF quantity_ml ON lot BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, action, old_values, new_values)"
    "  VALUES (meso_actor (), 'lot', new.id, 'update',"
    "          json_object ('quantity_ml', old.quantity_ml),"
    "          json_object ('quantity_ml', new.quantity_ml));"
    "END;" },
  { 6,
    /* A session has one record; changing it is a chain of corrections,
     * each correcting the one before, never two of the same record. */
    "CREATE INDEX administration_by_appointment ON administration (appointment_id);"
    /* A record never changes, so its items can repeat its patient and
     * time: a recall then reads the lot's index and the patients, not a
     * million records. */
    "DROP TRIGGER administration_item_no_update;"
    "ALTER TABLE administration_item ADD COLUMN patient_id INTEGER REFERENCES patient (id);"
    "ALTER TABLE administration_item ADD COLUMN administered_at TEXT;"
    "UPDATE administration_item SET"
    "  patient_id = (SELECT patient_id FROM administration a WHERE a.id = administration_id),"
    "  administered_at = (SELECT administered_at FROM administration a"
    "                     WHERE a.id = administration_id);"
    "CREATE TRIGGER administration_item_no_update BEFORE UPDATE ON administration_item BEGIN"
    "  SELECT RAISE (ABORT, 'a closed session record cannot be changed: record a correction');"
    "END;"
    "DROP INDEX administration_item_by_lot;"
    "CREATE INDEX administration_item_by_lot ON administration_item"
    "  (lot_id, administration_id, volume_ml, patient_id, administered_at);"
    "CREATE UNIQUE INDEX administration_once_per_session ON administration (appointment_id)"
    "  WHERE corrects IS NULL;"
    "CREATE UNIQUE INDEX administration_corrected_once ON administration (corrects)"
    "  WHERE corrects IS NOT NULL;"
    /* The physician's changes to the contraindication rules are audited;
     * the seed from the data file, loaded before anyone signs in, is not. */
    "CREATE TRIGGER ingredient_rule_audit_insert AFTER INSERT ON ingredient_rule"
    "  WHEN meso_actor_or_null () IS NOT NULL BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, action, new_values)"
    "  VALUES (meso_actor (), 'ingredient_rule', new.ingredient_id, 'insert',"
    "          json_object ('condition', new.condition, 'severity', new.severity,"
    "                       'note', new.note));"
    "END;"
    "CREATE TRIGGER ingredient_rule_audit_update AFTER UPDATE ON ingredient_rule BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, action, old_values, new_values)"
    "  VALUES (meso_actor (), 'ingredient_rule', new.ingredient_id, 'update',"
    "          json_object ('condition', old.condition, 'severity', old.severity,"
    "                       'note', old.note),"
    "          json_object ('condition', new.condition, 'severity', new.severity,"
    "                       'note', new.note));"
    "END;"
    "CREATE TRIGGER ingredient_audit_insert AFTER INSERT ON ingredient"
    "  WHEN meso_actor_or_null () IS NOT NULL BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, action, new_values)"
    "  VALUES (meso_actor (), 'ingredient', new.id, 'insert',"
    "          json_object ('name', new.name, 'unit', new.unit, 'usual', new.usual,"
    "                       'maximum', new.maximum, 'notes', new.notes));"
    "END;"
    "CREATE TRIGGER ingredient_audit_update AFTER UPDATE ON ingredient BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, action, old_values, new_values)"
    "  VALUES (meso_actor (), 'ingredient', new.id, 'update',"
    "          json_object ('name', old.name, 'unit', old.unit, 'usual', old.usual,"
    "                       'maximum', old.maximum, 'notes', old.notes),"
    "          json_object ('name', new.name, 'unit', new.unit, 'usual', new.usual,"
    "                       'maximum', new.maximum, 'notes', new.notes));"
    "END;"
    "CREATE TRIGGER incompatibility_audit_insert AFTER INSERT ON incompatibility"
    "  WHEN meso_actor_or_null () IS NOT NULL BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, action, new_values)"
    "  VALUES (meso_actor (), 'incompatibility', new.first_id, 'insert',"
    "          json_object ('second_id', new.second_id, 'note', new.note));"
    "END;"
    "CREATE TRIGGER incompatibility_audit_delete AFTER DELETE ON incompatibility BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, action, old_values)"
    "  VALUES (meso_actor (), 'incompatibility', old.first_id, 'delete',"
    "          json_object ('second_id', old.second_id, 'note', old.note));"
    "END;"
    "CREATE TRIGGER ingredient_rule_audit_delete AFTER DELETE ON ingredient_rule BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, action, old_values)"
    "  VALUES (meso_actor (), 'ingredient_rule', old.ingredient_id, 'delete',"
    "          json_object ('condition', old.condition, 'severity', old.severity,"
    "                       'note', old.note));"
    "END;" },
  { 7,
    /* Reminders. A rule row exists only for a kind the clinic changed;
     * the others use the built-in rule, in the user's language. */
    "CREATE TABLE reminder_rule ("
    "  kind           TEXT PRIMARY KEY,"
    "  enabled        INTEGER NOT NULL CHECK (enabled IN (0, 1)),"
    "  offset_minutes INTEGER NOT NULL,"
    "  at_minute      INTEGER NOT NULL CHECK (at_minute BETWEEN -1 AND 1439),"
    "  summary        TEXT NOT NULL CHECK (length (summary) <= 200),"
    "  body           TEXT NOT NULL CHECK (length (body) <= 1000)"
    ") STRICT;"
    /* One reminder per kind and source, so that a dismissed one is never
     * made again. wake_at is when it is next to be shown: its due time, or
     * the end of a snooze; NULL once shown, done or dismissed. */
    /* AUTOINCREMENT: an id is never reused, so that a reminder newer than
     * the last one handed out is always one with a higher id. */
    "CREATE TABLE reminder ("
    "  id             INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  kind           TEXT NOT NULL,"
    "  source         TEXT NOT NULL,"
    "  patient_id     INTEGER REFERENCES patient (id),"
    "  appointment_id INTEGER,"
    "  due_at         INTEGER NOT NULL,"
    "  wake_at        INTEGER,"
    "  snoozed_until  INTEGER,"
    "  state          TEXT NOT NULL DEFAULT 'pending'"
    "                 CHECK (state IN ('pending', 'shown', 'done', 'snoozed', 'dismissed')),"
    "  summary        TEXT NOT NULL,"
    "  body           TEXT NOT NULL,"
    "  handled_by     INTEGER REFERENCES staff (id),"
    "  handled_at     INTEGER,"
    "  UNIQUE (kind, source)"
    ") STRICT;"
    "CREATE INDEX reminder_to_wake ON reminder (wake_at) WHERE wake_at IS NOT NULL;"
    /* Today's list and its badge read the open ones only, from the index. */
    "CREATE INDEX reminder_open ON reminder (due_at, wake_at, state)"
    "  WHERE state IN ('pending', 'shown', 'snoozed');"
    /* Maintenance reminders look for each interval in use. */
    "CREATE INDEX course_by_maintenance ON course (maintenance_days);" },
  { 8,
    /* Handout texts the clinic rewrote, per language; the others are the
     * shipped ones. Changes are audited: a patient's sheet says what the
     * clinic told them. */
    "CREATE TABLE handout_text ("
    "  language   TEXT NOT NULL CHECK (length (language) BETWEEN 2 AND 8),"
    "  section    TEXT NOT NULL,"
    "  key        TEXT NOT NULL,"
    "  text       TEXT NOT NULL CHECK (length (text) <= 20000),"
    "  updated_by INTEGER REFERENCES staff (id),"
    "  updated_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%SZ')),"
    "  PRIMARY KEY (language, section, key)"
    ") STRICT, WITHOUT ROWID;"
    "CREATE TRIGGER handout_text_audit_insert AFTER INSERT ON handout_text BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, action, new_values)"
    "  VALUES (meso_actor (), 'handout_text', 0, 'insert',"
    "          json_object ('language', new.language, 'section', new.section, 'key', new.key,"
    "                       'text', new.text));"
    "END;"
    "CREATE TRIGGER handout_text_audit_update AFTER UPDATE OF text ON handout_text BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, action, old_values, new_values)"
    "  VALUES (meso_actor (), 'handout_text', 0, 'update',"
    "          json_object ('language', old.language, 'section', old.section, 'key', old.key,"
    "                       'text', old.text),"
    "          json_object ('language', new.language, 'section', new.section, 'key', new.key,"
    "                       'text', new.text));"
    "END;"
    "CREATE TRIGGER handout_text_audit_delete AFTER DELETE ON handout_text BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, action, old_values)"
    "  VALUES (meso_actor (), 'handout_text', 0, 'delete',"
    "          json_object ('language', old.language, 'section', old.section, 'key', old.key,"
    "                       'text', old.text));"
    "END;" },
  { 9,
    /* A patient is in one place at a time: the overlap triggers check the
     * patient too, as the store already did, so other programs cannot book
     * them twice with another practitioner in another room. */
    "DROP TRIGGER appointment_no_overlap_insert;"
    "DROP TRIGGER appointment_no_overlap_update;"
    "CREATE TRIGGER appointment_no_overlap_insert BEFORE INSERT ON appointment"
    "  WHEN new.status NOT IN ('cancelled', 'no_show') BEGIN"
    "  SELECT RAISE (ABORT, 'double booking') WHERE"
    OVERLAP_EXISTS ("practitioner_id", "") " OR "
    OVERLAP_EXISTS ("room_id", "") " OR "
    OVERLAP_EXISTS ("patient_id", "") ";"
    "END;"
    "CREATE TRIGGER appointment_no_overlap_update"
    "  BEFORE UPDATE OF patient_id, practitioner_id, room_id, starts_at, ends_at, status"
    "  ON appointment WHEN new.status NOT IN ('cancelled', 'no_show') BEGIN"
    "  SELECT RAISE (ABORT, 'double booking') WHERE"
    OVERLAP_EXISTS ("practitioner_id", " AND a.id <> new.id") " OR "
    OVERLAP_EXISTS ("room_id", " AND a.id <> new.id") " OR "
    OVERLAP_EXISTS ("patient_id", " AND a.id <> new.id") ";"
    "END;" },
  { 10,
    /* The audit trail's hash chain: one link per audit row (see
     * meso-audit.c). meso_audit_link() exists only on Mesodesk's
     * connections, so another program cannot add an audit row at all. */
    "CREATE TABLE audit_chain ("
    "  audit_id INTEGER PRIMARY KEY,"
    "  hash     BLOB NOT NULL CHECK (length (hash) = 32)"
    ") STRICT;"
    "CREATE TRIGGER audit_chain_link AFTER INSERT ON audit BEGIN"
    "  INSERT INTO audit_chain (audit_id, hash)"
    "  VALUES (new.id, meso_audit_link ((SELECT hash FROM audit_chain WHERE audit_id < new.id"
    "                                    ORDER BY audit_id DESC LIMIT 1), " AUDIT_COLUMNS (new) "));"
    "END;"
    "CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain BEGIN"
    "  SELECT RAISE (ABORT, 'the audit trail cannot be changed');"
    "END;"
    "CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain BEGIN"
    "  SELECT RAISE (ABORT, 'the audit trail cannot be changed');"
    "END;"
    /* The rows written before this version are linked in id order. */
    "WITH RECURSIVE link (id, hash) AS ("
    "  SELECT a.id, meso_audit_link (NULL, " AUDIT_COLUMNS (a) ") FROM audit a"
    "   WHERE a.id = (SELECT min (id) FROM audit)"
    "  UNION ALL"
    "  SELECT a.id, meso_audit_link (link.hash, " AUDIT_COLUMNS (a) ") FROM link, audit a"
    "   WHERE a.id = (SELECT min (id) FROM audit WHERE id > link.id))"
    "INSERT INTO audit_chain (audit_id, hash) SELECT id, hash FROM link;"

    /* Changes that left no trace: deleting screening answers and scalp
     * maps, the clinic's settings, a lot's details, hours, holidays and
     * protocols. */
    "CREATE TRIGGER screening_audit_delete AFTER DELETE ON screening_answer BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, old_values)"
    "  VALUES (meso_actor (), 'screening_answer', old.patient_id, old.patient_id, 'delete',"
    "          json_object ('condition', old.condition, 'answer', old.answer,"
    "                       'asked_on', old.asked_on));"
    "END;"
    "CREATE TRIGGER scalp_map_audit_delete AFTER DELETE ON scalp_map BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, old_values)"
    "  VALUES (meso_actor (), 'scalp_map', old.appointment_id, old.patient_id, 'delete',"
              SCALP_JSON (old) ");"
    "END;"
    /* The reminders' sync time is bookkeeping, written by a worker. */
    "CREATE TRIGGER setting_audit_insert AFTER INSERT ON setting"
    "  WHEN new.key IS NOT 'reminders.synced-at' BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, action, new_values)"
    "  VALUES (meso_actor (), 'setting', 0, 'insert',"
    "          json_object ('key', new.key, 'value', new.value));"
    "END;"
    "CREATE TRIGGER setting_audit_update AFTER UPDATE ON setting"
    "  WHEN new.key IS NOT 'reminders.synced-at'"
    "   AND (old.key IS NOT new.key OR old.value IS NOT new.value) BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, action, old_values, new_values)"
    "  VALUES (meso_actor (), 'setting', 0, 'update',"
    "          json_object ('key', old.key, 'value', old.value),"
    "          json_object ('key', new.key, 'value', new.value));"
    "END;"
    "CREATE TRIGGER setting_audit_delete AFTER DELETE ON setting"
    "  WHEN old.key IS NOT 'reminders.synced-at' BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, action, old_values)"
    "  VALUES (meso_actor (), 'setting', 0, 'delete',"
    "          json_object ('key', old.key, 'value', old.value));"
    "END;"
    "CREATE TRIGGER lot_audit_details AFTER UPDATE OF product_id, lot_number, expires_on ON lot"
    "  WHEN old.product_id IS NOT new.product_id OR old.lot_number IS NOT new.lot_number"
    "   OR old.expires_on IS NOT new.expires_on BEGIN"
    "  INSERT INTO audit (staff_id, table_name, row_id, action, old_values, new_values)"
    "  VALUES (meso_actor (), 'lot', new.id, 'update',"
    "          json_object ('product_id', old.product_id, 'lot_number', old.lot_number,"
    "                       'expires_on', old.expires_on),"
    "          json_object ('product_id', new.product_id, 'lot_number', new.lot_number,"
    "                       'expires_on', new.expires_on));"
    "END;"
    AUDIT_TRIGGERS ("opening_hours", "new.weekday", "old.weekday",
                    HOURS_JSON (new, ""), HOURS_JSON (old, ""))
    AUDIT_TRIGGERS ("practitioner_hours", "new.practitioner_id", "old.practitioner_id",
                    HOURS_JSON (new, PRACTITIONER_KEY (new)), HOURS_JSON (old, PRACTITIONER_KEY (old)))
    AUDIT_TRIGGERS ("practitioner_day_off", "new.id", "old.id",
                    DAY_OFF_JSON (new), DAY_OFF_JSON (old))
    AUDIT_TRIGGERS ("holiday", "0", "0",
                    "json_object ('day', new.day, 'name', new.name)",
                    "json_object ('day', old.day, 'name', old.name)")
    AUDIT_TRIGGERS ("protocol", "new.id", "old.id", PROTOCOL_JSON (new), PROTOCOL_JSON (old))
    AUDIT_TRIGGERS ("protocol_phase", "new.protocol_id", "old.protocol_id",
                    PHASE_JSON (new), PHASE_JSON (old)) },
  { 11,
    /* Each save of a patient names the revision its form was read at, so
     * that a save from a form opened before another workstation's save is
     * refused instead of silently overwriting it. */
    "ALTER TABLE patient ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;"
    /* The settings forms save practitioners and rooms whole, too. */
    "ALTER TABLE practitioner ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE room ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;" },
  { 12,
    /* Wrong PINs in a row per account, and the instant (Unix seconds, the
     * clinic's clock) before which it may not try again: in the file, so a
     * restart or another workstation does not start the count afresh. */
    "CREATE TABLE sign_in_failure ("
    "  staff_id     INTEGER PRIMARY KEY REFERENCES staff (id),"
    "  failures     INTEGER NOT NULL CHECK (failures > 0),"
    "  paused_until INTEGER NOT NULL DEFAULT 0"
    ") STRICT;" },
};

const guint meso_schema_n_migrations = G_N_ELEMENTS (meso_schema_migrations);

int
meso_schema_latest_version (void)
{
  return meso_schema_migrations[meso_schema_n_migrations - 1].version;
}
