-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 13, run once in its own transaction (see meso-schema.c). The lines are
-- joined with no newline between them: a space that SQL needs begins the next line. A
-- line starting with -- is a comment. Never edit a released version: add a new file.

-- The daily backup's claim (who makes today's backup of a clinic server,
-- and until when) is bookkeeping like the reminders' sync time: written
-- by whichever workstation looks, whether anyone is signed in there or not.
DROP TRIGGER setting_audit_insert;
DROP TRIGGER setting_audit_update;
DROP TRIGGER setting_audit_delete;
CREATE TRIGGER setting_audit_insert AFTER INSERT ON setting
  WHEN (new.key IS NULL
   OR new.key NOT IN ('reminders.synced-at', 'backup.claimed-until', 'backup.claimed-by'))
 BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, new_values)
  VALUES (meso_actor (), 'setting', 0, 'insert',
          json_object ('key', new.key, 'value', new.value));
END;
CREATE TRIGGER setting_audit_update AFTER UPDATE ON setting
  WHEN (new.key IS NULL
   OR new.key NOT IN ('reminders.synced-at', 'backup.claimed-until', 'backup.claimed-by'))
   AND (old.key IS NOT new.key OR old.value IS NOT new.value) BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, old_values, new_values)
  VALUES (meso_actor (), 'setting', 0, 'update',
          json_object ('key', old.key, 'value', old.value),
          json_object ('key', new.key, 'value', new.value));
END;
CREATE TRIGGER setting_audit_delete AFTER DELETE ON setting
  WHEN (old.key IS NULL
   OR old.key NOT IN ('reminders.synced-at', 'backup.claimed-until', 'backup.claimed-by'))
 BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, old_values)
  VALUES (meso_actor (), 'setting', 0, 'delete',
          json_object ('key', old.key, 'value', old.value));
END;
