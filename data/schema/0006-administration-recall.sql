-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 6, run once in its own transaction (see meso-schema.c). The lines are
-- joined with no newline between them: a space that SQL needs begins the next line. A
-- line starting with -- is a comment. Never edit a released version: add a new file.

-- A session has one record; changing it is a chain of corrections,
-- each correcting the one before, never two of the same record.
CREATE INDEX administration_by_appointment ON administration (appointment_id);
-- A record never changes, so its items can repeat its patient and
-- time: a recall then reads the lot's index and the patients, not a
-- million records.
DROP TRIGGER administration_item_no_update;
ALTER TABLE administration_item ADD COLUMN patient_id INTEGER REFERENCES patient (id);
ALTER TABLE administration_item ADD COLUMN administered_at TEXT;
UPDATE administration_item SET
  patient_id = (SELECT patient_id FROM administration a WHERE a.id = administration_id),
  administered_at = (SELECT administered_at FROM administration a
                     WHERE a.id = administration_id);
CREATE TRIGGER administration_item_no_update BEFORE UPDATE ON administration_item BEGIN
  SELECT RAISE (ABORT, 'a closed session record cannot be changed: record a correction');
END;
DROP INDEX administration_item_by_lot;
CREATE INDEX administration_item_by_lot ON administration_item
  (lot_id, administration_id, volume_ml, patient_id, administered_at);
CREATE UNIQUE INDEX administration_once_per_session ON administration (appointment_id)
  WHERE corrects IS NULL;
CREATE UNIQUE INDEX administration_corrected_once ON administration (corrects)
  WHERE corrects IS NOT NULL;
-- The physician's changes to the contraindication rules are audited;
-- the seed from the data file, loaded before anyone signs in, is not.
CREATE TRIGGER ingredient_rule_audit_insert AFTER INSERT ON ingredient_rule
  WHEN meso_actor_or_null () IS NOT NULL BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, new_values)
  VALUES (meso_actor (), 'ingredient_rule', new.ingredient_id, 'insert',
          json_object ('condition', new.condition, 'severity', new.severity,
                       'note', new.note));
END;
CREATE TRIGGER ingredient_rule_audit_update AFTER UPDATE ON ingredient_rule BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, old_values, new_values)
  VALUES (meso_actor (), 'ingredient_rule', new.ingredient_id, 'update',
          json_object ('condition', old.condition, 'severity', old.severity,
                       'note', old.note),
          json_object ('condition', new.condition, 'severity', new.severity,
                       'note', new.note));
END;
CREATE TRIGGER ingredient_audit_insert AFTER INSERT ON ingredient
  WHEN meso_actor_or_null () IS NOT NULL BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, new_values)
  VALUES (meso_actor (), 'ingredient', new.id, 'insert',
          json_object ('name', new.name, 'unit', new.unit, 'usual', new.usual,
                       'maximum', new.maximum, 'notes', new.notes));
END;
CREATE TRIGGER ingredient_audit_update AFTER UPDATE ON ingredient BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, old_values, new_values)
  VALUES (meso_actor (), 'ingredient', new.id, 'update',
          json_object ('name', old.name, 'unit', old.unit, 'usual', old.usual,
                       'maximum', old.maximum, 'notes', old.notes),
          json_object ('name', new.name, 'unit', new.unit, 'usual', new.usual,
                       'maximum', new.maximum, 'notes', new.notes));
END;
CREATE TRIGGER incompatibility_audit_insert AFTER INSERT ON incompatibility
  WHEN meso_actor_or_null () IS NOT NULL BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, new_values)
  VALUES (meso_actor (), 'incompatibility', new.first_id, 'insert',
          json_object ('second_id', new.second_id, 'note', new.note));
END;
CREATE TRIGGER incompatibility_audit_delete AFTER DELETE ON incompatibility BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, old_values)
  VALUES (meso_actor (), 'incompatibility', old.first_id, 'delete',
          json_object ('second_id', old.second_id, 'note', old.note));
END;
CREATE TRIGGER ingredient_rule_audit_delete AFTER DELETE ON ingredient_rule BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, old_values)
  VALUES (meso_actor (), 'ingredient_rule', old.ingredient_id, 'delete',
          json_object ('condition', old.condition, 'severity', old.severity,
                       'note', old.note));
END;
