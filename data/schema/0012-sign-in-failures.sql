-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 12, run once in its own transaction (see meso-schema.c). The lines are
-- joined with no newline between them: a space that SQL needs begins the next line. A
-- line starting with -- is a comment. Never edit a released version: add a new file.

-- Wrong PINs in a row per account, and the instant (Unix seconds, the
-- clinic's clock) before which it may not try again: in the file, so a
-- restart or another workstation does not start the count afresh.
CREATE TABLE sign_in_failure (
  staff_id     INTEGER PRIMARY KEY REFERENCES staff (id),
  failures     INTEGER NOT NULL CHECK (failures > 0),
  paused_until INTEGER NOT NULL DEFAULT 0
) STRICT;
