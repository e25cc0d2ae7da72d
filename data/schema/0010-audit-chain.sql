-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 10, run once in its own transaction (see meso-schema.c). The lines are
-- joined with no newline between them: a space that SQL needs begins the next line. A
-- line starting with -- is a comment. Never edit a released version: add a new file.

-- The audit trail's hash chain: one link per audit row (see
-- meso-audit.c). meso_audit_link() exists only on Mesodesk's
-- connections, so another program cannot add an audit row at all.
CREATE TABLE audit_chain (
  audit_id INTEGER PRIMARY KEY,
  hash     BLOB NOT NULL CHECK (length (hash) = 32)
) STRICT;
CREATE TRIGGER audit_chain_link AFTER INSERT ON audit BEGIN
  INSERT INTO audit_chain (audit_id, hash)
  VALUES (new.id, meso_audit_link ((SELECT hash FROM audit_chain WHERE audit_id < new.id
                                    ORDER BY audit_id DESC LIMIT 1), new.id, new.at, new.staff_id,
 new.table_name, new.row_id, new.patient_id, new.action, new.old_values, new.new_values));
END;
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain BEGIN
  SELECT RAISE (ABORT, 'the audit trail cannot be changed');
END;
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain BEGIN
  SELECT RAISE (ABORT, 'the audit trail cannot be changed');
END;
-- The rows written before this version are linked in id order.
WITH RECURSIVE link (id, hash) AS (
  SELECT a.id, meso_audit_link (NULL, a.id, a.at, a.staff_id, a.table_name, a.row_id, a.patient_id,
 a.action, a.old_values, a.new_values) FROM audit a
   WHERE a.id = (SELECT min (id) FROM audit)
  UNION ALL
  SELECT a.id, meso_audit_link (link.hash, a.id, a.at, a.staff_id, a.table_name, a.row_id,
 a.patient_id, a.action, a.old_values, a.new_values) FROM link, audit a
   WHERE a.id = (SELECT min (id) FROM audit WHERE id > link.id))
INSERT INTO audit_chain (audit_id, hash) SELECT id, hash FROM link;

-- Changes that left no trace: deleting screening answers and scalp
-- maps, the clinic's settings, a lot's details, hours, holidays and
-- protocols.
CREATE TRIGGER screening_audit_delete AFTER DELETE ON screening_answer BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, old_values)
  VALUES (meso_actor (), 'screening_answer', old.patient_id, old.patient_id, 'delete',
          json_object ('condition', old.condition, 'answer', old.answer,
                       'asked_on', old.asked_on));
END;
CREATE TRIGGER scalp_map_audit_delete AFTER DELETE ON scalp_map BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, old_values)
  VALUES (meso_actor (), 'scalp_map', old.appointment_id, old.patient_id, 'delete',
json_object ('grades', json_extract (old.document, '$.grades'), 'salt', round (old.salt, 1),
 'points', old.points, 'volume_ml', round (old.volume_ml, 2),
 'stage', json_extract (old.document, '$.stage')));
END;
-- The reminders' sync time is bookkeeping, written by a worker.
CREATE TRIGGER setting_audit_insert AFTER INSERT ON setting
  WHEN new.key IS NOT 'reminders.synced-at' BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, new_values)
  VALUES (meso_actor (), 'setting', 0, 'insert',
          json_object ('key', new.key, 'value', new.value));
END;
CREATE TRIGGER setting_audit_update AFTER UPDATE ON setting
  WHEN new.key IS NOT 'reminders.synced-at'
   AND (old.key IS NOT new.key OR old.value IS NOT new.value) BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, old_values, new_values)
  VALUES (meso_actor (), 'setting', 0, 'update',
          json_object ('key', old.key, 'value', old.value),
          json_object ('key', new.key, 'value', new.value));
END;
CREATE TRIGGER setting_audit_delete AFTER DELETE ON setting
  WHEN old.key IS NOT 'reminders.synced-at' BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, old_values)
  VALUES (meso_actor (), 'setting', 0, 'delete',
          json_object ('key', old.key, 'value', old.value));
