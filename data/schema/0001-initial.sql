-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 1, run once in its own transaction (see meso-schema.c). The lines are
-- joined with no newline between them: a space that SQL needs begins the next line. A
-- line starting with -- is a comment. Never edit a released version: add a new file.

CREATE TABLE setting (
  key   TEXT PRIMARY KEY,
  value ANY
) STRICT;

CREATE TABLE practitioner (
  id           INTEGER PRIMARY KEY,
  display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
  colour       TEXT NOT NULL DEFAULT '#3584e4',
  active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE room (
  id     INTEGER PRIMARY KEY,
  name   TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

-- sort_key and search_text are derived in C (accent and case folding) so
-- that ordering and search agree with what the user typed.
CREATE TABLE patient (
  id          INTEGER PRIMARY KEY,
  family_name TEXT NOT NULL CHECK (length(family_name) BETWEEN 1 AND 100),
  given_name  TEXT NOT NULL DEFAULT '' CHECK (length(given_name) <= 100),
  birth_date  TEXT CHECK (birth_date IS NULL OR date(birth_date) IS birth_date),
  sex         TEXT NOT NULL DEFAULT 'unknown'
              CHECK (sex IN ('unknown', 'female', 'male', 'other')),
  phone       TEXT NOT NULL DEFAULT '' CHECK (length(phone) <= 32),
  email       TEXT NOT NULL DEFAULT '' CHECK (length(email) <= 254),
  address     TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 500),
  language    TEXT NOT NULL DEFAULT '' CHECK (length(language) <= 8),
  notes       TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 10000),
  archived    INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  sort_key    TEXT NOT NULL,
  search_text TEXT NOT NULL,
  initials    INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;
-- Covers the name-ordered list and one-letter search (see initials).
CREATE INDEX patient_by_name ON patient (sort_key, archived, initials);

CREATE VIRTUAL TABLE patient_fts USING fts5 (
  search_text, content='patient', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2', prefix='2 3',
  detail=none, columnsize=0);
CREATE TRIGGER patient_fts_insert AFTER INSERT ON patient BEGIN
  INSERT INTO patient_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER patient_fts_update AFTER UPDATE OF search_text ON patient BEGIN
  INSERT INTO patient_fts (patient_fts, rowid, search_text)
    VALUES ('delete', old.id, old.search_text);
  INSERT INTO patient_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
-- Patients are archived, never deleted: their clinical records stay.
CREATE TRIGGER patient_no_delete BEFORE DELETE ON patient BEGIN
  SELECT RAISE (ABORT, 'patients are archived, not deleted');
END;

CREATE TABLE screening_answer (
  patient_id INTEGER NOT NULL REFERENCES patient (id),
  condition  TEXT NOT NULL,
  answer     TEXT NOT NULL CHECK (answer IN ('unknown', 'no', 'yes')),
  asked_on   TEXT CHECK (asked_on IS NULL OR date(asked_on) IS asked_on),
  PRIMARY KEY (patient_id, condition)
) STRICT, WITHOUT ROWID;

CREATE TABLE allergy (
  id         INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patient (id),
  substance  TEXT NOT NULL CHECK (length(substance) BETWEEN 1 AND 200)
) STRICT;
CREATE INDEX allergy_by_patient ON allergy (patient_id);

CREATE TABLE medication (
  id            INTEGER PRIMARY KEY,
  patient_id    INTEGER NOT NULL REFERENCES patient (id),
  name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  blood_thinner INTEGER NOT NULL DEFAULT 0 CHECK (blood_thinner IN (0, 1))
) STRICT;
CREATE INDEX medication_by_patient ON medication (patient_id);

PRAGMA application_id = 1296388943;
