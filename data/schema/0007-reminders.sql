-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 7, run once in its own transaction (see meso-schema.c). The lines are
-- joined with no newline between them: a space that SQL needs begins the next line. A
-- line starting with -- is a comment. Never edit a released version: add a new file.

-- Reminders. A rule row exists only for a kind the clinic changed;
-- the others use the built-in rule, in the user's language.
CREATE TABLE reminder_rule (
  kind           TEXT PRIMARY KEY,
  enabled        INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  offset_minutes INTEGER NOT NULL,
  at_minute      INTEGER NOT NULL CHECK (at_minute BETWEEN -1 AND 1439),
  summary        TEXT NOT NULL CHECK (length (summary) <= 200),
  body           TEXT NOT NULL CHECK (length (body) <= 1000)
) STRICT;
-- One reminder per kind and source, so that a dismissed one is never
-- made again. wake_at is when it is next to be shown: its due time, or
-- the end of a snooze; NULL once shown, done or dismissed.
-- AUTOINCREMENT: an id is never reused, so that a reminder newer than
-- the last one handed out is always one with a higher id.
CREATE TABLE reminder (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  kind           TEXT NOT NULL,
  source         TEXT NOT NULL,
  patient_id     INTEGER REFERENCES patient (id),
  appointment_id INTEGER,
  due_at         INTEGER NOT NULL,
  wake_at        INTEGER,
  snoozed_until  INTEGER,
  state          TEXT NOT NULL DEFAULT 'pending'
                 CHECK (state IN ('pending', 'shown', 'done', 'snoozed', 'dismissed')),
  summary        TEXT NOT NULL,
  body           TEXT NOT NULL,
  handled_by     INTEGER REFERENCES staff (id),
  handled_at     INTEGER,
  UNIQUE (kind, source)
) STRICT;
CREATE INDEX reminder_to_wake ON reminder (wake_at) WHERE wake_at IS NOT NULL;
-- Today's list and its badge read the open ones only, from the index.
CREATE INDEX reminder_open ON reminder (due_at, wake_at, state)
  WHERE state IN ('pending', 'shown', 'snoozed');
-- Maintenance reminders look for each interval in use.
CREATE INDEX course_by_maintenance ON course (maintenance_days);
