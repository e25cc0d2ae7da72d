/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-clinic.c: clinic settings are validated and shared through the
 * database; the mail server's settings are saved together or not at all;
 * a clinic's daily backup is claimed by one workstation a day. */
#include "meso-clinic.h"
#include "meso-test-db.h"
#include "meso-test-staff.h"
#include "meso-test-util.h"

/* A new clinic database with an administrator signed in, and its settings. */
typedef struct
{
  char       *dir;
  MesoDb     *db;
  MesoClinic *clinic;
  MesoStaff  *admin;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->db = meso_test_open_db (&f->dir);
  f->clinic = meso_clinic_load (f->db, &error);
  g_assert_no_error (error);
  f->admin = meso_test_sign_in (f->db, MESO_ROLE_ADMINISTRATOR, "Admin");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->clinic);
  g_assert_finalize_object (f->db);
  g_assert_finalize_object (f->admin);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
}

static void
test_defaults_and_persistence (Fixture       *f,
                               gconstpointer  data)
{
  MesoClinic *clinic = f->clinic;
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoClinic) reloaded = NULL;
  g_autoptr(MesoDb) db2 = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (meso_clinic_get_number (clinic, MESO_CLINIC_SESSION_MINUTES), ==, 30);
  g_assert_cmpstr (meso_clinic_get_text (clinic, MESO_CLINIC_LANGUAGE), ==, "en");
  g_assert_cmpstr (meso_clinic_get_text (clinic, MESO_CLINIC_NAME), ==, "");

  g_assert_true (meso_clinic_set_text (clinic, MESO_CLINIC_NAME, " Saç Kliniği ", &error));
  g_assert_true (meso_clinic_set_text (clinic, MESO_CLINIC_PHONE, "+90 212 555 01 23", &error));
  g_assert_true (meso_clinic_set_text (clinic, MESO_CLINIC_LANGUAGE, "tr", &error));
  g_assert_true (meso_clinic_set_number (clinic, MESO_CLINIC_SESSION_MINUTES, 45, &error));
  g_assert_no_error (error);

  /* Another workstation opening the same file sees the same clinic. */
  db2 = meso_db_open (meso_db_get_path (f->db), &error);
  reloaded = meso_clinic_load (db2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (meso_clinic_get_text (reloaded, MESO_CLINIC_NAME), ==, "Saç Kliniği");
  g_assert_cmpstr (meso_clinic_get_text (reloaded, MESO_CLINIC_LANGUAGE), ==, "tr");
  g_assert_cmpuint (meso_clinic_get_number (reloaded, MESO_CLINIC_SESSION_MINUTES), ==, 45);

  g_clear_object (&reloaded);
  g_clear_object (&db2);
}

