-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 14, run once in its own transaction (see meso-schema.c). The lines are
-- joined with no newline between them: a space that SQL needs begins the next line. A
-- line starting with -- is a comment. Never edit a released version: add a new file.

-- Nothing changes in a file. Its connections see each other's commits in
-- PRAGMA data_version, and then read what changed from the audit trail; a
-- clinic server's sessions are told instead (data/schema-pg/0014).
SELECT 1;
