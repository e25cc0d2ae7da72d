/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-context.c: what a window works on, passed to it instead of globals. */
#define G_LOG_DOMAIN "meso-context"

#include "meso-agenda-keeper.h"
#include "meso-catalogue.h"
#include "meso-change-feed.h"
#include "meso-context.h"
#include "meso-demo.h"
#include "meso-mail-password.h"

struct _MesoContext
{
  GObject           parent_instance;

  MesoDb           *db;
  char             *address;
  MesoPatientStore *patients;
  MesoStaffStore   *staff;
  MesoSchedule     *schedule;
  MesoClinic       *clinic;
  MesoReminders    *reminders;
  MesoTreatmentStore *treatment;
  MesoScalpStore   *scalp;
  MesoPhotoStore   *photos;
  MesoAuditStore   *audit;
  MesoHandoutStore *handouts;
  MesoClock        *clock;
  MesoChangeFeed   *changes;   /* what other workstations change */
  MesoOutbox       *outbox;
  gboolean          sending;   /* this process sends the outbox's e-mail */
  MesoMailSender   *sender;    /* made once the clinic has a mail server */
  MesoAgendaKeeper *agendas;   /* while this workstation keeps them */
  char             *agenda_folder;  /* where they are wanted, NULL: not */
  GCancellable     *password_lookup;
  char             *mail_settings;  /* the ones the sender follows, to see a change */
  gboolean          is_demo;
};

