-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 23, run once in its own transaction (see meso-schema.c). The lines are
-- joined with no newline between them: a space that SQL needs begins the next line. A
-- line starting with -- is a comment. Never edit a released version: add a new file.

-- Scalp photos (meso-photo-store.c), taken the same way every session: the
-- standard views, the clinic's own, and trichoscopy close-ups at the scalp
-- map's named spots. A standard view has a code the application names in
-- the reader's language; a clinic's own has the name the clinic gave it.
CREATE TABLE photo_view (
  id       INTEGER PRIMARY KEY,
  code     TEXT UNIQUE CHECK (code IN ('vertex', 'hairline', 'temple-left', 'temple-right',
                                       'back', 'part', 'trichoscopy')),
  name     TEXT CHECK (name IS NULL OR length (name) BETWEEN 1 AND 80),
  position INTEGER NOT NULL CHECK (position BETWEEN 0 AND 1000),
  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  CHECK ((code IS NULL) <> (name IS NULL))
) STRICT;
INSERT INTO photo_view (code, position) VALUES ('vertex', 0), ('hairline', 1),
  ('temple-left', 2), ('temple-right', 3), ('back', 4), ('part', 5), ('trichoscopy', 6);
CREATE TRIGGER photo_view_audit_insert AFTER INSERT ON photo_view BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, new_values)
  VALUES (meso_actor (), 'photo_view', new.id, 'insert',
          json_object ('name', new.name, 'archived', new.archived));
END;
CREATE TRIGGER photo_view_audit_update AFTER UPDATE ON photo_view BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, action, old_values, new_values)
  VALUES (meso_actor (), 'photo_view', new.id,
          CASE WHEN old.archived = new.archived THEN 'update'
               WHEN new.archived THEN 'archive' ELSE 'unarchive' END,
          json_object ('name', old.name, 'archived', old.archived),
          json_object ('name', new.name, 'archived', new.archived));
END;
CREATE TRIGGER photo_view_standard_stays BEFORE UPDATE ON photo_view
  WHEN old.code IS NOT new.code BEGIN
  SELECT RAISE (ABORT, 'a standard view stays what it is');
END;

-- One photo of a session: what it shows, the patient's consent to its use
-- (the clinical record only, or teaching and marketing too) and since when,
-- and the SHA-256 of the stored image and thumbnail, checked on every read
-- and by --check. The images themselves are in photo_image, so that lists
-- and the audit never read them. A photo is removed by marking it: the
-- record keeps it.
CREATE TABLE photo (
  id               INTEGER PRIMARY KEY,
  appointment_id   INTEGER NOT NULL REFERENCES appointment (id),
  patient_id       INTEGER NOT NULL REFERENCES patient (id),
  view_id          INTEGER NOT NULL REFERENCES photo_view (id),
  spot             TEXT CHECK (spot IS NULL OR length (spot) BETWEEN 1 AND 80),
  width            INTEGER NOT NULL CHECK (width BETWEEN 1 AND 2048),
  height           INTEGER NOT NULL CHECK (height BETWEEN 1 AND 2048),
  image_sha256     TEXT NOT NULL CHECK (length (image_sha256) = 64),
  thumbnail_sha256 TEXT NOT NULL CHECK (length (thumbnail_sha256) = 64),
  consent          TEXT NOT NULL CHECK (consent IN ('clinical', 'teaching')),
  consent_on       TEXT NOT NULL CHECK (date (consent_on) IS consent_on),
  file_name        TEXT NOT NULL CHECK (length (file_name) BETWEEN 1 AND 255),
  imported_at      TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%SZ')),
  removed_on       TEXT CHECK (removed_on IS NULL OR date (removed_on) IS removed_on),
  erased_on        TEXT CHECK (erased_on IS NULL OR date (erased_on) IS erased_on),
  revision         INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX photo_by_patient ON photo (patient_id, view_id);
CREATE INDEX photo_by_session ON photo (appointment_id);
CREATE TABLE photo_image (
  photo_id  INTEGER PRIMARY KEY REFERENCES photo (id),
  image     BLOB NOT NULL CHECK (length (image) BETWEEN 1 AND 16777216),
  thumbnail BLOB NOT NULL CHECK (length (thumbnail) BETWEEN 1 AND 1048576)
) STRICT;
-- A session's photo is of that session's patient.
CREATE TRIGGER photo_same_patient BEFORE INSERT ON photo
  WHEN (SELECT patient_id FROM appointment WHERE id = new.appointment_id)
       IS NOT new.patient_id BEGIN
  SELECT RAISE (ABORT, 'a photo belongs to its session''s patient');
END;
CREATE TRIGGER photo_stays_with_session BEFORE UPDATE ON photo
  WHEN old.appointment_id IS NOT new.appointment_id OR old.patient_id IS NOT new.patient_id
    OR old.image_sha256 IS NOT new.image_sha256
    OR old.thumbnail_sha256 IS NOT new.thumbnail_sha256 BEGIN
  SELECT RAISE (ABORT, 'a photo stays with its session and its image');
END;
CREATE TRIGGER photo_image_kept BEFORE UPDATE ON photo_image BEGIN
  SELECT RAISE (ABORT, 'a photo stays with its session and its image');
END;
CREATE TRIGGER photo_audit_insert AFTER INSERT ON photo BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, new_values)
  VALUES (meso_actor (), 'photo', new.id, new.patient_id, 'insert',
          json_object ('appointment_id', new.appointment_id, 'view_id', new.view_id,
                       'spot', new.spot, 'consent', new.consent,
                       'consent_on', new.consent_on, 'file_name', new.file_name,
                       'image_sha256', new.image_sha256));
