-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 6 on PostgreSQL 15 (data/schema/0006-administration-recall.sql).
-- Never edit a released version.

-- A session has one record; changing it is a chain of corrections,
-- each correcting the one before, never two of the same record.
CREATE INDEX administration_by_appointment ON administration (appointment_id);
-- A record never changes, so its items can repeat its patient and
-- time: a recall then reads the lot's index and the patients, not a
-- million records. The refusal of updates is lifted while they are filled.
DROP TRIGGER administration_item_no_update ON administration_item;
ALTER TABLE administration_item ADD COLUMN patient_id bigint REFERENCES patient (id);
ALTER TABLE administration_item ADD COLUMN administered_at text;
UPDATE administration_item SET
  patient_id = (SELECT patient_id FROM administration a WHERE a.id = administration_id),
  administered_at = (SELECT administered_at FROM administration a
                     WHERE a.id = administration_id);
CREATE TRIGGER administration_item_no_update BEFORE UPDATE ON administration_item
  FOR EACH ROW
  EXECUTE FUNCTION meso_refuse ('a closed session record cannot be changed: record a correction');
DROP INDEX administration_item_by_lot;
CREATE INDEX administration_item_by_lot ON administration_item
  (lot_id, administration_id, volume_ml, patient_id, administered_at);
CREATE UNIQUE INDEX administration_once_per_session ON administration (appointment_id)
  WHERE corrects IS NULL;
CREATE UNIQUE INDEX administration_corrected_once ON administration (corrects)
  WHERE corrects IS NOT NULL;

-- The physician's changes to the contraindication rules are audited;
-- the seed from the data file, loaded before anyone signs in, is not.
CREATE FUNCTION meso_ingredient_rule_json (r ingredient_rule) RETURNS json
  LANGUAGE sql STABLE AS $$
  SELECT json_build_object ('condition', r.condition, 'severity', r.severity, 'note', r.note)
$$;
CREATE FUNCTION ingredient_rule_audit_insert () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM meso_audit_add (meso_actor (), 'ingredient_rule', new.ingredient_id, NULL, 'insert',
                          NULL, meso_ingredient_rule_json (new));
  RETURN NULL;
END $$;
CREATE TRIGGER ingredient_rule_audit_insert AFTER INSERT ON ingredient_rule
  FOR EACH ROW WHEN (meso_actor_or_null () IS NOT NULL)
  EXECUTE FUNCTION ingredient_rule_audit_insert ();
CREATE FUNCTION ingredient_rule_audit_update () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM meso_audit_add (meso_actor (), 'ingredient_rule', new.ingredient_id, NULL, 'update',
                          meso_ingredient_rule_json (old), meso_ingredient_rule_json (new));
  RETURN NULL;
END $$;
CREATE TRIGGER ingredient_rule_audit_update AFTER UPDATE ON ingredient_rule
  FOR EACH ROW EXECUTE FUNCTION ingredient_rule_audit_update ();
CREATE FUNCTION meso_ingredient_json (i ingredient) RETURNS json
  LANGUAGE sql STABLE AS $$
  SELECT json_build_object ('name', i.name, 'unit', i.unit, 'usual', i.usual,
                            'maximum', i.maximum, 'notes', i.notes)
$$;
CREATE FUNCTION ingredient_audit_insert () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM meso_audit_add (meso_actor (), 'ingredient', new.id, NULL, 'insert', NULL,
                          meso_ingredient_json (new));
  RETURN NULL;
END $$;
CREATE TRIGGER ingredient_audit_insert AFTER INSERT ON ingredient
  FOR EACH ROW WHEN (meso_actor_or_null () IS NOT NULL)
  EXECUTE FUNCTION ingredient_audit_insert ();
CREATE FUNCTION ingredient_audit_update () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM meso_audit_add (meso_actor (), 'ingredient', new.id, NULL, 'update',
                          meso_ingredient_json (old), meso_ingredient_json (new));
  RETURN NULL;
END $$;
CREATE TRIGGER ingredient_audit_update AFTER UPDATE ON ingredient
  FOR EACH ROW EXECUTE FUNCTION ingredient_audit_update ();
CREATE FUNCTION incompatibility_audit_insert () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM meso_audit_add (meso_actor (), 'incompatibility', new.first_id, NULL, 'insert', NULL,
                          json_build_object ('second_id', new.second_id, 'note', new.note));
  RETURN NULL;
END $$;
CREATE TRIGGER incompatibility_audit_insert AFTER INSERT ON incompatibility
  FOR EACH ROW WHEN (meso_actor_or_null () IS NOT NULL)
  EXECUTE FUNCTION incompatibility_audit_insert ();
CREATE FUNCTION incompatibility_audit_delete () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM meso_audit_add (meso_actor (), 'incompatibility', old.first_id, NULL, 'delete',
                          json_build_object ('second_id', old.second_id, 'note', old.note),
                          NULL);
  RETURN NULL;
END $$;
CREATE TRIGGER incompatibility_audit_delete AFTER DELETE ON incompatibility
  FOR EACH ROW EXECUTE FUNCTION incompatibility_audit_delete ();
CREATE FUNCTION ingredient_rule_audit_delete () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM meso_audit_add (meso_actor (), 'ingredient_rule', old.ingredient_id, NULL, 'delete',
                          meso_ingredient_rule_json (old), NULL);
  RETURN NULL;
END $$;
CREATE TRIGGER ingredient_rule_audit_delete AFTER DELETE ON ingredient_rule
  FOR EACH ROW EXECUTE FUNCTION ingredient_rule_audit_delete ();
