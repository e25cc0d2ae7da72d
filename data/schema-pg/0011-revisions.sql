-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 11 on PostgreSQL 15 (data/schema/0011-revisions.sql).
-- Never edit a released version.

-- Each save of a patient names the revision its form was read at, so
-- that a save from a form opened before another workstation's save is
-- refused instead of silently overwriting it.
ALTER TABLE patient ADD COLUMN revision bigint NOT NULL DEFAULT 0;
-- The settings forms save practitioners and rooms whole, too.
ALTER TABLE practitioner ADD COLUMN revision bigint NOT NULL DEFAULT 0;
ALTER TABLE room ADD COLUMN revision bigint NOT NULL DEFAULT 0;
