#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-schema-pg.sh PG_VIRTUALENV SCHEMA_DIR: the PostgreSQL schema
# (data/schema-pg/) on a real server keeps SQLite's guarantees: the audit
# trail names who acted and refuses anonymous writes, no double booking, no
# deleted patients or audit rows, and the same hash chain as SQLite
# (tests/test-audit-link.c). It runs itself again through pg_virtualenv -t
# -v 15, which makes a throw-away cluster in a temporary folder (so that
# runs side by side, even as root, do not share one) and sets PGHOST,
# PGPORT, PGUSER, PGPASSWORD and PGDATABASE; its own lines become TAP
# comments.
set -euo pipefail

if [ -z "${MESO_IN_PG_VIRTUALENV:-}" ]; then
  # A port of its own: two clusters made at once would both take the first free one.
  port=$((20000 + (RANDOM * 32768 + RANDOM + $$) % 40000))
  MESO_IN_PG_VIRTUALENV=1 "${1:?usage: test-schema-pg.sh PG_VIRTUALENV SCHEMA_DIR}" -t -v 15 \
    -c "-p $port" "$0" "$@" | sed -u -E '/^(ok|not ok|1\.\.|#|Bail out!)/!s/^/# /'
  exit "${PIPESTATUS[0]}"
fi
schema_dir=${2:?usage: test-schema-pg.sh PG_VIRTUALENV SCHEMA_DIR}
export PGCLIENTENCODING=UTF8
db=meso_schema_$$
chain_db=meso_chain_$$
n=0
failed=0

ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () {
  n=$((n + 1)); failed=1; echo "not ok $n - $1"; shift
  for l in "$@"; do echo "# $l"; done
}

# psql on a database: no .psqlrc, stop at the first error, bare output.
# Errors come with their SQLSTATE ("ERROR:  23P01: ...").
sql_on () {
  local d=$1; shift
  psql -X -q -tA -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -d "$d" "$@"
}
sql () { sql_on "$db" -c "$1"; }
# One write transaction as the engine makes it: the actor first (staff id
# $1, '' for nobody), then the statements.
as_actor () {
  sql_on "$db" -o /dev/null \
    -c "BEGIN; SELECT set_config ('meso.actor', '$1', true); $2; COMMIT;"
}

check () {  # check NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then ok "$1"; else not_ok "$1" "expected: $2" "got:      $3"; fi
}

refused () {  # refused NAME SQLSTATE TEXT ACTOR SQL: the write fails with that SQLSTATE and text
  local out
  if out=$(as_actor "$4" "$5" 2>&1); then
    not_ok "$1" "was not refused: $5"
  elif [[ "$out" == *"ERROR:  $2: "*"$3"* ]]; then
    ok "$1"
  else
    not_ok "$1" "expected $2 with: $3" "got: $out"
  fi
}

passes () {  # passes NAME ACTOR SQL: the write commits
  local out
  if out=$(as_actor "$2" "$3" 2>&1); then ok "$1"; else not_ok "$1" "refused: $out"; fi
}

apply () {  # apply DATABASE FILE...: each file in one transaction, as the engine does
  local d=$1; shift
  for file in "$@"; do
    sql_on "$d" -o /dev/null --single-transaction -f "$file"
  done
}

cleanup () {
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "DROP DATABASE IF EXISTS $chain_db" \
    >/dev/null 2>&1 || true
}
trap cleanup EXIT

for d in "$db" "$chain_db"; do
  psql -X -q -v ON_ERROR_STOP=1 -d postgres \
    -c "CREATE DATABASE $d ENCODING 'UTF8' TEMPLATE template0 LOCALE 'C'"
done

files=("$schema_dir"/[0-9][0-9][0-9][0-9]-*.sql)
check "one file per SQLite version, 0001 to 0013" 13 "${#files[@]}"

# The whole set on an empty database.
start=$(date +%s%N)
apply "$db" "${files[@]}"
ms=$((($(date +%s%N) - start) / 1000000))
echo "# applied ${#files[@]} versions in $ms ms"
check "every version applies to an empty database in under 10 s" yes \
  "$([ "$ms" -lt 10000 ] && echo yes || echo "no: $ms ms")"
