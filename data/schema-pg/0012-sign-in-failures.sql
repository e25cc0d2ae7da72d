-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 12 on PostgreSQL 15 (data/schema/0012-sign-in-failures.sql).
-- Never edit a released version.

-- Wrong PINs in a row per account, and the instant (Unix seconds, the
-- clinic's clock) before which it may not try again: in the database, so
-- a restart or another workstation does not start the count afresh.
CREATE TABLE sign_in_failure (
  staff_id     bigint PRIMARY KEY REFERENCES staff (id),
  failures     bigint NOT NULL CHECK (failures > 0),
  paused_until bigint NOT NULL DEFAULT 0
);
