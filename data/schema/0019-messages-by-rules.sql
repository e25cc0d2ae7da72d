-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 19, run once in its own transaction (see meso-schema.c). The lines are
-- joined with no newline between them: a space that SQL needs begins the next line. A
-- line starting with -- is a comment. Never edit a released version: add a new file.

-- Messages are now also made by the clinic's rules, in a worker that acts
-- for the clinic whether anyone is signed in or not: a message queued by
-- nobody names no staff member, as its sending already did.
DROP TRIGGER message_audit_insert;
CREATE TRIGGER message_audit_insert AFTER INSERT ON message BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, new_values)
  VALUES (meso_actor_or_null (), 'message', new.id, new.patient_id, 'insert',
          json_object ('kind', new.kind, 'recipient', new.recipient, 'subject', new.subject,
                       'state', new.state));
END;
-- What a message made by a rule has attached: made when it is sent, from
-- the event it is about, so that a message sent again carries the same.
ALTER TABLE message ADD COLUMN attachment TEXT NOT NULL DEFAULT 'none'
  CHECK (attachment IN ('none', 'aftercare-sheet', 'calendar'));
-- The failed messages, which each pass of the rules reads (with the queued
-- ones) to cancel those whose appointment went away.
CREATE INDEX message_failed ON message (kind) WHERE state = 'failed';