check "the only extension made is btree_gist, and nothing is outside public" \
  "btree_gist|0" \
  "$(sql "SELECT (SELECT string_agg (extname, ',' ORDER BY extname) FROM pg_extension
                  WHERE extname <> 'plpgsql')
                 || '|' || (SELECT count (*) FROM pg_class c JOIN pg_namespace s
                                              ON s.oid = c.relnamespace
                            WHERE s.nspname NOT IN ('public', 'pg_catalog', 'information_schema',
                                                    'pg_toast'))")"
check "the clinic's iCalendar domain is 16 random hex digits" t \
  "$(sql "SELECT value ~ '^[0-9a-f]{16}\.mesodesk$' FROM setting
          WHERE key = 'calendar.ical-domain'")"

# Who acts. The first account is made before anyone can sign in.
as_actor "" "INSERT INTO staff (display_name, role, secret_hash)
             VALUES ('Dr Öztürk', 'physician',
                     '\$argon2id\$v=19\$m=19456,t=2,p=1\$c2FsdA\$aGFzaA')"
check "the first account is audited with nobody as actor" \
  '|staff|insert|{"role": "physician", "active": 1, "display_name": "Dr Öztürk"}' \
  "$(sql "SELECT concat_ws ('|', coalesce (staff_id::text, ''), table_name, action,
                            new_values::jsonb)
          FROM audit ORDER BY id DESC LIMIT 1")"
# An explicit id, as a clinic copied from SQLite keeps its ids.
patient="INSERT INTO patient (id, family_name, given_name, birth_date, sort_key, search_text,
                              created_at, updated_at)
         VALUES (1, 'Şahin', 'Ayşe', NULL, 'sahin ayse', 'sahin ayse', 'x', 'x')"
refused "a write with no actor set is refused" P0001 "nobody is signed in" "" "$patient"
refused "a write with an empty actor is refused" P0001 "nobody is signed in" "" \
  "SELECT set_config ('meso.actor', '', true); $patient"
as_actor 1 "$patient"
check "a write with an actor is audited with that staff id and the row's values" \
  '1|patient|1|1|insert|no old values|{"sex": "unknown", "email": "", "notes": "", '\
'"phone": "", "address": "", "archived": 0, "language": "", "birth_date": null, '\
'"given_name": "Ayşe", "family_name": "Şahin"}' \
  "$(sql "SELECT concat_ws ('|', staff_id, table_name, row_id, patient_id, action,
                            coalesce (old_values, 'no old values'), new_values::jsonb)
          FROM audit ORDER BY id DESC LIMIT 1")"
check "JSON keeps numbers as numbers, text as text and NULL as null" "number,string,null" \
  "$(sql "SELECT concat_ws (',', json_typeof (new_values::json -> 'archived'),
                            json_typeof (new_values::json -> 'sex'),
                            json_typeof (new_values::json -> 'birth_date'))
          FROM audit ORDER BY id DESC LIMIT 1")"
before=$(sql "SELECT count (*) FROM audit")
as_actor 1 "UPDATE patient SET family_name = 'Şahin', notes = '' WHERE id = 1"
check "a save that changed nothing leaves no trace" "$before" "$(sql "SELECT count (*) FROM audit")"
as_actor 1 "UPDATE patient SET archived = 1 WHERE id = 1"
check "archiving is audited as such, old and new" "archive|0|1" \
  "$(sql "SELECT concat_ws ('|', action, old_values::json ->> 'archived',
                            new_values::json ->> 'archived') FROM audit ORDER BY id DESC LIMIT 1")"
refused "an audited write as a staff member who does not exist is refused" 23503 "staff_id" 99 \
  "UPDATE patient SET archived = 0 WHERE id = 1"

# No double booking: practitioners 1-2, rooms 1-2, patients 1-3.
as_actor 1 "UPDATE patient SET archived = 0 WHERE id = 1;
  INSERT INTO patient (id, family_name, sort_key, search_text, created_at, updated_at)
    VALUES (2, 'Иванова', 'ivanova', 'ivanova', 'x', 'x'), (3, 'Kaya', 'kaya', 'kaya', 'x', 'x');
  INSERT INTO practitioner (display_name) VALUES ('Dr A'), ('Dr B');
  INSERT INTO room (name) VALUES ('Room 1'), ('Room 2')"