G_DEFINE_TYPE (MesoContext, meso_context, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_HEALTH,
  PROP_CONNECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
meso_context_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MesoContext *self = MESO_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_HEALTH:
      g_value_set_int (value, meso_context_get_health (self));
      break;
    case PROP_CONNECTED:
      g_value_set_boolean (value, meso_context_is_connected (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_context_finalize (GObject *object)
{
  MesoContext *self = MESO_CONTEXT (object);

  g_cancellable_cancel (self->password_lookup);
  g_clear_object (&self->password_lookup);
  g_clear_object (&self->sender);
  if (self->agendas != NULL)
    meso_agenda_keeper_stop (self->agendas);
  g_clear_object (&self->agendas);
  g_clear_object (&self->outbox);
  g_clear_object (&self->changes);
  g_clear_object (&self->reminders);
  g_clear_object (&self->treatment);
  g_clear_object (&self->photos);
  g_clear_object (&self->scalp);
  g_clear_object (&self->audit);
  g_clear_object (&self->handouts);
  g_clear_object (&self->clock);
  g_clear_object (&self->clinic);
  g_clear_object (&self->patients);
  g_clear_object (&self->staff);
  g_clear_object (&self->schedule);
  g_clear_object (&self->db);
  g_free (self->address);
  g_free (self->mail_settings);
  g_free (self->agenda_folder);

  G_OBJECT_CLASS (meso_context_parent_class)->finalize (object);
}

static void
meso_context_class_init (MesoContextClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_context_finalize;
  G_OBJECT_CLASS (klass)->get_property = meso_context_get_property;

  /**
   * MesoContext:health:
   *
   * The database's #MesoDb:health (a #MesoDbHealth), for the windows.
   */
  properties[PROP_HEALTH] =
    g_param_spec_int ("health", NULL, NULL, MESO_DB_HEALTH_UNCHECKED, MESO_DB_HEALTH_DAMAGED,
                      MESO_DB_HEALTH_UNCHECKED, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * MesoContext:connected:
   *
   * Whether the clinic server answers (#MesoDb:connected): always for a
   * file. While it does not, nothing can be saved, and the connection is
   * tried again by itself.
   */
  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (G_OBJECT_CLASS (klass), N_PROPS, properties);
}

static void start_keeping_agendas (MesoContext *self);

static void
on_db_health_cb (MesoContext *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEALTH]);
  /* A file being checked opens no worker: the agendas start once it is. */
  if (self->agenda_folder != NULL && self->agendas == NULL)
    start_keeping_agendas (self);
}

/* Back from a lost server, the views that could not read meanwhile (and
 * showed an error or nothing) read again: everything may have changed. */
static void
on_db_connected_cb (MesoContext *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
  if (!meso_db_is_connected (self->db))
    return;
  g_signal_emit_by_name (self->patients, "changed");
  g_signal_emit_by_name (self->staff, "changed");
  g_signal_emit_by_name (self->schedule, "changed");
  g_signal_emit_by_name (self->treatment, "changed");
  g_signal_emit_by_name (self->scalp, "changed");
  g_signal_emit_by_name (self->photos, "changed", (gint64) 0);
  g_signal_emit_by_name (self->handouts, "changed");
  g_signal_emit_by_name (self->reminders, "changed");
  g_signal_emit_by_name (self->outbox, "changed");
}

/* Each store's tables, as the audit trail names them. */
static const char * const patient_tables[] = { "patient", "screening_answer", "allergy",
                                                "medication", "patient_consent", NULL };
static const char * const staff_tables[] = { "staff", NULL };
/* Audited tables only (practitioners and rooms are compared by a mark; a
 * course is written with its appointments, announced by their days). */
static const char * const schedule_tables[] = { "opening_hours", "practitioner_hours",
                                                 "practitioner_day_off", "holiday", "protocol",
                                                 "protocol_phase", "waitlist", NULL };
static const char * const treatment_tables[] = { "ingredient", "ingredient_rule",
                                                  "incompatibility", "lot", "administration",
                                                  NULL };
static const char * const scalp_tables[] = { "scalp_map", NULL };
/* Not photo_access: a look elsewhere changes nothing here. */
static const char * const photo_tables[] = { "photo", "photo_view", "photo_alignment",
                                              "photo_count", "photo_map_placement", NULL };
static const char * const handout_tables[] = { "handout_text", NULL };
static const char * const message_tables[] = { "message", NULL };

static gboolean
any_changed (GHashTable        *changes,
             const char * const *tables)
{
  for (guint i = 0; tables[i] != NULL; i++)
    if (g_hash_table_contains (changes, tables[i]))
      return TRUE;
  return FALSE;
}

/* Each store announces what another workstation changed of its own, once,
 * as it does after its own writes. */
static void
on_changed_elsewhere_cb (MesoContext *self,
                         GHashTable  *changes)
{
  struct { gpointer store; const char * const *tables; } owners[] = {
    { self->patients, patient_tables },
    { self->staff, staff_tables },
    { self->schedule, schedule_tables },
    { self->treatment, treatment_tables },
    { self->scalp, scalp_tables },
    { self->handouts, handout_tables },
    { self->outbox, message_tables },
  };
  GArray *appointments;

  if (g_hash_table_lookup_extended (changes, "appointment", NULL, (gpointer *) &appointments))
    meso_schedule_changed_elsewhere (self->schedule, appointments);
  for (guint i = 0; i < G_N_ELEMENTS (owners); i++)
    if (any_changed (changes, owners[i].tables))
      g_signal_emit_by_name (owners[i].store, "changed");
  if (any_changed (changes, photo_tables))
    g_signal_emit_by_name (self->photos, "changed", (gint64) 0);
  if (g_hash_table_contains (changes, "setting"))
    {
      g_autoptr(GError) error = NULL;

      if (!meso_clinic_reload (self->clinic, &error))
        g_message ("Clinic settings not read again: %s", error->message);
    }
}

static void
meso_context_init (MesoContext *self)
{
}

/* The patient list sorts as the clinic's language does: the keys follow a
 * change of the language or the script order (saved here or on another
 * workstation, which then finds them made already), in a worker. */
static gboolean
follow_name_order (MesoContext  *self,
                   gboolean      rebuild,
                   GError      **error)
{
  return meso_patient_store_set_name_order (self->patients,
                                            meso_clinic_get_text (self->clinic,
                                                                  MESO_CLINIC_LANGUAGE),
                                            meso_clinic_get_number (self->clinic,
                                                                    MESO_CLINIC_SCRIPT_ORDER),
                                            rebuild, error);
}

static void
on_name_order_done_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The keys made stay right; the others keep the old order until the
   * setting is saved again, and nothing else depends on them. */
  if (!meso_patient_store_set_name_order_finish (MESO_PATIENT_STORE (source), result, &error))
    g_message ("The patient list keeps part of its old order: %s", error->message);
}

static void
on_mail_password_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(MesoContext) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = meso_mail_password_lookup_finish (result, &error);
  g_auto(MesoMailServer) server = { 0 };

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* a newer lookup follows */
  if (error != NULL)
    g_message ("The mail password could not be read from the keyring: %s", error->message);
  g_clear_error (&error);
  meso_clinic_get_mail_server (self->clinic, &server);
  /* Without it every message would fail on a refused login: they wait,
   * and Preferences › E-mail says the password is missing. */
  if (password == NULL && server.user != NULL && *server.user != '\0')
    {
      if (self->sender != NULL)
        meso_mail_sender_set_server (self->sender, NULL, NULL);
      return;
    }
  if (self->sender == NULL)
    {
      g_autoptr(MesoContext) worker = meso_context_open_worker (self, self->clock, &error);

      if (worker == NULL)
        {
          g_warning ("The outbox's e-mail cannot be sent: %s", error->message);
          return;
        }
      self->sender = meso_mail_sender_new (worker);
      g_signal_connect_object (self->outbox, "changed", G_CALLBACK (meso_mail_sender_wake),
                               self->sender, G_CONNECT_SWAPPED);
    }
  meso_mail_sender_set_server (self->sender, &server, password);
}

/* The sender follows the clinic's mail settings and this computer's
 * password for them; without a server it sends nothing. */
static void
follow_mail_server (MesoContext *self)
{
  g_auto(MesoMailServer) server = { 0 };

  if (!self->sending)
    return;
  g_cancellable_cancel (self->password_lookup);
  g_clear_object (&self->password_lookup);
  if (!meso_clinic_get_mail_server (self->clinic, &server))
    {
      if (self->sender != NULL)
        meso_mail_sender_set_server (self->sender, NULL, NULL);
      return;
    }
  self->password_lookup = g_cancellable_new ();
  meso_mail_password_lookup_async (&server, self->password_lookup, on_mail_password_cb,
                                   g_object_ref (self));
}

/* Any setting changes the clinic; the sender follows the mail's only. */
static void
on_clinic_changed_cb (MesoContext *self)
{
  g_auto(MesoMailServer) server = { 0 };
  g_autofree char *settings = NULL;

  meso_clinic_get_mail_server (self->clinic, &server);
  settings = g_strdup_printf ("%s\n%u\n%d\n%s\n%s\n%s\n%s", server.host, server.port,
                              server.security, server.user, server.sender_name,
                              server.sender_address, server.certificate);
  if (g_strcmp0 (settings, self->mail_settings) != 0)
    {
      g_free (self->mail_settings);
      self->mail_settings = g_steal_pointer (&settings);
      follow_mail_server (self);
    }
  meso_patient_store_set_name_order_async (self->patients,
                                           meso_clinic_get_text (self->clinic,
                                                                 MESO_CLINIC_LANGUAGE),
                                           meso_clinic_get_number (self->clinic,
                                                                   MESO_CLINIC_SCRIPT_ORDER),
                                           NULL, on_name_order_done_cb, NULL);
}

/**
 * meso_context_open:
 * @is_demo: a demo database, seeded with the demo clinic when empty
 *
 * Opens the database at @path (see meso_db_open() for the checks) and the
 * stores over it.
 */
MesoContext *
meso_context_open (const char  *path,
                   gboolean     is_demo,
                   GError     **error)
{
  g_autoptr(MesoContext) self = g_object_new (MESO_TYPE_CONTEXT, NULL);

  self->is_demo = is_demo;
  self->address = g_strdup (path);
  self->db = meso_db_open (path, error);
  if (self->db == NULL)
    return NULL;
  g_signal_connect_object (self->db, "notify::health", G_CALLBACK (on_db_health_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->db, "notify::connected", G_CALLBACK (on_db_connected_cb), self,
                           G_CONNECT_SWAPPED);
  self->patients = meso_patient_store_new (self->db);
  self->staff = meso_staff_store_new (self->db);
  self->schedule = meso_schedule_new (self->db);
  self->treatment = meso_treatment_store_new (self->db);
  self->scalp = meso_scalp_store_new (self->db, self->schedule);
  self->audit = meso_audit_store_new (self->db);
  self->handouts = meso_handout_store_new (self->db);
  if (!meso_treatment_store_seed (self->treatment, error))
    return NULL;
  /* The clock follows the clinic's time zone, so the demo's "today" too. */
  self->clinic = meso_clinic_load (self->db, error);
  if (self->clinic == NULL)
    return NULL;
  self->clock = meso_clock_new (self->clinic);
  meso_staff_store_set_clock (self->staff, self->clock);

  if (is_demo)
    {
      gint64 count = meso_patient_store_count (self->patients, error);
      GDate today;

      if (count < 0)
        return NULL;
      meso_context_get_today (self, &today);
      if (count == 0)
        {
          if (!meso_demo_populate (self->patients, MESO_DEMO_PATIENTS, 2026, &today, error))
            return NULL;
          /* The demo set the clinic's settings, its time zone among them:
           * read them again, and let the clock follow. */
          g_clear_object (&self->clinic);
          g_clear_object (&self->clock);
          self->clinic = meso_clinic_load (self->db, error);
          if (self->clinic == NULL)
            return NULL;
          self->clock = meso_clock_new (self->clinic);
          meso_staff_store_set_clock (self->staff, self->clock);
        }
    }

  /* The demo's patients were written before its clinic's language was set. */
  if (!follow_name_order (self, is_demo, error))
    return NULL;
  g_signal_connect_object (self->clinic, "changed", G_CALLBACK (on_clinic_changed_cb), self,
                           G_CONNECT_SWAPPED);

  self->outbox = meso_outbox_new (self->db, self->clock, self->patients);
  self->photos = meso_photo_store_new (self->db, self->schedule, self->scalp, self->clock);
  self->reminders = meso_reminders_new (self->schedule, self->clinic, self->clock);
  meso_reminders_add_source (self->reminders, MESO_REMINDER_SOURCE (self->schedule));
  meso_reminders_add_source (self->reminders, MESO_REMINDER_SOURCE (self->treatment));

  self->changes = meso_change_feed_new (self->db, error);
  if (self->changes == NULL)
    return NULL;
  g_signal_connect_object (self->changes, "changed", G_CALLBACK (on_changed_elsewhere_cb), self,
                           G_CONNECT_SWAPPED);
  /* Reminders, practitioners and rooms are not audited: they look for
   * themselves. */
  g_signal_connect_object (self->db, "committed-elsewhere",
                           G_CALLBACK (meso_reminders_changed_elsewhere), self->reminders,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->db, "committed-elsewhere",
                           G_CALLBACK (meso_schedule_resources_changed_elsewhere), self->schedule,
                           G_CONNECT_SWAPPED);
  meso_db_watch_others (self->db);
  return g_steal_pointer (&self);
}

/**
 * meso_context_open_worker:
 *
 * A context of the same clinic on a connection of its own, for a worker
 * thread that acts for the clinic itself (meso_db_act_for_clinic()): it
 * reads contacts and writes patients' messages with nobody signed in. It
 * has no change feed: the worker reads again what it needs (for the
 * settings, meso_clinic_reload()). Made here, then used by that one
 * thread. @clock: the context's own, or one stopped at a moment for a test.
 *
 * Returns: (transfer full) (nullable): the context, or %NULL with @error
 */
MesoContext *
meso_context_open_worker (MesoContext  *self,
                          MesoClock    *clock,
                          GError      **error)
{
  g_autoptr(MesoContext) worker = g_object_new (MESO_TYPE_CONTEXT, NULL);

  worker->is_demo = self->is_demo;
  worker->address = g_strdup (self->address);
  worker->db = meso_db_open_worker (self->db, error);
  if (worker->db == NULL)
    return NULL;
  meso_db_act_for_clinic (worker->db);
  worker->patients = meso_patient_store_new (worker->db);
  worker->staff = meso_staff_store_new (worker->db);
  worker->schedule = meso_schedule_new (worker->db);
  worker->treatment = meso_treatment_store_new (worker->db);
  worker->scalp = meso_scalp_store_new (worker->db, worker->schedule);
  worker->audit = meso_audit_store_new (worker->db);
  worker->handouts = meso_handout_store_new (worker->db);
  worker->clinic = meso_clinic_load (worker->db, error);
  if (worker->clinic == NULL)
    return NULL;
  worker->clock = g_object_ref (clock);
  worker->outbox = meso_outbox_new (worker->db, worker->clock, worker->patients);
  worker->photos = meso_photo_store_new (worker->db, worker->schedule, worker->scalp,
                                         worker->clock);
  worker->reminders = meso_reminders_new (worker->schedule, worker->clinic, worker->clock);
  return g_steal_pointer (&worker);
}

static void
start_keeping_agendas (MesoContext *self)
{
  g_autoptr(GError) error = NULL;

  self->agendas = meso_agenda_keeper_new (self, self->agenda_folder, &error);
  if (self->agendas == NULL)
    g_message ("The agendas are not kept in %s yet: %s", self->agenda_folder, error->message);
}

/**
 * meso_context_keep_agendas:
 * @folder: (nullable): where, or %NULL to stop
 *
 * Keeps each practitioner's agenda up to date as a file in @folder
 * (#MesoAgendaKeeper), for this workstation's calendar program. One that
 * cannot start (the file being checked) is tried again when the
 * database's health changes; the clinic works on without them.
 */
void
meso_context_keep_agendas (MesoContext *self,
                           const char  *folder)
{
  if (g_strcmp0 (folder, self->agenda_folder) == 0)
    return;
  if (self->agendas != NULL)
    meso_agenda_keeper_stop (self->agendas);
  g_clear_object (&self->agendas);
  g_free (self->agenda_folder);
  self->agenda_folder = g_strdup (folder);
  if (folder != NULL)
    start_keeping_agendas (self);
}

/**
 * meso_context_start_sending:
 *
 * Sends the outbox's e-mail from this process (the window's or the
 * background's; a command that exits sends nothing), on a database
 * connection and a thread of its own, through the clinic's mail server with
 * the password this computer's keyring keeps for it, once the clinic has
 * one.
 */
void
meso_context_start_sending (MesoContext *self)
{
  if (self->sending)
    return;
  self->sending = TRUE;
  follow_mail_server (self);
}

/* The keyring's password for the mail server changed (in Preferences). */
void
meso_context_mail_password_changed (MesoContext *self)
{
  follow_mail_server (self);
}

MesoOutbox *
meso_context_get_outbox (MesoContext *self)
{
  return self->outbox;
}

MesoDb *
meso_context_get_db (MesoContext *self)
{
  return self->db;
}

MesoPatientStore *
meso_context_get_patient_store (MesoContext *self)
{
  return self->patients;
}

MesoStaffStore *
meso_context_get_staff_store (MesoContext *self)
{
  return self->staff;
}

MesoSchedule *
meso_context_get_schedule (MesoContext *self)
{
  return self->schedule;
}

MesoClinic *
meso_context_get_clinic (MesoContext *self)
{
  return self->clinic;
}

MesoReminders *
meso_context_get_reminders (MesoContext *self)
{
  return self->reminders;
}

MesoTreatmentStore *
meso_context_get_treatment_store (MesoContext *self)
{
  return self->treatment;
}

MesoScalpStore *
meso_context_get_scalp_store (MesoContext *self)
{
  return self->scalp;
}

/* Returns: (transfer none): the clinic's scalp photos */
MesoPhotoStore *
meso_context_get_photo_store (MesoContext *self)
{
  return self->photos;
}

MesoAuditStore *
meso_context_get_audit_store (MesoContext *self)
{
  return self->audit;
}

MesoHandoutStore *
meso_context_get_handout_store (MesoContext *self)
{
  return self->handouts;
}

gboolean
meso_context_is_demo (MesoContext *self)
{
  return self->is_demo;
}

/**
 * meso_context_can:
 *
 * Whether whoever is signed in now may do what @permission allows: for
 * the widgets to hide or disable what the core would refuse.
 */
gboolean
meso_context_can (MesoContext    *self,
                  MesoPermission  permission)
{
  return meso_db_require (self->db, permission, NULL);
}

/* Returns: the path of the clinic's database file, or its clinic server's
 * address without the password: to show. */
const char *
meso_context_get_path (MesoContext *self)
{
  return meso_db_get_path (self->db);
}

/**
 * meso_context_list_workstations:
 *
 * Returns: (transfer full) (element-type MesoWorkstation): the workstations
 * connected to the clinic's server now (empty on a file), or %NULL with
 * @error. One quick query, for the Preferences.
 */
GPtrArray *
meso_context_list_workstations (MesoContext  *self,
                                GError      **error)
{
  return meso_workstations_list (self->db, error);
}

/* Returns: the path or address the clinic was opened with, a server's
 * password included: for connections of the workstation's own (a backup,
 * opening it again), never to show or to write down. */
const char *
meso_context_get_address (MesoContext *self)
{
  return self->address;
}

/**
 * meso_context_get_clock:
 *
 * Returns: (transfer none): the clock every window and store reads the
 * time from; tests stop it with meso_clock_set_now().
 */
MesoClock *
meso_context_get_clock (MesoContext *self)
{
  return self->clock;
}

/* The clinic's today, in the clinic's time zone. */
void
meso_context_get_today (MesoContext *self,
                        GDate       *out_today)
{
  meso_clock_get_today (self->clock, out_today);
}

/**
 * meso_context_check_session_start:
 *
 * Screens @patient_id as a session is about to start, with the clinic's
 * rules and today's date: see meso_catalogue_check_start().
 */
gboolean
meso_context_check_session_start (MesoContext  *self,
                                  gint64        patient_id,
                                  GError      **error)
{
  g_autoptr(MesoScreening) screening = meso_patient_store_load_screening (self->patients,
                                                                           patient_id, error);
  g_autoptr(MesoPatient) patient = screening != NULL
                                     ? meso_patient_store_load (self->patients, patient_id, error)
                                     : NULL;
  g_autoptr(MesoCatalogue) catalogue = patient != NULL
                                       ? meso_treatment_store_load_catalogue (self->treatment,
                                                                              error)
                                       : NULL;
  GDate today;

  if (catalogue == NULL)
    return FALSE;
  meso_context_get_today (self, &today);
  return meso_catalogue_check_start (catalogue, screening,
                                     g_strcmp0 (meso_patient_get_field (patient,
                                                                        MESO_PATIENT_SEX),
                                                "male") != 0,
                                     &today,
                                     meso_clinic_get_number (self->clinic,
                                                             MESO_CLINIC_SCREENING_DAYS),
                                     error);
}

/**
 * meso_context_get_health:
 *
 * Returns: the database's health; #MesoContext:health follows it.
 */
MesoDbHealth
meso_context_get_health (MesoContext *self)
{
  return meso_db_get_health (self->db);
}

/**
 * meso_context_has_damaged_photos:
 *
 * Returns: whether the database's full check found some photos damaged,
 * the rest sound (meso_db_has_damaged_photos()); known, like the health,
 * once #MesoContext:health becomes %MESO_DB_HEALTH_VERIFIED.
 */
gboolean
meso_context_has_damaged_photos (MesoContext *self)
{
  return meso_db_has_damaged_photos (self->db);
}

/**
 * meso_context_verify_async:
 *
 * Starts the full check of the database in a worker (meso_db_verify_async());
 * its outcome shows in #MesoContext:health.
 */
void
meso_context_verify_async (MesoContext *self)
{
  meso_db_verify_async (self->db);
}

/* Returns: whether the clinic server answers; a file always does. */
gboolean
meso_context_is_connected (MesoContext *self)
{
  g_return_val_if_fail (MESO_IS_CONTEXT (self), FALSE);
  return meso_db_is_connected (self->db);
}

/* Tries the clinic server again now, instead of at the next wait's end. */
void
meso_context_reconnect (MesoContext *self)
{
  g_return_if_fail (MESO_IS_CONTEXT (self));
  meso_db_reconnect (self->db);
}
