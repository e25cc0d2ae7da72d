-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 11, run once in its own transaction (see meso-schema.c). The lines are
-- joined with no newline between them: a space that SQL needs begins the next line. A
-- line starting with -- is a comment. Never edit a released version: add a new file.

-- Each save of a patient names the revision its form was read at, so
-- that a save from a form opened before another workstation's save is
-- refused instead of silently overwriting it.
ALTER TABLE patient ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
-- The settings forms save practitioners and rooms whole, too.
ALTER TABLE practitioner ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE room ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
