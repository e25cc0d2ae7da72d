-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 19 on PostgreSQL 15 (data/schema/0019-messages-by-rules.sql).
-- Never edit a released version.

-- Messages are now also made by the clinic's rules, in a worker that acts
-- for the clinic whether anyone is signed in or not: a message queued by
-- nobody names no staff member, as its sending already did.
CREATE OR REPLACE FUNCTION message_audit () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM meso_audit_add (meso_actor_or_null (), 'message', new.id, new.patient_id, 'insert',
                            NULL,
                            json_build_object ('kind', new.kind, 'recipient', new.recipient,
                                               'subject', new.subject, 'state', new.state));
  ELSE
    PERFORM meso_audit_add (meso_actor_or_null (), 'message', new.id, new.patient_id, 'update',
                            json_build_object ('state', old.state, 'answer', old.answer),
                            json_build_object ('state', new.state, 'answer', new.answer,
                                               'attempts', new.attempts));
  END IF;
  RETURN NULL;
END $$;
-- What a message made by a rule has attached: made when it is sent, from
-- the event it is about, so that a message sent again carries the same.
ALTER TABLE message ADD COLUMN attachment text NOT NULL DEFAULT 'none'
  CHECK (attachment IN ('none', 'aftercare-sheet', 'calendar'));
-- The failed messages, which each pass of the rules reads (with the queued
-- ones) to cancel those whose appointment went away.
CREATE INDEX message_failed ON message (kind) WHERE state = 'failed';