END;
CREATE TRIGGER photo_audit_update AFTER UPDATE ON photo BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, old_values,
                     new_values)
  VALUES (meso_actor (), 'photo', new.id, new.patient_id,
          CASE WHEN old.removed_on IS new.removed_on THEN 'update'
               WHEN new.removed_on IS NOT NULL THEN 'archive' ELSE 'unarchive' END,
          json_object ('view_id', old.view_id, 'spot', old.spot, 'consent', old.consent,
                       'consent_on', old.consent_on, 'removed_on', old.removed_on,
                       'erased_on', old.erased_on),
          json_object ('view_id', new.view_id, 'spot', new.spot, 'consent', new.consent,
                       'consent_on', new.consent_on, 'removed_on', new.removed_on,
                       'erased_on', new.erased_on));
END;

-- Who looked at a patient's photos, exported or printed them: a clinical
-- photo is seen by physicians and administrators only, and every look is
-- in the audit trail with the patient's other entries. A list of the
-- patient's thumbnails is one look (no photo_id).
CREATE TABLE photo_access (
  id         INTEGER PRIMARY KEY,
  photo_id   INTEGER REFERENCES photo (id),
  patient_id INTEGER NOT NULL REFERENCES patient (id),
  staff_id   INTEGER NOT NULL REFERENCES staff (id),
  purpose    TEXT NOT NULL CHECK (purpose IN ('list', 'view', 'export', 'print')),
  at         TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%SZ'))
) STRICT;
CREATE INDEX photo_access_by_patient ON photo_access (patient_id);
CREATE TRIGGER photo_access_audit_insert AFTER INSERT ON photo_access BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, new_values)
  VALUES (meso_actor (), 'photo_access', new.id, new.patient_id, 'insert',
          json_object ('photo_id', new.photo_id, 'purpose', new.purpose));
END;
CREATE TRIGGER photo_access_no_update BEFORE UPDATE ON photo_access BEGIN
  SELECT RAISE (ABORT, 'the audit trail cannot be changed');
END;
CREATE TRIGGER photo_access_no_delete BEFORE DELETE ON photo_access BEGIN
  SELECT RAISE (ABORT, 'the audit trail cannot be changed');
END;

-- A comparison the physician aligned: the landmarks clicked on the photo
-- laid over (photo_id) and on the photo under it (base_id), in image
-- pixels, as "x y bx by" for each of two or three landmarks; the
-- similarity is fitted again from them when the comparison opens.
CREATE TABLE photo_alignment (
  photo_id   INTEGER NOT NULL REFERENCES photo (id),
  base_id    INTEGER NOT NULL REFERENCES photo (id),
  patient_id INTEGER NOT NULL REFERENCES patient (id),
  landmarks  TEXT NOT NULL CHECK (length (landmarks) BETWEEN 7 AND 400),
  updated_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%SZ')),
  PRIMARY KEY (photo_id, base_id),
  CHECK (photo_id <> base_id)
) STRICT;
CREATE TRIGGER photo_alignment_audit_insert AFTER INSERT ON photo_alignment BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, new_values)
  VALUES (meso_actor (), 'photo_alignment', new.photo_id, new.patient_id, 'insert',
          json_object ('base_id', new.base_id, 'landmarks', new.landmarks));
END;
CREATE TRIGGER photo_alignment_audit_update AFTER UPDATE ON photo_alignment BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, old_values,
                     new_values)
  VALUES (meso_actor (), 'photo_alignment', new.photo_id, new.patient_id, 'update',
          json_object ('base_id', old.base_id, 'landmarks', old.landmarks),
          json_object ('base_id', new.base_id, 'landmarks', new.landmarks));