# The patient search (meso-patient-store-search.c): a word's beginning,
# a range of the words' table, which its trigger keeps.
words () {  # words PREFIX: the ids of the patients with a word beginning with it
  sql "SELECT coalesce (string_agg (DISTINCT patient_id::text, ','), '') FROM patient_word
       WHERE word >= '$1' AND word < '$1' || chr (1114111)"
}
check "a search finds the beginning of a word, not its middle" "2|" "$(words iva)|$(words vanova)"
as_actor 1 "UPDATE patient SET search_text = 'petrova olga' WHERE id = 2"
check "a changed text is found by its new words, not its old ones" "2|" "$(words olg)|$(words iva)"
check "the search reads the words' index alone" 1 \
  "$(sql_on "$db" -c "SET enable_seqscan = off" -c "VACUUM patient_word" \
       -c "EXPLAIN SELECT patient_id FROM patient_word WHERE word >= 'sah' AND word < 'sah' || chr (1114111)" |
     grep -c 'Index Only Scan using patient_word_pkey')"
nine=1798794000  # Monday 1 January 2027, 09:00 UTC
book () {  # book ID PATIENT PRACTITIONER ROOM START_MINUTE END_MINUTE [STATUS]
  echo "INSERT INTO appointment (id, patient_id, practitioner_id, room_id, starts_at, ends_at,
                                 kind, status)
        VALUES ($1, $2, $3, $4, $nine + 60 * $5, $nine + 60 * $6, 'session', '${7:-booked}')"
}
as_actor 1 "$(book 1 1 1 1 0 30)"
check "a booking is audited with its start as SQLite writes it, and its minutes" \
  '{"kind": "session", "notes": "", "status": "booked", "minutes": 30, "room_id": 1, '\
'"starts_at": "2027-01-01 09:00:00Z", "practitioner_id": 1}' \
  "$(sql "SELECT new_values::jsonb FROM audit ORDER BY id DESC LIMIT 1")"
check "the patient's name is copied into the appointment" "Ayşe Şahin" \
  "$(sql "SELECT patient_name FROM appointment WHERE id = 1")"
refused "the same practitioner at an overlapping time is refused" 23P01 \
  "appointment_no_double_booking_practitioner" 1 "$(book 2 2 1 2 15 45)"
refused "the same room at an overlapping time is refused" 23P01 \
  "appointment_no_double_booking_room" 1 "$(book 2 2 2 1 15 45)"
refused "the same patient at an overlapping time is refused" 23P01 \
  "appointment_no_double_booking_patient" 1 "$(book 2 1 2 2 29 45)"
passes "back-to-back appointments of the same practitioner, room and patient pass" 1 \
  "$(book 2 1 1 1 30 60)"
passes "cancelled and missed appointments may overlap an active one" 1 \
  "$(book 3 2 1 1 0 30 cancelled); $(book 4 3 1 1 10 20 no_show)"
passes "a cancelled appointment does not block its slot" 1 \
  "UPDATE appointment SET status = 'cancelled' WHERE id = 1; $(book 5 3 1 1 0 30)"
refused "bringing back a cancelled appointment into a taken slot is refused" 23P01 \
  "appointment_no_double_booking_practitioner" 1 \
  "UPDATE appointment SET status = 'booked' WHERE id = 1"
refused "moving an appointment onto another is refused" 23P01 \
  "appointment_no_double_booking_practitioner" 1 \
  "UPDATE appointment SET starts_at = starts_at - 900, ends_at = ends_at - 900 WHERE id = 2"
refused "an appointment of more than 8 hours is refused" 23514 "appointment_check" 1 \
  "$(book 6 2 2 2 0 481)"
refused "an appointment that ends before it starts is refused" 23514 "appointment_check" 1 \
  "$(book 6 2 2 2 30 30)"
check "refusals left the day as it was" "2,3,4,5" \
  "$(sql "SELECT string_agg (id::text, ',' ORDER BY id) FROM appointment WHERE id <> 1")"

# Nothing that the trail names is deleted.
refused "an audit row cannot be changed" 23000 "the audit trail cannot be changed" 1 \
  "UPDATE audit SET action = 'delete' WHERE id = 1"
refused "an audit row cannot be deleted" 23000 "the audit trail cannot be changed" 1 \
  "DELETE FROM audit WHERE id = 1"
