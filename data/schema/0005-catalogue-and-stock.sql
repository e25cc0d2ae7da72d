-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 5, run once in its own transaction (see meso-schema.c). The lines are
-- joined with no newline between them: a space that SQL needs begins the next line. A
-- line starting with -- is a comment. Never edit a released version: add a new file.

-- The ingredient catalogue, seeded from data/ingredients.json into an
-- empty database and then the physicians' to edit. Concentrations are
-- in the ingredient's unit.
CREATE TABLE ingredient (
  id       INTEGER PRIMARY KEY,
  name     TEXT NOT NULL UNIQUE CHECK (length (name) BETWEEN 1 AND 100),
  category TEXT NOT NULL DEFAULT '',
  form     TEXT NOT NULL DEFAULT '',
  unit     TEXT NOT NULL CHECK (unit IN ('mg/ml', '%', 'IU/ml', 'µg/ml')),
  usual    REAL NOT NULL DEFAULT 0 CHECK (usual >= 0),
  maximum  REAL NOT NULL DEFAULT 0 CHECK (maximum >= 0),
  notes    TEXT NOT NULL DEFAULT '',
  active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;
-- Contraindication rules: a screening condition, 'allergy' (the patient
-- is allergic to this ingredient) or 'blood-thinner'. Absolute rules
-- block; relative ones warn and need a recorded reason.
CREATE TABLE ingredient_rule (
  ingredient_id INTEGER NOT NULL REFERENCES ingredient (id),
  condition     TEXT NOT NULL,
  severity      TEXT NOT NULL CHECK (severity IN ('absolute', 'relative')),
  note          TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (ingredient_id, condition)
) STRICT, WITHOUT ROWID;
CREATE TABLE general_rule (
  condition TEXT PRIMARY KEY,
  severity  TEXT NOT NULL CHECK (severity IN ('absolute', 'relative')),
  note      TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE TABLE incompatibility (
  first_id  INTEGER NOT NULL REFERENCES ingredient (id),
  second_id INTEGER NOT NULL REFERENCES ingredient (id),
  note      TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (first_id, second_id),
  CHECK (first_id < second_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE recipe (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length (name) BETWEEN 1 AND 100)
) STRICT;
CREATE TABLE recipe_item (
  recipe_id     INTEGER NOT NULL REFERENCES recipe (id),
  position      INTEGER NOT NULL,
  ingredient_id INTEGER NOT NULL REFERENCES ingredient (id),
  volume_ml     REAL NOT NULL CHECK (volume_ml > 0),
  PRIMARY KEY (recipe_id, position)
) STRICT, WITHOUT ROWID;

-- Stock: products of an ingredient, and their lots.
CREATE TABLE product (
  id            INTEGER PRIMARY KEY,
  ingredient_id INTEGER NOT NULL REFERENCES ingredient (id),
  brand         TEXT NOT NULL CHECK (length (brand) BETWEEN 1 AND 100),
  vial_ml       REAL NOT NULL CHECK (vial_ml > 0),
  concentration REAL NOT NULL CHECK (concentration > 0),
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;
CREATE TABLE lot (
  id          INTEGER PRIMARY KEY,
  product_id  INTEGER NOT NULL REFERENCES product (id),
  lot_number  TEXT NOT NULL CHECK (length (lot_number) BETWEEN 1 AND 40),
  expires_on  TEXT NOT NULL CHECK (date (expires_on) IS expires_on),
  quantity_ml REAL NOT NULL CHECK (quantity_ml >= 0),
  received_on TEXT NOT NULL DEFAULT (date ('now')),
  UNIQUE (product_id, lot_number)
) STRICT;

-- What was administered. A record is written open, gets its items, and
-- is closed in the same transaction; after that nothing in it changes:
-- a correction is a new record that points to the old one.
CREATE TABLE administration (
  id              INTEGER PRIMARY KEY,
  appointment_id  INTEGER REFERENCES appointment (id),
  patient_id      INTEGER NOT NULL REFERENCES patient (id),
  staff_id        INTEGER NOT NULL REFERENCES staff (id),
  administered_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%SZ')),
  total_ml        REAL NOT NULL CHECK (total_ml > 0),
  points          INTEGER NOT NULL DEFAULT 0,
  verdict         TEXT NOT NULL CHECK (verdict IN ('clear', 'warnings')),
  overrides       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid (overrides)),
  label           TEXT NOT NULL DEFAULT '',
  corrects        INTEGER REFERENCES administration (id),
  closed          INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1))
) STRICT;
CREATE INDEX administration_by_patient ON administration (patient_id, id);
CREATE TABLE administration_item (
  administration_id INTEGER NOT NULL REFERENCES administration (id),
  position          INTEGER NOT NULL,
  ingredient_id     INTEGER NOT NULL REFERENCES ingredient (id),
  lot_id            INTEGER REFERENCES lot (id),
  volume_ml         REAL NOT NULL CHECK (volume_ml > 0),
  PRIMARY KEY (administration_id, position)
) STRICT, WITHOUT ROWID;
-- Recall: which records used a lot.
CREATE INDEX administration_item_by_lot ON administration_item (lot_id, administration_id);
CREATE TRIGGER administration_closed BEFORE UPDATE ON administration
  WHEN old.closed = 1 BEGIN
  SELECT RAISE (ABORT, 'a closed session record cannot be changed: record a correction');
END;
CREATE TRIGGER administration_no_delete BEFORE DELETE ON administration BEGIN
  SELECT RAISE (ABORT, 'session records are never deleted');
END;
CREATE TRIGGER administration_item_closed_insert BEFORE INSERT ON administration_item
  WHEN (SELECT closed FROM administration WHERE id = new.administration_id) = 1 BEGIN
  SELECT RAISE (ABORT, 'a closed session record cannot be changed: record a correction');
END;
CREATE TRIGGER administration_item_no_update BEFORE UPDATE ON administration_item BEGIN
  SELECT RAISE (ABORT, 'a closed session record cannot be changed: record a correction');
END;
CREATE TRIGGER administration_item_no_delete BEFORE DELETE ON administration_item BEGIN
  SELECT RAISE (ABORT, 'session records are never deleted');
END;
CREATE TRIGGER administration_audit AFTER UPDATE OF closed ON administration
  WHEN new.closed = 1 BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, new_values)
  VALUES (meso_actor (), 'administration', new.id, new.patient_id, 'insert',
          json_object ('total_ml', new.total_ml, 'points', new.points,
                       'verdict', new.verdict, 'overrides', json (new.overrides),
                       'corrects', new.corrects,
                       'items', (SELECT json_group_array (json_object ('ingredient',
                                   i.name, 'lot', l.lot_number, 'volume_ml', a.volume_ml))
                                 FROM administration_item a
                                 JOIN ingredient i ON i.id = a.ingredient_id
                                 LEFT JOIN lot l ON l.id = a.lot_id
                                 WHERE a.administration_id = new.id)));
END;
CREATE TRIGGER lot_audit_update AFTER UPDATE OF quantity_ml ON lot BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, old_values, new_values)
  VALUES (meso_actor (), 'lot', new.id, 'update',
          json_object ('quantity_ml', old.quantity_ml),
          json_object ('quantity_ml', new.quantity_ml));
END;
