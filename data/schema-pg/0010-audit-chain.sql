-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 10 on PostgreSQL 15 (data/schema/0010-audit-chain.sql):
-- the audit trail's hash chain, and the changes that left no trace. Never
-- edit a released version.

-- The hash chain: one link per audit row, SHA-256 over the previous
-- row's link and this row's columns, in exactly the encoding of
-- src/core/audit/meso-audit-sqlite.c (hash_value, sql_audit_link), so
-- that a chain written on either engine verifies on the other. Each value
-- is tagged with its type: N (NULL); I (integer) or R (real), then its 8
-- bytes big-endian; T (UTF-8 text) or B (blob), then its byte length in 4
-- bytes big-endian, then its bytes. int8send and float8send write the
-- big-endian bytes that the C code writes.
CREATE FUNCTION meso_audit_encode (value bytea) RETURNS bytea
  LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN value IS NULL THEN '\x4e'::bytea
              ELSE '\x42'::bytea || int4send (length (value)) || value END
$$;
CREATE FUNCTION meso_audit_encode (value bigint) RETURNS bytea
  LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN value IS NULL THEN '\x4e'::bytea ELSE '\x49'::bytea || int8send (value) END
$$;
CREATE FUNCTION meso_audit_encode (value double precision) RETURNS bytea
  LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN value IS NULL THEN '\x4e'::bytea ELSE '\x52'::bytea || float8send (value) END
$$;
CREATE FUNCTION meso_audit_encode (value text) RETURNS bytea
  LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN value IS NULL THEN '\x4e'::bytea
              ELSE '\x54'::bytea || int4send (octet_length (convert_to (value, 'UTF8')))
                   || convert_to (value, 'UTF8') END
$$;
-- SHA-256 over the domain's name and the encoded values.
CREATE FUNCTION meso_audit_digest (VARIADIC parts bytea[]) RETURNS bytea
  LANGUAGE sql IMMUTABLE AS $$
  SELECT sha256 (convert_to ('mesodesk-audit-1', 'UTF8')
                 || (SELECT string_agg (part, ''::bytea ORDER BY n)
                     FROM unnest (parts) WITH ORDINALITY AS u (part, n)))
$$;
-- meso_audit_link (previous link, id, at, staff_id, table_name, row_id,
-- patient_id, action, old_values, new_values): the new row's link.
CREATE FUNCTION meso_audit_link (previous bytea, id bigint, at text, staff_id bigint,
                                 table_name text, row_id bigint, patient_id bigint,
                                 action text, old_values text, new_values text) RETURNS bytea
  LANGUAGE sql IMMUTABLE AS $$
  SELECT meso_audit_digest (meso_audit_encode (previous), meso_audit_encode (id),
                            meso_audit_encode (at), meso_audit_encode (staff_id),
                            meso_audit_encode (table_name), meso_audit_encode (row_id),
                            meso_audit_encode (patient_id), meso_audit_encode (action),
                            meso_audit_encode (old_values), meso_audit_encode (new_values))
$$;

CREATE TABLE audit_chain (
  audit_id bigint PRIMARY KEY,
  hash     bytea NOT NULL CHECK (length (hash) = 32)
);
-- SQLite has one writer at a time; here writers run side by side, and a
-- link must follow the row before it in id order. So an audit row takes a
-- lock held to the end of its transaction, then an id above every row
-- already committed (an identity hands out ids before the lock is taken),
-- and links to the last link. This needs READ COMMITTED, the default,
-- where each statement sees what committed before it.
CREATE FUNCTION audit_chain_order () RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  last_id bigint;
BEGIN
  PERFORM pg_advisory_xact_lock (1296388943, 10);
  SELECT max (id) INTO last_id FROM audit;
  IF new.id <= last_id THEN
    new.id := last_id + 1;
  END IF;
  RETURN new;
END $$;
CREATE TRIGGER audit_chain_order BEFORE INSERT ON audit
  FOR EACH ROW EXECUTE FUNCTION audit_chain_order ();
CREATE FUNCTION audit_chain_link () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_chain (audit_id, hash)
  VALUES (new.id, meso_audit_link ((SELECT hash FROM audit_chain WHERE audit_id < new.id
                                    ORDER BY audit_id DESC LIMIT 1), new.id, new.at,
                                   new.staff_id, new.table_name, new.row_id, new.patient_id,
                                   new.action, new.old_values, new.new_values));
  RETURN NULL;