END;
-- Hairs counted on a trichoscopy photo: the 1 cm² square the physician
-- marked (its corner and side in image pixels) and each hair tapped in it,
-- as "x y t" or "x y v" (terminal or vellus), so that the count can be
-- checked and corrected; the totals beside them for the progress chart.
CREATE TABLE photo_count (
  photo_id    INTEGER PRIMARY KEY REFERENCES photo (id),
  patient_id  INTEGER NOT NULL REFERENCES patient (id),
  square_x    REAL NOT NULL CHECK (square_x BETWEEN 0 AND 2048),
  square_y    REAL NOT NULL CHECK (square_y BETWEEN 0 AND 2048),
  square_side REAL NOT NULL CHECK (square_side > 0 AND square_side <= 2048),
  terminal    INTEGER NOT NULL CHECK (terminal BETWEEN 0 AND 1000),
  vellus      INTEGER NOT NULL CHECK (vellus BETWEEN 0 AND 1000),
  marks       TEXT NOT NULL CHECK (length (marks) <= 30000),
  updated_at  TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%SZ'))
) STRICT;
CREATE INDEX photo_count_by_patient ON photo_count (patient_id);
CREATE TRIGGER photo_count_audit_insert AFTER INSERT ON photo_count BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, new_values)
  VALUES (meso_actor (), 'photo_count', new.photo_id, new.patient_id, 'insert',
          json_object ('terminal', new.terminal, 'vellus', new.vellus));
END;
CREATE TRIGGER photo_count_audit_update AFTER UPDATE ON photo_count BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, old_values,
                     new_values)
  VALUES (meso_actor (), 'photo_count', new.photo_id, new.patient_id, 'update',
          json_object ('terminal', old.terminal, 'vellus', old.vellus),
          json_object ('terminal', new.terminal, 'vellus', new.vellus));
END;
-- Where the scalp map's drawing of the photo's view lies on the photo, as
-- the physician placed it: the similarity from the map's millimetres to
-- the photo's pixels (x' = a x - b y + tx, y' = b x + a y + ty), between a
-- tenth of a pixel and 200 pixels to the millimetre.
CREATE TABLE photo_map_placement (
  photo_id   INTEGER PRIMARY KEY REFERENCES photo (id),
  patient_id INTEGER NOT NULL REFERENCES patient (id),
  a          REAL NOT NULL CHECK (a BETWEEN -200 AND 200),
  b          REAL NOT NULL CHECK (b BETWEEN -200 AND 200),
  tx         REAL NOT NULL CHECK (tx BETWEEN -8192 AND 8192),
  ty         REAL NOT NULL CHECK (ty BETWEEN -8192 AND 8192),
  updated_at TEXT NOT NULL DEFAULT (strftime ('%Y-%m-%dT%H:%M:%SZ')),
  CHECK (a * a + b * b BETWEEN 0.01 AND 40000)
) STRICT;
CREATE TRIGGER photo_map_placement_audit_insert AFTER INSERT ON photo_map_placement BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, new_values)
  VALUES (meso_actor (), 'photo_map_placement', new.photo_id, new.patient_id, 'insert',
          json_object ('placement', printf ('%.4f %.4f %.1f %.1f', new.a, new.b, new.tx,
                                            new.ty)));
END;
CREATE TRIGGER photo_map_placement_audit_update AFTER UPDATE ON photo_map_placement BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, old_values,
                     new_values)
  VALUES (meso_actor (), 'photo_map_placement', new.photo_id, new.patient_id, 'update',
          json_object ('placement', printf ('%.4f %.4f %.1f %.1f', old.a, old.b, old.tx,
                                            old.ty)),
          json_object ('placement', printf ('%.4f %.4f %.1f %.1f', new.a, new.b, new.tx,
                                            new.ty)));
END;
-- A photo is part of the record: removing one marks it.
CREATE TRIGGER photo_no_delete BEFORE DELETE ON photo BEGIN
  SELECT RAISE (ABORT, 'a photo is kept in the record');
END;
CREATE TRIGGER photo_image_no_delete BEFORE DELETE ON photo_image
  WHEN (SELECT erased_on FROM photo WHERE id = old.photo_id) IS NULL BEGIN
  SELECT RAISE (ABORT, 'a photo is kept in the record');
END;
-- Anonymising a patient erases the images of their photos that may show
-- the face: the row stays, marked, without its image. Only then, and for
-- good.
CREATE TRIGGER photo_erased_with_patient BEFORE UPDATE OF erased_on ON photo
  WHEN old.erased_on IS NOT new.erased_on
   AND (old.erased_on IS NOT NULL
        OR (SELECT anonymised_on FROM patient WHERE id = new.patient_id) IS NULL) BEGIN
  SELECT RAISE (ABORT, 'a photo is erased only with its anonymised patient, and for good');
END;
CREATE TRIGGER photo_image_stays_erased BEFORE INSERT ON photo_image
  WHEN (SELECT erased_on FROM photo WHERE id = new.photo_id) IS NOT NULL BEGIN
  SELECT RAISE (ABORT, 'a photo is erased only with its anonymised patient, and for good');
END;