END;
CREATE TRIGGER lot_audit_details AFTER UPDATE OF product_id, lot_number, expires_on ON lot
  WHEN old.product_id IS NOT new.product_id OR old.lot_number IS NOT new.lot_number
   OR old.expires_on IS NOT new.expires_on BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, old_values, new_values)
  VALUES (meso_actor (), 'lot', new.id, 'update',
          json_object ('product_id', old.product_id, 'lot_number', old.lot_number,
                       'expires_on', old.expires_on),
          json_object ('product_id', new.product_id, 'lot_number', new.lot_number,
                       'expires_on', new.expires_on));
END;
CREATE TRIGGER opening_hours_audit_insert AFTER INSERT ON opening_hours BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, new_values)
  VALUES (meso_actor (), 'opening_hours', new.weekday, 'insert', json_object ('weekday',
 new.weekday, 'opens', new.opens, 'closes', new.closes));
END;
CREATE TRIGGER opening_hours_audit_update AFTER UPDATE ON opening_hours
  WHEN (json_object ('weekday', old.weekday, 'opens', old.opens, 'closes',
 old.closes)) IS NOT (json_object ('weekday', new.weekday, 'opens', new.opens, 'closes',
 new.closes)) BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, old_values, new_values)
  VALUES (meso_actor (), 'opening_hours', new.weekday, 'update', json_object ('weekday',
 old.weekday, 'opens', old.opens, 'closes', old.closes), json_object ('weekday', new.weekday,
 'opens', new.opens, 'closes', new.closes));
END;
CREATE TRIGGER opening_hours_audit_delete AFTER DELETE ON opening_hours BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, old_values)
  VALUES (meso_actor (), 'opening_hours', old.weekday, 'delete', json_object ('weekday',
 old.weekday, 'opens', old.opens, 'closes', old.closes));
END;
CREATE TRIGGER practitioner_hours_audit_insert AFTER INSERT ON practitioner_hours BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, new_values)
  VALUES (meso_actor (), 'practitioner_hours', new.practitioner_id, 'insert',
 json_object ('practitioner_id', new.practitioner_id, 'weekday', new.weekday, 'opens', new.opens,
 'closes', new.closes));
END;
CREATE TRIGGER practitioner_hours_audit_update AFTER UPDATE ON practitioner_hours
  WHEN (json_object ('practitioner_id', old.practitioner_id, 'weekday', old.weekday, 'opens',
 old.opens, 'closes', old.closes)) IS NOT (json_object ('practitioner_id', new.practitioner_id,
 'weekday', new.weekday, 'opens', new.opens, 'closes', new.closes)) BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, old_values, new_values)
  VALUES (meso_actor (), 'practitioner_hours', new.practitioner_id, 'update',
 json_object ('practitioner_id', old.practitioner_id, 'weekday', old.weekday, 'opens', old.opens,
 'closes', old.closes), json_object ('practitioner_id', new.practitioner_id, 'weekday', new.weekday,
 'opens', new.opens, 'closes', new.closes));
END;
CREATE TRIGGER practitioner_hours_audit_delete AFTER DELETE ON practitioner_hours BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, old_values)
  VALUES (meso_actor (), 'practitioner_hours', old.practitioner_id, 'delete',
 json_object ('practitioner_id', old.practitioner_id, 'weekday', old.weekday, 'opens', old.opens,
 'closes', old.closes));
END;
CREATE TRIGGER practitioner_day_off_audit_insert AFTER INSERT ON practitioner_day_off BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, new_values)
  VALUES (meso_actor (), 'practitioner_day_off', new.id, 'insert', json_object ('practitioner_id',
 new.practitioner_id, 'first_day', new.first_day,
 'last_day', new.last_day, 'reason', new.reason));
END;
CREATE TRIGGER practitioner_day_off_audit_update AFTER UPDATE ON practitioner_day_off
  WHEN (json_object ('practitioner_id', old.practitioner_id, 'first_day', old.first_day,
 'last_day', old.last_day, 'reason', old.reason)) IS NOT (json_object ('practitioner_id',
 new.practitioner_id, 'first_day', new.first_day,
 'last_day', new.last_day, 'reason', new.reason)) BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, old_values, new_values)
  VALUES (meso_actor (), 'practitioner_day_off', new.id, 'update', json_object ('practitioner_id',
 old.practitioner_id, 'first_day', old.first_day,
 'last_day', old.last_day, 'reason', old.reason), json_object ('practitioner_id',
 new.practitioner_id, 'first_day', new.first_day,
 'last_day', new.last_day, 'reason', new.reason));