END $$;
CREATE TRIGGER audit_chain_link AFTER INSERT ON audit
  FOR EACH ROW EXECUTE FUNCTION audit_chain_link ();
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
  FOR EACH ROW EXECUTE FUNCTION meso_refuse ('the audit trail cannot be changed');
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
  FOR EACH ROW EXECUTE FUNCTION meso_refuse ('the audit trail cannot be changed');
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
  FOR EACH STATEMENT EXECUTE FUNCTION meso_refuse ('the audit trail cannot be changed');
REVOKE UPDATE, DELETE, TRUNCATE ON audit, audit_chain FROM PUBLIC;
-- The rows written before this version are linked in id order.
DO $$
DECLARE
  a record;
  link bytea;
BEGIN
  FOR a IN SELECT * FROM audit ORDER BY id LOOP
    link := meso_audit_link (link, a.id, a.at, a.staff_id, a.table_name, a.row_id,
                             a.patient_id, a.action, a.old_values, a.new_values);
    INSERT INTO audit_chain (audit_id, hash) VALUES (a.id, link);
  END LOOP;
END $$;

-- Changes that left no trace: deleting screening answers and scalp
-- maps, the clinic's settings, a lot's details, hours, holidays and
-- protocols.
CREATE FUNCTION screening_audit_delete () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM meso_audit_add (meso_actor (), 'screening_answer', old.patient_id, old.patient_id,
                          'delete', meso_screening_json (old), NULL);
  RETURN NULL;
END $$;
CREATE TRIGGER screening_audit_delete AFTER DELETE ON screening_answer
  FOR EACH ROW EXECUTE FUNCTION screening_audit_delete ();
CREATE FUNCTION scalp_map_audit_delete () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM meso_audit_add (meso_actor (), 'scalp_map', old.appointment_id, old.patient_id,
                          'delete', meso_scalp_map_json (old), NULL);
  RETURN NULL;
END $$;
CREATE TRIGGER scalp_map_audit_delete AFTER DELETE ON scalp_map
  FOR EACH ROW EXECUTE FUNCTION scalp_map_audit_delete ();

-- The reminders' sync time is bookkeeping, written by a worker.
CREATE FUNCTION setting_audit_insert () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM meso_audit_add (meso_actor (), 'setting', 0, NULL, 'insert', NULL,
                          json_build_object ('key', new.key, 'value', new.value));
  RETURN NULL;
END $$;
CREATE TRIGGER setting_audit_insert AFTER INSERT ON setting
  FOR EACH ROW WHEN (new.key IS DISTINCT FROM 'reminders.synced-at')
  EXECUTE FUNCTION setting_audit_insert ();
CREATE FUNCTION setting_audit_update () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM meso_audit_add (meso_actor (), 'setting', 0, NULL, 'update',
                          json_build_object ('key', old.key, 'value', old.value),
                          json_build_object ('key', new.key, 'value', new.value));
  RETURN NULL;
END $$;
CREATE TRIGGER setting_audit_update AFTER UPDATE ON setting
  FOR EACH ROW WHEN (new.key IS DISTINCT FROM 'reminders.synced-at'
                     AND (old.key IS DISTINCT FROM new.key
                          OR old.value IS DISTINCT FROM new.value))
  EXECUTE FUNCTION setting_audit_update ();
CREATE FUNCTION setting_audit_delete () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM meso_audit_add (meso_actor (), 'setting', 0, NULL, 'delete',
                          json_build_object ('key', old.key, 'value', old.value), NULL);
  RETURN NULL;
END $$;
CREATE TRIGGER setting_audit_delete AFTER DELETE ON setting
  FOR EACH ROW WHEN (old.key IS DISTINCT FROM 'reminders.synced-at')
  EXECUTE FUNCTION setting_audit_delete ();

CREATE FUNCTION lot_audit_details () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM meso_audit_add (meso_actor (), 'lot', new.id, NULL, 'update',
                          json_build_object ('product_id', old.product_id,
                                             'lot_number', old.lot_number,
                                             'expires_on', old.expires_on),
                          json_build_object ('product_id', new.product_id,
                                             'lot_number', new.lot_number,
                                             'expires_on', new.expires_on));
  RETURN NULL;
END $$;
CREATE TRIGGER lot_audit_details AFTER UPDATE OF product_id, lot_number, expires_on ON lot
  FOR EACH ROW WHEN (old.product_id IS DISTINCT FROM new.product_id
                     OR old.lot_number IS DISTINCT FROM new.lot_number
                     OR old.expires_on IS DISTINCT FROM new.expires_on)
  EXECUTE FUNCTION lot_audit_details ();

-- Hours, days off, holidays and protocols: one JSON builder per table,
-- and a trigger function for each of insert, update and delete. An
-- update is audited only when the JSON would change.
CREATE FUNCTION meso_opening_hours_json (h opening_hours) RETURNS json
  LANGUAGE sql STABLE AS $$
  SELECT json_build_object ('weekday', h.weekday, 'opens', h.opens, 'closes', h.closes)