refused "the audit trail cannot be truncated" 23000 "the audit trail cannot be changed" 1 \
  "TRUNCATE audit CASCADE"
refused "a link of the chain cannot be changed" 23000 "the audit trail cannot be changed" 1 \
  "UPDATE audit_chain SET hash = sha256 ('') WHERE audit_id = 1"
refused "a link of the chain cannot be deleted" 23000 "the audit trail cannot be changed" 1 \
  "DELETE FROM audit_chain"
refused "a patient cannot be deleted" 23000 "patients are archived, not deleted" 1 \
  "DELETE FROM patient WHERE id = 3"
refused "an appointment cannot be deleted" 23000 "appointments are cancelled, not deleted" 1 \
  "DELETE FROM appointment"
refused "a staff account cannot be deleted" 23000 "staff accounts are deactivated, not deleted" 1 \
  "DELETE FROM staff"

# A session record: audited whole when closed, then never changed.
as_actor 1 "INSERT INTO ingredient (name, unit)
    VALUES ('Biotin', 'mg/ml'), ('Dexpanthenol', 'mg/ml');
  INSERT INTO administration (id, appointment_id, patient_id, staff_id, total_ml, verdict)
    VALUES (1, 2, 1, 1, 2.5, 'clear');
  INSERT INTO administration_item (administration_id, position, ingredient_id, volume_ml)
    VALUES (1, 2, 2, 1.5), (1, 1, 1, 1);
  UPDATE administration SET closed = 1 WHERE id = 1"
check "a closed session record is audited with its items in order" \
  '{"items": [{"lot": null, "volume_ml": 1, "ingredient": "Biotin"}, '\
'{"lot": null, "volume_ml": 1.5, "ingredient": "Dexpanthenol"}], "points": 0, '\
'"verdict": "clear", "corrects": null, "total_ml": 2.5, "overrides": []}' \
  "$(sql "SELECT new_values::jsonb FROM audit ORDER BY id DESC LIMIT 1")"
refused "an item cannot be added to a closed record" 23000 \
  "a closed session record cannot be changed: record a correction" 1 \
  "INSERT INTO administration_item (administration_id, position, ingredient_id, volume_ml)
   VALUES (1, 3, 1, 1)"
refused "a closed record cannot be changed" 23000 \
  "a closed session record cannot be changed: record a correction" 1 \
  "UPDATE administration SET label = 'x' WHERE id = 1"
refused "a scalp map must be JSON" 23514 "scalp_map_document_check" 1 \
  "INSERT INTO scalp_map (appointment_id, patient_id, document) VALUES (2, 1, '{grades')"
as_actor 1 "INSERT INTO scalp_map (appointment_id, patient_id, document, salt, volume_ml)
            VALUES (2, 1, '{\"grades\": [2, 3], \"stage\": \"III\"}', 1.25, 2.005)"
check "a scalp map's audit holds its grades as JSON and its rounded scores" \
  '{"salt": 1.3, "stage": "III", "grades": [2, 3], "points": 0, "volume_ml": 2.01}' \
  "$(sql "SELECT new_values::jsonb FROM audit ORDER BY id DESC LIMIT 1")"
refused "a birth date must be a real day" 23514 "patient_birth_date_check" 1 \
  "UPDATE patient SET birth_date = '2023-02-29' WHERE id = 2"

# Two writers at once: the second waits for the first's links, so that
# the chain has no fork.
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -o /dev/null \
  -c "BEGIN; SELECT set_config ('meso.actor', '1', true);
      UPDATE patient SET notes = 'first' WHERE id = 2; SELECT pg_sleep (2); COMMIT;" &
