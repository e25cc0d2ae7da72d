-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 8 on PostgreSQL 15 (data/schema/0008-handout-texts.sql).
-- Never edit a released version.

-- Handout texts the clinic rewrote, per language; the others are the
-- shipped ones. Changes are audited: a patient's sheet says what the
-- clinic told them.
CREATE TABLE handout_text (
  language   text NOT NULL CHECK (length (language) BETWEEN 2 AND 8),
  section    text NOT NULL,
  key        text NOT NULL,
  text       text NOT NULL CHECK (length (text) <= 20000),
  updated_by bigint REFERENCES staff (id),
  updated_at text NOT NULL
             DEFAULT (to_char (now () AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
  PRIMARY KEY (language, section, key)
);
CREATE FUNCTION meso_handout_text_json (h handout_text) RETURNS json
  LANGUAGE sql STABLE AS $$
  SELECT json_build_object ('language', h.language, 'section', h.section, 'key', h.key,
                            'text', h.text)
$$;
CREATE FUNCTION handout_text_audit_insert () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM meso_audit_add (meso_actor (), 'handout_text', 0, NULL, 'insert', NULL,
                          meso_handout_text_json (new));
  RETURN NULL;
END $$;
CREATE TRIGGER handout_text_audit_insert AFTER INSERT ON handout_text
  FOR EACH ROW EXECUTE FUNCTION handout_text_audit_insert ();
CREATE FUNCTION handout_text_audit_update () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM meso_audit_add (meso_actor (), 'handout_text', 0, NULL, 'update',
                          meso_handout_text_json (old), meso_handout_text_json (new));
  RETURN NULL;
END $$;
CREATE TRIGGER handout_text_audit_update AFTER UPDATE OF text ON handout_text
  FOR EACH ROW EXECUTE FUNCTION handout_text_audit_update ();
CREATE FUNCTION handout_text_audit_delete () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM meso_audit_add (meso_actor (), 'handout_text', 0, NULL, 'delete',
                          meso_handout_text_json (old), NULL);
  RETURN NULL;
END $$;
CREATE TRIGGER handout_text_audit_delete AFTER DELETE ON handout_text
  FOR EACH ROW EXECUTE FUNCTION handout_text_audit_delete ();
