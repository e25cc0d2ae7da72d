-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 15 on PostgreSQL 15 (data/schema/0015-revisions-scalp-cocktail.sql).
-- Never edit a released version.

-- Each save of a scalp map names the revision its window read, so that a
-- save from a window opened before another workstation's save is refused
-- instead of silently overwriting it. A stored map starts at 1: a window
-- that found no map reads 0, which no stored map has.
ALTER TABLE scalp_map ADD COLUMN revision bigint NOT NULL DEFAULT 1;
-- A session's cocktail needs no column: its record is never updated in
-- place, and its revision is the latest record of the session, which a
-- correction names (administration.corrects, unique since version 6).