$$;
CREATE FUNCTION opening_hours_audit () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM meso_audit_add (meso_actor (), 'opening_hours', new.weekday, NULL, 'insert', NULL,
                            meso_opening_hours_json (new));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM meso_audit_add (meso_actor (), 'opening_hours', new.weekday, NULL, 'update',
                            meso_opening_hours_json (old), meso_opening_hours_json (new));
  ELSE
    PERFORM meso_audit_add (meso_actor (), 'opening_hours', old.weekday, NULL, 'delete',
                            meso_opening_hours_json (old), NULL);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER opening_hours_audit_insert AFTER INSERT ON opening_hours
  FOR EACH ROW EXECUTE FUNCTION opening_hours_audit ();
CREATE TRIGGER opening_hours_audit_update AFTER UPDATE ON opening_hours
  FOR EACH ROW WHEN (old.weekday IS DISTINCT FROM new.weekday
                     OR old.opens IS DISTINCT FROM new.opens
                     OR old.closes IS DISTINCT FROM new.closes)
  EXECUTE FUNCTION opening_hours_audit ();
CREATE TRIGGER opening_hours_audit_delete AFTER DELETE ON opening_hours
  FOR EACH ROW EXECUTE FUNCTION opening_hours_audit ();

CREATE FUNCTION meso_practitioner_hours_json (h practitioner_hours) RETURNS json
  LANGUAGE sql STABLE AS $$
  SELECT json_build_object ('practitioner_id', h.practitioner_id, 'weekday', h.weekday,
                            'opens', h.opens, 'closes', h.closes)
$$;
CREATE FUNCTION practitioner_hours_audit () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM meso_audit_add (meso_actor (), 'practitioner_hours', new.practitioner_id, NULL,
                            'insert', NULL, meso_practitioner_hours_json (new));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM meso_audit_add (meso_actor (), 'practitioner_hours', new.practitioner_id, NULL,
                            'update', meso_practitioner_hours_json (old),
                            meso_practitioner_hours_json (new));
  ELSE
    PERFORM meso_audit_add (meso_actor (), 'practitioner_hours', old.practitioner_id, NULL,
                            'delete', meso_practitioner_hours_json (old), NULL);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER practitioner_hours_audit_insert AFTER INSERT ON practitioner_hours
  FOR EACH ROW EXECUTE FUNCTION practitioner_hours_audit ();
CREATE TRIGGER practitioner_hours_audit_update AFTER UPDATE ON practitioner_hours
  FOR EACH ROW WHEN (old.practitioner_id IS DISTINCT FROM new.practitioner_id
                     OR old.weekday IS DISTINCT FROM new.weekday
                     OR old.opens IS DISTINCT FROM new.opens
                     OR old.closes IS DISTINCT FROM new.closes)
  EXECUTE FUNCTION practitioner_hours_audit ();
CREATE TRIGGER practitioner_hours_audit_delete AFTER DELETE ON practitioner_hours
  FOR EACH ROW EXECUTE FUNCTION practitioner_hours_audit ();

CREATE FUNCTION meso_practitioner_day_off_json (d practitioner_day_off) RETURNS json
  LANGUAGE sql STABLE AS $$
  SELECT json_build_object ('practitioner_id', d.practitioner_id, 'first_day', d.first_day,
                            'last_day', d.last_day, 'reason', d.reason)
$$;
CREATE FUNCTION practitioner_day_off_audit () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM meso_audit_add (meso_actor (), 'practitioner_day_off', new.id, NULL, 'insert',
                            NULL, meso_practitioner_day_off_json (new));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM meso_audit_add (meso_actor (), 'practitioner_day_off', new.id, NULL, 'update',
                            meso_practitioner_day_off_json (old),
                            meso_practitioner_day_off_json (new));
  ELSE
    PERFORM meso_audit_add (meso_actor (), 'practitioner_day_off', old.id, NULL, 'delete',
                            meso_practitioner_day_off_json (old), NULL);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER practitioner_day_off_audit_insert AFTER INSERT ON practitioner_day_off
  FOR EACH ROW EXECUTE FUNCTION practitioner_day_off_audit ();
CREATE TRIGGER practitioner_day_off_audit_update AFTER UPDATE ON practitioner_day_off
  FOR EACH ROW WHEN (old.practitioner_id IS DISTINCT FROM new.practitioner_id
                     OR old.first_day IS DISTINCT FROM new.first_day
                     OR old.last_day IS DISTINCT FROM new.last_day
                     OR old.reason IS DISTINCT FROM new.reason)
  EXECUTE FUNCTION practitioner_day_off_audit ();
