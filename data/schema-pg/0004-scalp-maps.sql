-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 4 on PostgreSQL 15 (data/schema/0004-scalp-maps.sql).
-- Never edit a released version.

-- One scalp map per session (appointment), as a JSON document: grades,
-- painted regions, injection points and readings. The scores beside it
-- let progress charts and the audit trail read them without parsing.
CREATE TABLE scalp_map (
  appointment_id bigint PRIMARY KEY REFERENCES appointment (id),
  patient_id     bigint NOT NULL REFERENCES patient (id),
  document       text NOT NULL CHECK (meso_json_valid (document)),
  salt           double precision NOT NULL DEFAULT 0,
  points         bigint NOT NULL DEFAULT 0,
  volume_ml      double precision NOT NULL DEFAULT 0,
  density        double precision NOT NULL DEFAULT 0,
  updated_at     text NOT NULL
                 DEFAULT (to_char (now () AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
);
CREATE INDEX scalp_map_by_patient ON scalp_map (patient_id);

-- grades and stage are the document's own JSON values, as SQLite's
-- json_extract() hands them to json_object().
CREATE FUNCTION meso_scalp_map_json (m scalp_map) RETURNS json
  LANGUAGE sql STABLE AS $$
  SELECT json_build_object ('grades', m.document::json -> 'grades',
    'salt', round (m.salt::numeric, 1), 'points', m.points,
    'volume_ml', round (m.volume_ml::numeric, 2), 'stage', m.document::json -> 'stage')
$$;
CREATE FUNCTION scalp_map_audit_insert () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM meso_audit_add (meso_actor (), 'scalp_map', new.appointment_id, new.patient_id,
                          'insert', NULL, meso_scalp_map_json (new));
  RETURN NULL;
END $$;
CREATE TRIGGER scalp_map_audit_insert AFTER INSERT ON scalp_map
  FOR EACH ROW EXECUTE FUNCTION scalp_map_audit_insert ();
CREATE FUNCTION scalp_map_audit_update () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM meso_audit_add (meso_actor (), 'scalp_map', new.appointment_id, new.patient_id,
                          'update', meso_scalp_map_json (old), meso_scalp_map_json (new));
  RETURN NULL;
END $$;
CREATE TRIGGER scalp_map_audit_update AFTER UPDATE ON scalp_map
  FOR EACH ROW WHEN (old.document IS DISTINCT FROM new.document)
  EXECUTE FUNCTION scalp_map_audit_update ();