static void
test_refuses_bad_values (Fixture       *f,
                         gconstpointer  data)
{
  MesoClinic *clinic = f->clinic;
  g_autofree char *missing_logo = g_build_filename (f->dir, "logo.png", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (meso_clinic_set_text (clinic, MESO_CLINIC_PHONE, "+90 212 555 01 23", &error));

  g_assert_false (meso_clinic_set_text (clinic, MESO_CLINIC_PHONE, "ask reception", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpstr (meso_clinic_get_text (clinic, MESO_CLINIC_PHONE), ==, "+90 212 555 01 23");

  g_assert_false (meso_clinic_set_text (clinic, MESO_CLINIC_LOGO_FILE, missing_logo, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_false (meso_clinic_set_number (clinic, MESO_CLINIC_SESSION_MINUTES, 5, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpuint (meso_clinic_get_number (clinic, MESO_CLINIC_SESSION_MINUTES), ==, 30);

  /* The mail server is a name, not an address to a page or a person. */
  g_assert_true (meso_clinic_set_text (clinic, MESO_CLINIC_MAIL_HOST, "smtp.example.com", &error));
  g_assert_false (meso_clinic_set_text (clinic, MESO_CLINIC_MAIL_HOST, "smtp://smtp.example.com",
                                        &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpstr (meso_clinic_get_text (clinic, MESO_CLINIC_MAIL_HOST), ==, "smtp.example.com");

  g_assert_false (meso_clinic_set_text (clinic, MESO_CLINIC_MAIL_SENDER_ADDRESS, "reception",
                                        &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (meso_clinic_set_number (clinic, MESO_CLINIC_MAIL_SECURITY, 3, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
}

/* A self-signed certificate for smtp.klinik.example (openssl, EC P-256). */
#define CERTIFICATE \
  "-----BEGIN CERTIFICATE-----\n" \
  "MIIBkzCCATmgAwIBAgIUSgkE3jMKCKsAVPhZc7KKBVzM7MowCgYIKoZIzj0EAwIw\n" \
  "HjEcMBoGA1UEAwwTc210cC5rbGluaWsuZXhhbXBsZTAgFw0yNjEyMDYxOTM4MDda\n" \
  "GA8yMTI2MTExMjE5MzgwN1owHjEcMBoGA1UEAwwTc210cC5rbGluaWsuZXhhbXBs\n" \
  "ZTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABFKVWzdVEAHzjbqbL0SqBdMHdGaX\n" \
  "4DGxshOWfQkKn//HGw5CFNs2zIuJuwzUTQdN+1y7NmZrviXyCgb37KonVGSjUzBR\n" \
  "MB0GA1UdDgQWBBQeZTwowD7fHE6sxeeBgK72rIhRsDAfBgNVHSMEGDAWgBQeZTwo\n" \
  "wD7fHE6sxeeBgK72rIhRsDAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gA\n" \
  "MEUCIGfUR3hpvEmXniyVGLuquDgAV9/U/b4+V5boTJePBA8wAiEA25dHbWK81Xr4\n" \
  "qVRxs/6x5GTii3FNmBpWzoQHiprrIT0=\n" \
  "-----END CERTIFICATE-----"

/* The mail server's parts are saved in one write: a refused part keeps
 * every other as it was, on this workstation and in the database. */
static void
test_mail_server (Fixture       *f,
                  gconstpointer  data)
{
  MesoMailServer good = { "smtp.klinik.example", 465, MESO_MAIL_SECURITY_TLS, "resepsiyon",
                          "Klinik Şule", "resepsiyon@klinik.example", CERTIFICATE };
  MesoMailServer not_pem = good;
  MesoMailServer plain_login = good;
  MesoMailServer bad_sender = good;
  MesoMailServer no_sender = good;
  g_auto(MesoMailServer) read = { 0 };
  g_auto(MesoMailServer) reloaded = { 0 };
  g_autoptr(MesoClinic) again = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (meso_clinic_get_mail_server (f->clinic, &read));
  meso_mail_server_clear (&read);

  g_assert_true (meso_clinic_set_mail_server (f->clinic, &good, &error));
  g_assert_no_error (error);

  bad_sender.host = "smtp.other.example";
  bad_sender.sender_address = "resepsiyon";
  g_assert_false (meso_clinic_set_mail_server (f->clinic, &bad_sender, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  no_sender.host = "smtp.other.example";
  no_sender.sender_address = "";
  g_assert_false (meso_clinic_set_mail_server (f->clinic, &no_sender, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  not_pem.host = "smtp.other.example";
  not_pem.certificate = "MIIB";
  g_assert_false (meso_clinic_set_mail_server (f->clinic, &not_pem, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* The right first line is not enough: the whole certificate is read. */
  not_pem.certificate = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
  g_assert_false (meso_clinic_set_mail_server (f->clinic, &not_pem, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* A login in clear is refused. */
  plain_login.host = "smtp.other.example";
  plain_login.security = MESO_MAIL_SECURITY_NONE;
  g_assert_false (meso_clinic_set_mail_server (f->clinic, &plain_login, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_true (meso_clinic_get_mail_server (f->clinic, &read));
  g_assert_cmpstr (read.host, ==, "smtp.klinik.example");
  again = meso_clinic_load (f->db, &error);
  g_assert_no_error (error);
  g_assert_true (meso_clinic_get_mail_server (again, &reloaded));
  g_assert_cmpstr (reloaded.host, ==, "smtp.klinik.example");
  g_assert_cmpuint (reloaded.port, ==, 465);
  g_assert_cmpint (reloaded.security, ==, MESO_MAIL_SECURITY_TLS);
  g_assert_cmpstr (reloaded.user, ==, "resepsiyon");
  g_assert_cmpstr (reloaded.sender_name, ==, "Klinik Şule");
  g_assert_cmpstr (reloaded.sender_address, ==, "resepsiyon@klinik.example");
  g_assert_cmpstr (reloaded.certificate, ==, CERTIFICATE);
}

/* What shows a setting follows it: a saved one says so, a refused one not. */
static void
test_changed (Fixture       *f,
              gconstpointer  data)
{
  MesoClinic *clinic = f->clinic;
  g_autoptr(GError) error = NULL;
  guint changed = 0;

  g_signal_connect_swapped (clinic, "changed", G_CALLBACK (meso_test_count_cb), &changed);
  g_assert_true (meso_clinic_set_text (clinic, MESO_CLINIC_NAME, "Saç Kliniği", &error));
  g_assert_cmpuint (changed, ==, 1);
  g_assert_true (meso_clinic_set_number (clinic, MESO_CLINIC_SESSION_MINUTES, 45, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_false (meso_clinic_set_text (clinic, MESO_CLINIC_PHONE, "ask reception", &error));
  g_clear_error (&error);
  g_assert_false (meso_clinic_set_number (clinic, MESO_CLINIC_SESSION_MINUTES, 0, &error));
  g_clear_error (&error);
  g_assert_cmpuint (changed, ==, 2);
  g_signal_handlers_disconnect_by_func (clinic, meso_test_count_cb, &changed);
}

/* Three workstations on one clinic: the administrator's, the reception's
 * and one where nobody has signed in yet. */
typedef struct
{
  MesoDb     *db[3];
  MesoClinic *clinic[3];
  MesoStaff  *receptionist;
  GTimeZone  *zone;
} Workstations;

static void
workstations_open (Workstations *ws,
                   Fixture      *f)
{
  g_autoptr(GError) error = NULL;

  ws->receptionist = meso_test_sign_in (f->db, MESO_ROLE_RECEPTIONIST, "Reception");
  meso_db_set_actor (f->db, f->admin);
  ws->db[0] = g_object_ref (f->db);
  for (guint i = 1; i < 3; i++)
    {
      ws->db[i] = meso_db_open (meso_db_get_path (f->db), &error);
      g_assert_no_error (error);
    }
  meso_db_set_actor (ws->db[1], ws->receptionist);
  for (guint i = 0; i < 3; i++)
    {
      ws->clinic[i] = meso_clinic_load (ws->db[i], &error);
      g_assert_no_error (error);
    }
  /* The clinic's days, in its zone: Istanbul's midnight is 21:00 UTC. */
  ws->zone = g_time_zone_new_identifier ("Europe/Istanbul");
  g_assert_nonnull (ws->zone);
}

static void
workstations_close (Workstations *ws)
{
  for (guint i = 0; i < 3; i++)
    {
      g_clear_object (&ws->clinic[i]);
      g_clear_object (&ws->db[i]);
    }
  g_clear_object (&ws->receptionist);
  g_time_zone_unref (ws->zone);
}

/* Whether workstation @i wins the day's backup when claiming at @when. */
static gboolean
claims (Workstations *ws,
        guint         i,
        GDateTime    *when)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("Workstation %u", i + 1);
  gboolean won = FALSE;
  gboolean ok = meso_clinic_claim_backup (ws->clinic[i], when, name, &won, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  return won;
}

static void
ends (Workstations *ws,
      guint         i,
      GDateTime    *claimed_at,
      gboolean      made)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (meso_clinic_end_backup (ws->clinic[i], claimed_at, made, &error));
  g_assert_no_error (error);
}

static GDateTime *
at (Workstations *ws,
    int           day,
    int           hour,
    int           minute,
    int           second)
{
  return g_date_time_new (ws->zone, 2026, 12, day, hour, minute, second);
}

/* Of the workstations that claim a day's backup, one wins, whoever is
 * signed in there; the next day, one again. */
static void
test_backup_claimed_once (Fixture       *f,
                          gconstpointer  data)
{
  Workstations ws = { { NULL, }, };
  g_autoptr(GDateTime) monday = NULL;
  g_autoptr(GDateTime) tuesday = NULL;
  guint n_won = 0;

  workstations_open (&ws, f);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GDateTime) now = at (&ws, 7, 10, i, 0);

      n_won += claims (&ws, (i + 1) % 3, now);
      if (i == 0)
        monday = g_date_time_ref (now);
    }
  g_assert_cmpuint (n_won, ==, 1);
  ends (&ws, 1, monday, TRUE);
  /* Made: nobody makes another that day, however late. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GDateTime) late = at (&ws, 7, 23, 59, 59);

      g_assert_false (claims (&ws, i, late));
    }

  /* The next day, from its midnight in the clinic's zone. */
  n_won = 0;
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GDateTime) now = at (&ws, 8, 0, 0, i);

      n_won += claims (&ws, i, now);
      if (i == 0)
        tuesday = g_date_time_ref (now);
    }
  g_assert_cmpuint (n_won, ==, 1);
  ends (&ws, 0, tuesday, TRUE);
  workstations_close (&ws);
}

/* A failed backup gives the day back at once; one whose workstation never
 * says (switched off in the middle) after MESO_CLINIC_BACKUP_CLAIM_SECONDS;
 * an end that comes after the claim was taken again changes nothing. */
static void
test_backup_claim_failure (Fixture       *f,
                           gconstpointer  data)
{
  Workstations ws = { { NULL, }, };
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) second = NULL;
  g_autoptr(GDateTime) just_before = NULL;
  g_autoptr(GDateTime) taken_again = NULL;
  g_autoptr(GDateTime) later = NULL;
  g_autoptr(GDateTime) next_day = NULL;
  g_autoptr(GDateTime) future = NULL;
  g_autoptr(GError) error = NULL;

  workstations_open (&ws, f);
  first = at (&ws, 7, 10, 0, 0);
  second = at (&ws, 7, 10, 30, 0);
  g_assert_true (claims (&ws, 0, first));
  g_assert_false (claims (&ws, 1, second));

  /* The first dump failed: the next to look makes it. */
  ends (&ws, 0, first, FALSE);
  g_assert_true (claims (&ws, 1, second));

  /* The second workstation goes silent: held, then free again. */
  just_before = g_date_time_add_seconds (second, MESO_CLINIC_BACKUP_CLAIM_SECONDS - 1);
  taken_again = g_date_time_add_seconds (second, MESO_CLINIC_BACKUP_CLAIM_SECONDS);
  g_assert_false (claims (&ws, 2, just_before));
  g_assert_true (claims (&ws, 2, taken_again));

  /* Its late word does not undo the third's claim. */
  ends (&ws, 1, second, FALSE);
  later = g_date_time_add_minutes (taken_again, 10);
  g_assert_false (claims (&ws, 0, later));
  ends (&ws, 2, taken_again, TRUE);
  g_assert_false (claims (&ws, 0, later));
  next_day = at (&ws, 8, 0, 0, 0);
  g_assert_true (claims (&ws, 0, next_day));
  ends (&ws, 0, next_day, FALSE);

  /* A claim from a workstation whose clock is a year ahead holds nothing. */
  future = g_date_time_new (ws.zone, 2027, 12, 8, 12, 0, 0);
  g_assert_true (claims (&ws, 1, future));
  g_assert_true (claims (&ws, 2, next_day));

  /* A claim that is not an instant is damage, not a free day. */
  g_assert_true (meso_test_write_sql (f->db, "UPDATE setting SET value = 'soon'"
                                             " WHERE key = 'backup.claimed-until'", &error));
  g_assert_no_error (error);
  {
    gboolean won = TRUE;

    g_assert_false (meso_clinic_claim_backup (ws.clinic[0], next_day, "Workstation 1", &won,
                                              &error));
    g_assert_error (error, MESO_DB_ERROR, MESO_DB_ERROR_CORRUPT);
    g_assert_false (won);
  }
  workstations_close (&ws);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/meso/clinic/defaults-and-persistence", test_defaults_and_persistence);
  ADD ("/meso/clinic/refuses-bad-values", test_refuses_bad_values);
  ADD ("/meso/clinic/mail-server", test_mail_server);
  ADD ("/meso/clinic/changed", test_changed);
  ADD ("/meso/clinic/backup-claimed-once", test_backup_claimed_once);
  ADD ("/meso/clinic/backup-claim-failure", test_backup_claim_failure);
#undef ADD

  return g_test_run ();
}