CREATE TRIGGER practitioner_day_off_audit_delete AFTER DELETE ON practitioner_day_off
  FOR EACH ROW EXECUTE FUNCTION practitioner_day_off_audit ();

CREATE FUNCTION holiday_audit () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM meso_audit_add (meso_actor (), 'holiday', 0, NULL, 'insert', NULL,
                            json_build_object ('day', new.day, 'name', new.name));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM meso_audit_add (meso_actor (), 'holiday', 0, NULL, 'update',
                            json_build_object ('day', old.day, 'name', old.name),
                            json_build_object ('day', new.day, 'name', new.name));
  ELSE
    PERFORM meso_audit_add (meso_actor (), 'holiday', 0, NULL, 'delete',
                            json_build_object ('day', old.day, 'name', old.name), NULL);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER holiday_audit_insert AFTER INSERT ON holiday
  FOR EACH ROW EXECUTE FUNCTION holiday_audit ();
CREATE TRIGGER holiday_audit_update AFTER UPDATE ON holiday
  FOR EACH ROW WHEN (old.day IS DISTINCT FROM new.day OR old.name IS DISTINCT FROM new.name)
  EXECUTE FUNCTION holiday_audit ();
CREATE TRIGGER holiday_audit_delete AFTER DELETE ON holiday
  FOR EACH ROW EXECUTE FUNCTION holiday_audit ();

CREATE FUNCTION meso_protocol_json (p protocol) RETURNS json
  LANGUAGE sql STABLE AS $$
  SELECT json_build_object ('name', p.name, 'maintenance_days', p.maintenance_days,
                            'active', p.active)
$$;
CREATE FUNCTION protocol_audit () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM meso_audit_add (meso_actor (), 'protocol', new.id, NULL, 'insert', NULL,
                            meso_protocol_json (new));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM meso_audit_add (meso_actor (), 'protocol', new.id, NULL, 'update',
                            meso_protocol_json (old), meso_protocol_json (new));
  ELSE
    PERFORM meso_audit_add (meso_actor (), 'protocol', old.id, NULL, 'delete',
                            meso_protocol_json (old), NULL);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER protocol_audit_insert AFTER INSERT ON protocol
  FOR EACH ROW EXECUTE FUNCTION protocol_audit ();
CREATE TRIGGER protocol_audit_update AFTER UPDATE ON protocol
  FOR EACH ROW WHEN (old.name IS DISTINCT FROM new.name
                     OR old.maintenance_days IS DISTINCT FROM new.maintenance_days
                     OR old.active IS DISTINCT FROM new.active)
  EXECUTE FUNCTION protocol_audit ();
CREATE TRIGGER protocol_audit_delete AFTER DELETE ON protocol
  FOR EACH ROW EXECUTE FUNCTION protocol_audit ();

CREATE FUNCTION meso_protocol_phase_json (p protocol_phase) RETURNS json
  LANGUAGE sql STABLE AS $$
  SELECT json_build_object ('protocol_id', p.protocol_id, 'position', p.position,
                            'sessions', p.sessions, 'every_days', p.every_days)
$$;
CREATE FUNCTION protocol_phase_audit () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM meso_audit_add (meso_actor (), 'protocol_phase', new.protocol_id, NULL, 'insert',
                            NULL, meso_protocol_phase_json (new));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM meso_audit_add (meso_actor (), 'protocol_phase', new.protocol_id, NULL, 'update',
                            meso_protocol_phase_json (old), meso_protocol_phase_json (new));
  ELSE
    PERFORM meso_audit_add (meso_actor (), 'protocol_phase', old.protocol_id, NULL, 'delete',
                            meso_protocol_phase_json (old), NULL);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER protocol_phase_audit_insert AFTER INSERT ON protocol_phase
  FOR EACH ROW EXECUTE FUNCTION protocol_phase_audit ();
CREATE TRIGGER protocol_phase_audit_update AFTER UPDATE ON protocol_phase
  FOR EACH ROW WHEN (old.protocol_id IS DISTINCT FROM new.protocol_id
                     OR old.position IS DISTINCT FROM new.position
                     OR old.sessions IS DISTINCT FROM new.sessions
                     OR old.every_days IS DISTINCT FROM new.every_days)
  EXECUTE FUNCTION protocol_phase_audit ();
CREATE TRIGGER protocol_phase_audit_delete AFTER DELETE ON protocol_phase
  FOR EACH ROW EXECUTE FUNCTION protocol_phase_audit ();
