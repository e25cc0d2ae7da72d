-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 18, run once in its own transaction (see meso-schema.c). The lines are
-- joined with no newline between them: a space that SQL needs begins the next line. A
-- line starting with -- is a comment. Never edit a released version: add a new file.

-- What a patient agreed to be sent, by channel, and on which day: nothing
-- is sent to a patient without it. Audited, as the clinic must be able to
-- show the consent.
CREATE TABLE patient_consent (
  patient_id INTEGER NOT NULL REFERENCES patient (id),
  channel    TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
  agreed_on  TEXT NOT NULL CHECK (date (agreed_on) IS agreed_on),
  PRIMARY KEY (patient_id, channel)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER patient_consent_audit_insert AFTER INSERT ON patient_consent BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, new_values)
  VALUES (meso_actor (), 'patient_consent', new.patient_id, new.patient_id, 'insert',
          json_object ('channel', new.channel, 'agreed_on', new.agreed_on));
END;
CREATE TRIGGER patient_consent_audit_update AFTER UPDATE ON patient_consent
  WHEN old.agreed_on IS NOT new.agreed_on BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, old_values, new_values)
  VALUES (meso_actor (), 'patient_consent', new.patient_id, new.patient_id, 'update',
          json_object ('channel', old.channel, 'agreed_on', old.agreed_on),
          json_object ('channel', new.channel, 'agreed_on', new.agreed_on));
END;
CREATE TRIGGER patient_consent_audit_delete AFTER DELETE ON patient_consent BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, old_values)
  VALUES (meso_actor (), 'patient_consent', old.patient_id, old.patient_id, 'delete',
          json_object ('channel', old.channel, 'agreed_on', old.agreed_on));
END;

-- The outbox: a row per message, written in the transaction of the event
-- that made it, once per kind and source (the event). A sender takes a
-- queued row by marking it 'sending' with its name and the time by which
-- it will have finished; a row still 'sending' after that lost its sender
-- and is queued again. AUTOINCREMENT: an id, which the Message-ID is made
-- of, is never reused.
CREATE TABLE message (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  patient_id    INTEGER NOT NULL REFERENCES patient (id),
  channel       TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
  kind          TEXT NOT NULL
                CHECK (kind IN ('confirmation', 'aftercare', 'next-session', 'maintenance')),
  source        TEXT NOT NULL CHECK (length (source) BETWEEN 1 AND 200),
  recipient     TEXT NOT NULL CHECK (length (recipient) BETWEEN 1 AND 254),
  subject       TEXT NOT NULL CHECK (length (subject) <= 500),
  body          TEXT NOT NULL CHECK (length (body) <= 20000),
  state         TEXT NOT NULL DEFAULT 'queued'
                CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
  send_at       INTEGER NOT NULL,
  attempts      INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  claimed_by    TEXT,
  claimed_until INTEGER,
  answer        TEXT NOT NULL DEFAULT '' CHECK (length (answer) <= 1000),
  created_at    INTEGER NOT NULL,
  sent_at       INTEGER,
  UNIQUE (kind, source)
) STRICT;
CREATE INDEX message_to_send ON message (send_at) WHERE state = 'queued';
CREATE INDEX message_sending ON message (claimed_until) WHERE state = 'sending';
CREATE INDEX message_by_patient ON message (patient_id, id);
CREATE TRIGGER message_audit_insert AFTER INSERT ON message BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, new_values)
  VALUES (meso_actor (), 'message', new.id, new.patient_id, 'insert',
          json_object ('kind', new.kind, 'recipient', new.recipient, 'subject', new.subject,
                       'state', new.state));
END;
-- Every change of state but a sender's claim: sent, failed or put back
-- with the server's answer, cancelled, tried again. A sender acts for
-- nobody (its workstation may have nobody signed in): no staff member.
CREATE TRIGGER message_audit_update AFTER UPDATE OF state ON message
  WHEN old.state IS NOT new.state AND new.state <> 'sending' BEGIN
  INSERT INTO audit (staff_id, table_name, row_id, patient_id, action, old_values, new_values)
  VALUES (meso_actor_or_null (), 'message', new.id, new.patient_id, 'update',
          json_object ('state', old.state, 'answer', old.answer),
          json_object ('state', new.state, 'answer', new.answer, 'attempts', new.attempts));
END;
