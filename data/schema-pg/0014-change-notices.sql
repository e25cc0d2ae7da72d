-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 14 on PostgreSQL 15 (data/schema/0014-change-notices.sql).
-- Never edit a released version.

-- Every audited write tells the other workstations' sessions, which LISTEN
-- on "mesodesk" and then read what changed from the audit trail. Sent by
-- the function every audit trigger calls, so that no write can forget it;
-- the server sends a table's name once per transaction, at its commit.
CREATE OR REPLACE FUNCTION meso_audit_add (staff_id bigint, table_name text, row_id bigint,
                                           patient_id bigint, action text, old_values json,
                                           new_values json) RETURNS void
  LANGUAGE sql AS $$
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, old_values, new_values)
  VALUES (staff_id, table_name, row_id, patient_id, action, meso_json_text (old_values),
          meso_json_text (new_values));
  SELECT pg_notify ('mesodesk', table_name);
$$;

-- Reminders are not audited (a sync rewrites them), but the Today pages
-- and notifications of every workstation follow them.
CREATE FUNCTION reminder_notify () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify ('mesodesk', 'reminder');
  RETURN NULL;
END $$;
CREATE TRIGGER reminder_notify AFTER INSERT OR UPDATE OR DELETE ON reminder
  FOR EACH STATEMENT EXECUTE FUNCTION reminder_notify ();
