-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 13 on PostgreSQL 15 (data/schema/0013-backup-claim.sql).
-- Never edit a released version.

-- The daily backup's claim (who makes today's backup of a clinic server,
-- and until when) is bookkeeping like the reminders' sync time: written
-- by whichever workstation looks, whether anyone is signed in there or not.
DROP TRIGGER setting_audit_insert ON setting;
DROP TRIGGER setting_audit_update ON setting;
DROP TRIGGER setting_audit_delete ON setting;
CREATE TRIGGER setting_audit_insert AFTER INSERT ON setting
  FOR EACH ROW WHEN (new.key NOT IN ('reminders.synced-at', 'backup.claimed-until',
                                     'backup.claimed-by'))
  EXECUTE FUNCTION setting_audit_insert ();
CREATE TRIGGER setting_audit_update AFTER UPDATE ON setting
  FOR EACH ROW WHEN (new.key NOT IN ('reminders.synced-at', 'backup.claimed-until',
                                     'backup.claimed-by')
                     AND (old.key IS DISTINCT FROM new.key
                          OR old.value IS DISTINCT FROM new.value))
  EXECUTE FUNCTION setting_audit_update ();
CREATE TRIGGER setting_audit_delete AFTER DELETE ON setting
  FOR EACH ROW WHEN (old.key NOT IN ('reminders.synced-at', 'backup.claimed-until',
                                     'backup.claimed-by'))
  EXECUTE FUNCTION setting_audit_delete ();
