-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 9 on PostgreSQL 15 (data/schema/0009-patient-overlap.sql).
-- Never edit a released version.

-- A patient is in one place at a time: the overlap check covers the
-- patient too, as the store already did, so other programs cannot book
-- them twice with another practitioner in another room.
ALTER TABLE appointment ADD CONSTRAINT appointment_no_double_booking_patient
  EXCLUDE USING gist (patient_id WITH =, int8range (starts_at, ends_at) WITH &&)
  WHERE (status NOT IN ('cancelled', 'no_show'));