END;
CREATE TRIGGER practitioner_day_off_audit_delete AFTER DELETE ON practitioner_day_off BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, old_values)
  VALUES (meso_actor (), 'practitioner_day_off', old.id, 'delete', json_object ('practitioner_id',
 old.practitioner_id, 'first_day', old.first_day,
 'last_day', old.last_day, 'reason', old.reason));
END;
CREATE TRIGGER holiday_audit_insert AFTER INSERT ON holiday BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, new_values)
  VALUES (meso_actor (), 'holiday', 0, 'insert', json_object ('day', new.day, 'name', new.name));
END;
CREATE TRIGGER holiday_audit_update AFTER UPDATE ON holiday
  WHEN (json_object ('day', old.day, 'name', old.name)) IS NOT (json_object ('day', new.day, 'name',
 new.name)) BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, old_values, new_values)
  VALUES (meso_actor (), 'holiday', 0, 'update', json_object ('day', old.day, 'name', old.name),
 json_object ('day', new.day, 'name', new.name));
END;
CREATE TRIGGER holiday_audit_delete AFTER DELETE ON holiday BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, old_values)
  VALUES (meso_actor (), 'holiday', 0, 'delete', json_object ('day', old.day, 'name', old.name));
END;
CREATE TRIGGER protocol_audit_insert AFTER INSERT ON protocol BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, new_values)
  VALUES (meso_actor (), 'protocol', new.id, 'insert', json_object ('name', new.name,
 'maintenance_days', new.maintenance_days,
 'active', new.active));
END;
CREATE TRIGGER protocol_audit_update AFTER UPDATE ON protocol
  WHEN (json_object ('name', old.name, 'maintenance_days', old.maintenance_days,
 'active', old.active)) IS NOT (json_object ('name', new.name, 'maintenance_days',
 new.maintenance_days,
 'active', new.active)) BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, old_values, new_values)
  VALUES (meso_actor (), 'protocol', new.id, 'update', json_object ('name', old.name,
 'maintenance_days', old.maintenance_days,
 'active', old.active), json_object ('name', new.name, 'maintenance_days', new.maintenance_days,
 'active', new.active));
END;
CREATE TRIGGER protocol_audit_delete AFTER DELETE ON protocol BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, old_values)
  VALUES (meso_actor (), 'protocol', old.id, 'delete', json_object ('name', old.name,
 'maintenance_days', old.maintenance_days,
 'active', old.active));
END;
CREATE TRIGGER protocol_phase_audit_insert AFTER INSERT ON protocol_phase BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, new_values)
  VALUES (meso_actor (), 'protocol_phase', new.protocol_id, 'insert', json_object ('protocol_id',
 new.protocol_id, 'position', new.position,
 'sessions', new.sessions, 'every_days', new.every_days));
END;
CREATE TRIGGER protocol_phase_audit_update AFTER UPDATE ON protocol_phase
  WHEN (json_object ('protocol_id', old.protocol_id, 'position', old.position,
 'sessions', old.sessions, 'every_days', old.every_days)) IS NOT (json_object ('protocol_id',
 new.protocol_id, 'position', new.position,
 'sessions', new.sessions, 'every_days', new.every_days)) BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, old_values, new_values)
  VALUES (meso_actor (), 'protocol_phase', new.protocol_id, 'update', json_object ('protocol_id',
 old.protocol_id, 'position', old.position,
 'sessions', old.sessions, 'every_days', old.every_days), json_object ('protocol_id',
 new.protocol_id, 'position', new.position,
 'sessions', new.sessions, 'every_days', new.every_days));
END;
CREATE TRIGGER protocol_phase_audit_delete AFTER DELETE ON protocol_phase BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, old_values)
  VALUES (meso_actor (), 'protocol_phase', old.protocol_id, 'delete', json_object ('protocol_id',
 old.protocol_id, 'position', old.position,
 'sessions', old.sessions, 'every_days', old.every_days));
END;