first=$!
# The second starts once the first has written and sits in its transaction.
for _ in $(seq 50); do
  [ "$(sql "SELECT count (*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'")" == 1 ] && break
  sleep 0.1
done
as_actor 1 "UPDATE patient SET notes = 'second' WHERE id = 3"
wait "$first"
audits=$(sql "SELECT count (*) FROM audit")
check "every audit row, concurrent ones too, links to the one before" "0/$audits" \
  "$(sql "SELECT count (*) FILTER (WHERE broken) || '/' || count (*) FROM (
            SELECT c.hash IS DISTINCT FROM meso_audit_link (lag (c.hash) OVER (ORDER BY a.id),
                     a.id, a.at, a.staff_id, a.table_name, a.row_id, a.patient_id, a.action,
                     a.old_values, a.new_values) AS broken
            FROM audit a LEFT JOIN audit_chain c ON c.audit_id = a.id) links")"

# The chain's links are SQLite's: the hex values below are those of
# tests/test-audit-link.c, which computes them through SQLite. Rows 1-2
# are written before version 10 and linked by it, row 3 by the trigger.
LINK_1=b7d88330e131070602972b07a6a32a6d52b01a49aa37a35b0039a929816c25c0
LINK_2=f55bdc0013dc3b0b57ee64e08d15ca992793f377b3b2abea23bd8dd56f7a1050
LINK_3=e82755928353ed7cd82c2cc9ada0b7aee206d7244fd0977c3efe522fa77fee87
LINK_MIXED=f3c8a9caaf709575c0a10c586cb187732e88724192aa8cadc775d9a000bfd431
ROW_1="1, '2026-01-02T03:04:05.678Z', 7, 'patient', 12, 12, 'insert', NULL,
  '{\"family_name\":\"Şahin\",\"given_name\":\"Ayşe Gül\",\"archived\":0}'"
ROW_2="2, '2026-01-02T03:04:06.000Z', NULL, 'staff', 3, NULL, 'update',
  '{\"display_name\":\"Иванова\"}', '{\"display_name\":\"Мария Иванова\",\"pin\":\"changed\"}'"
ROW_3="3, '2026-12-31T23:59:59.999Z', 7, 'lot', -5, -9223372036854775807, 'update',
  '{\"quantity_ml\":2.5}', '{\"quantity_ml\":-0.25}'"
check "meso_audit_link() of row 1 is SQLite's" "$LINK_1" \
  "$(sql "SELECT encode (meso_audit_link (NULL, $ROW_1), 'hex')")"
check "meso_audit_link() of row 2, after row 1, is SQLite's" "$LINK_2" \
  "$(sql "SELECT encode (meso_audit_link ('\\x$LINK_1', $ROW_2), 'hex')")"
check "meso_audit_link() of row 3, after row 2, is SQLite's" "$LINK_3" \
  "$(sql "SELECT encode (meso_audit_link ('\\x$LINK_2', $ROW_3), 'hex')")"
check "reals, a blob and extreme integers are encoded as SQLite encodes them" "$LINK_MIXED" \
  "$(sql "SELECT encode (meso_audit_digest (meso_audit_encode (NULL::bytea),
            meso_audit_encode (1.5::float8), meso_audit_encode (-0.25::float8),
            meso_audit_encode (1e300::float8), meso_audit_encode ('é'::text),
            meso_audit_encode ((-9223372036854775807 - 1)::bigint), meso_audit_encode (NULL::text),
            meso_audit_encode ('\\x00ff'::bytea), meso_audit_encode (0::bigint),
            meso_audit_encode (''::text)), 'hex')")"
# The fixture's staff are made with the triggers off (replica mode, for
# this superuser), so that the trail holds only the fixed rows.
columns="id, at, staff_id, table_name, row_id, patient_id, action, old_values, new_values"
apply "$chain_db" "${files[@]:0:9}"
sql_on "$chain_db" -o /dev/null -c "BEGIN; SET LOCAL session_replication_role = replica;
  INSERT INTO staff (id, display_name, role, secret_hash)
    SELECT s, 'Staff ' || s, 'physician', '\$argon2id\$x' FROM generate_series (1, 7) s;
  COMMIT;
  INSERT INTO audit ($columns) VALUES ($ROW_1), ($ROW_2);"
apply "$chain_db" "${files[@]:9}"
sql_on "$chain_db" -o /dev/null -c "INSERT INTO audit ($columns) VALUES ($ROW_3)"
check "the links version 10 gives older rows and the trigger gives new ones are SQLite's" \
  "1 $LINK_1,2 $LINK_2,3 $LINK_3" \
  "$(sql_on "$chain_db" -c "SELECT string_agg (audit_id || ' ' || encode (hash, 'hex'), ','
                                               ORDER BY audit_id) FROM audit_chain")"

echo "1..$n"
exit $failed
