/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-notifier.c: each reminder that falls due becomes a desktop
 * notification with Open, Mark Done and Snooze 1 Hour; many at once (after
 * a night) become one notification that opens Today. When no
 * notification server takes it, the reminder stays pending, and the
 * window's Today list, which shows every open reminder, is where it is
 * seen: nothing is lost because nobody listened. A notification says
 * whom to call at most, never what for; while nobody is signed in, only
 * how many reminders are due, unless the clinic wants names there too. */
#define G_LOG_DOMAIN "meso-notifier"

#include <glib/gi18n.h>
#include <libnotify/notify.h>

#include "config.h"
#include "meso-notifier.h"

#define SNOOZE_MINUTES 60
/* More reminders due at once than this make one notification, not a flood. */
#define MAX_SEPARATE 3
#define MAX_LISTED 4

struct _MesoNotifier
{
  GObject      parent_instance;

  MesoContext *context;
  GHashTable  *shown;             /* reminder id -> NotifyNotification, until closed */
  gboolean     server_available;
  gboolean     locked;            /* nobody signed in at the window, or no window */
  gboolean     started;
};

G_DEFINE_FINAL_TYPE (MesoNotifier, meso_notifier, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SERVER_AVAILABLE,
  PROP_LOCKED,
  PROP_STARTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  OPEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  GWeakRef notifier;
  gint64   reminder_id;
} Action;

static void
action_free (Action *action)
{
  g_weak_ref_clear (&action->notifier);
  g_free (action);
}

static MesoReminders *
reminders (MesoNotifier *self)
{
  return meso_context_get_reminders (self->context);
}

static void
on_action_cb (NotifyNotification *notification,
              char               *name,
              gpointer            user_data)
{
  Action *action = user_data;
  g_autoptr(MesoNotifier) self = g_weak_ref_get (&action->notifier);
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (self == NULL)
    return;
  if (g_strcmp0 (name, "done") == 0)
    ok = meso_reminders_set_state (reminders (self), action->reminder_id, MESO_REMINDER_DONE,
                                   &error);
  else if (g_strcmp0 (name, "snooze") == 0)
    ok = meso_reminders_snooze (reminders (self), action->reminder_id, SNOOZE_MINUTES, &error);
  else   /* "open" or "default"; reminder 0, a summary of several, opens Today */
    g_signal_emit (self, signals[OPEN], 0, action->reminder_id);
  if (!ok)
    g_message ("Reminder %" G_GINT64_FORMAT ": %s", action->reminder_id, error->message);
}

static void
on_closed_cb (NotifyNotification *notification,
              MesoNotifier       *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->shown);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value == notification)
      {
        g_hash_table_iter_remove (&iter);
        return;
      }
}

static void
add_action (MesoNotifier       *self,
            NotifyNotification *notification,
            gint64              reminder_id,
            const char         *name,
            const char         *label)
{
  Action *action = g_new0 (Action, 1);

  g_weak_ref_init (&action->notifier, self);
  action->reminder_id = reminder_id;
  notify_notification_add_action (notification, name, label, on_action_cb, action,
                                  (GFreeFunc) action_free);
}

static const char *
open_label (const MesoReminder *reminder)
{
  switch (meso_reminder_kind_get_target (reminder->kind))
    {
    case MESO_REMINDER_OPENS_APPOINTMENT:
      return _("Open Appointment");
    case MESO_REMINDER_OPENS_STOCK:
      return _("Open Stock");
    case MESO_REMINDER_OPENS_PATIENT:
    default:
      return _("Open Patient");
    }
}

static void
set_server_available (MesoNotifier *self,
                      gboolean      available)
{
  if (self->server_available == available)
    return;
  self->server_available = available;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_AVAILABLE]);
}

/* Shows @notification; on success keeps it for its actions until it is
 * closed, under @key (a reminder id, or 0 for a summary of several). */
static gboolean
show (MesoNotifier       *self,
      NotifyNotification *notification,
      gint64              key)
{
  g_autoptr(GError) error = NULL;

  notify_notification_set_hint (notification, "desktop-entry", g_variant_new_string (APP_ID));
  if (!notify_notification_show (notification, &error))
    {
      if (self->server_available)
        g_message ("No notification server took a reminder: %s", error->message);
      set_server_available (self, FALSE);
      g_object_unref (notification);
      return FALSE;
    }
  set_server_available (self, TRUE);
  g_signal_connect_object (notification, "closed", G_CALLBACK (on_closed_cb), self, 0);
  g_hash_table_replace (self->shown, g_memdup2 (&key, sizeof (gint64)), notification);
  return TRUE;
}

static void
mark_shown (MesoNotifier *self,
            GPtrArray    *shown)
{
  g_autoptr(GError) error = NULL;

  if (!meso_reminders_set_shown (reminders (self), shown, NULL, &error))
    g_message ("Reminders shown but not marked so: %s", error->message);
}

static void
notify_one (MesoNotifier *self,
            MesoReminder *reminder)
{
  g_autofree char *body = g_markup_escape_text (reminder->notice_body, -1);
  NotifyNotification *notification = notify_notification_new (reminder->notice_summary, body,
                                                              APP_ID);

  add_action (self, notification, reminder->id, "default", open_label (reminder));
  add_action (self, notification, reminder->id, "open", open_label (reminder));
  /* Done or snoozed by whom? Only someone signed in says. */
  if (!reminder->redacted)
    {
      add_action (self, notification, reminder->id, "done", _("Mark Done"));
      add_action (self, notification, reminder->id, "snooze", _("Snooze 1 Hour"));
    }
  if (show (self, notification, reminder->id))
    {
      g_autoptr(GPtrArray) shown = g_ptr_array_new ();

      g_ptr_array_add (shown, reminder);
      mark_shown (self, shown);
    }
}

/* After a night or a weekend, one notification tells of them all, and
 * opens Today, where each can be dealt with. */
/* With nobody signed in, one notification says how many are due: not
 * whose, nor what they are about. */
static void
notify_count (MesoNotifier *self,
              GPtrArray    *due)
{
  g_autofree char *summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "%u reminder is due",
                                                           "%u reminders are due", due->len),
                                              due->len);
  NotifyNotification *notification =
    notify_notification_new (summary, g_dngettext (GETTEXT_PACKAGE,
                                                   "Sign in to Mesodesk to see it under Today.",
                                                   "Sign in to Mesodesk to see them under Today.",
                                                   due->len),
                             APP_ID);

  add_action (self, notification, 0, "default", _("Open Today"));
  add_action (self, notification, 0, "open", _("Open Today"));
  if (show (self, notification, 0))
    mark_shown (self, due);
}

static void
notify_many (MesoNotifier *self,
             GPtrArray    *due)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "%u reminder is due",
                                                           "%u reminders are due", due->len),
                                              due->len);
  NotifyNotification *notification;

  for (guint i = 0; i < MIN (due->len, MAX_LISTED); i++)
    {
      g_autofree char *line = g_markup_escape_text (((MesoReminder *) due->pdata[i])->notice_summary,
                                                    -1);
      g_string_append_printf (body, "%s%s", i > 0 ? "\n" : "", line);
    }
  if (due->len > MAX_LISTED)
    g_string_append_printf (body, "\n%s",
                            _("The others are listed under Today in Mesodesk."));
  notification = notify_notification_new (summary, body->str, APP_ID);
  add_action (self, notification, 0, "default", _("Open Today"));
  add_action (self, notification, 0, "open", _("Open Today"));
  if (show (self, notification, 0))
    mark_shown (self, due);
}

static void
on_due_cb (MesoReminders *reminders,
           GPtrArray     *due,
           MesoNotifier  *self)
{
  gboolean named = TRUE;

  for (guint i = 0; i < due->len; i++)
    {
      MesoReminder *reminder = g_ptr_array_index (due, i);

      /* The core redacts what it hands out with nobody signed in; a window
       * locked by other means is no reason to show more. */
      if (self->locked && !reminder->redacted)
        {
          MesoClinic *clinic = meso_context_get_clinic (self->context);

          meso_reminder_redact (reminder);
          if (meso_clinic_get_number (clinic, MESO_CLINIC_NAMES_WHEN_LOCKED) == 0)
            meso_reminder_set_notice (reminder, NULL);
        }
      named = named && *reminder->notice_summary != '\0';
    }
  if (!named)
    notify_count (self, due);
  else if (due->len > MAX_SEPARATE)
    notify_many (self, due);
  else
    for (guint i = 0; i < due->len; i++)
      notify_one (self, g_ptr_array_index (due, i));
}

static void
meso_notifier_dispose (GObject *object)
{
  MesoNotifier *self = MESO_NOTIFIER (object);

  if (self->context != NULL)
    {
      meso_reminders_stop (reminders (self));
      g_signal_handlers_disconnect_by_data (reminders (self), self);
    }
  g_clear_pointer (&self->shown, g_hash_table_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (meso_notifier_parent_class)->dispose (object);
}

static void
meso_notifier_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MesoNotifier *self = MESO_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_SERVER_AVAILABLE:
      g_value_set_boolean (value, self->server_available);
      break;
    case PROP_LOCKED:
      g_value_set_boolean (value, self->locked);
      break;
    case PROP_STARTED:
      g_value_set_boolean (value, self->started);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_notifier_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MesoNotifier *self = MESO_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_LOCKED:
      meso_notifier_set_locked (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_notifier_class_init (MesoNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = meso_notifier_dispose;
  object_class->get_property = meso_notifier_get_property;
  object_class->set_property = meso_notifier_set_property;

  /**
   * MesoNotifier:server-available:
   *
   * Whether the last notification was shown; %FALSE when no notification
   * server answered, and reminders are only in the window.
   */
  properties[PROP_SERVER_AVAILABLE] =
    g_param_spec_boolean ("server-available", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * MesoNotifier:locked:
   *
   * Whether nobody is signed in at the clinic's window (locked, closed,
   * or never opened: running in the background). Notifications then name
   * nobody, and those that did are withdrawn when it locks.
   */
  properties[PROP_LOCKED] =
    g_param_spec_boolean ("locked", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * MesoNotifier:started:
   *
   * Whether the reminders are running: set once by meso_notifier_start().
   */
  properties[PROP_STARTED] =
    g_param_spec_boolean ("started", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MesoNotifier::open:
   * @reminder_id: the reminder whose notification was clicked
   *
   * Asks for the reminder's patient, appointment or stock to be shown; for
 * 0, the summary of several reminders, the Today list.
   */
  signals[OPEN] = g_signal_new ("open", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
meso_notifier_init (MesoNotifier *self)
{
  self->server_available = TRUE;
  self->locked = TRUE;
  self->shown = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
}

/* A reminder done, dismissed or gone on another workstation (or here, from
 * the Today page) is no longer a notification. */
static void
on_reminders_changed_cb (MesoNotifier *self)
{
  g_autoptr(GPtrArray) handled = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer key, notification;

  g_hash_table_iter_init (&iter, self->shown);
  while (g_hash_table_iter_next (&iter, &key, &notification))
    {
      gint64 id = *(gint64 *) key;
      g_autoptr(GError) error = NULL;
      g_autoptr(MesoReminder) reminder = NULL;

      if (id == 0)
        continue;   /* a summary of several */
      reminder = meso_reminders_load (reminders (self), id, &error);
      if (reminder == NULL && error != NULL)
        continue;   /* unreadable now: left as it is */
      if (reminder == NULL || !meso_reminder_state_is_open (reminder->state))
        g_ptr_array_add (handled, g_object_ref (notification));
    }
  /* Closing emits "closed", which takes it out of the table. */
  for (guint i = 0; i < handled->len; i++)
    notify_notification_close (g_ptr_array_index (handled, i), NULL);
}

/**
 * meso_notifier_new:
 *
 * The notifications of @context's reminders, not started yet: see
 * meso_notifier_start().
 */
MesoNotifier *
meso_notifier_new (MesoContext *context)
{
  MesoNotifier *self = g_object_new (MESO_TYPE_NOTIFIER, NULL);

  self->context = g_object_ref (context);
  g_signal_connect_object (reminders (self), "due", G_CALLBACK (on_due_cb), self, 0);
  g_signal_connect_object (reminders (self), "changed", G_CALLBACK (on_reminders_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

/**
 * meso_notifier_start:
 *
 * Starts the reminders: what fell due while Mesodesk was not running is
 * shown now, the rest when it falls due. The catch-up uses a worker and the
 * main loop, so a window starts it only after its first frame. Does nothing
 * the second time.
 */
void
meso_notifier_start (MesoNotifier *self)
{
  g_return_if_fail (MESO_IS_NOTIFIER (self));

  if (self->started)
    return;
  if (!notify_is_initted ())
    notify_init ("Mesodesk");
  self->started = TRUE;
  meso_reminders_start (reminders (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARTED]);
}

gboolean
meso_notifier_get_started (MesoNotifier *self)
{
  g_return_val_if_fail (MESO_IS_NOTIFIER (self), FALSE);

  return self->started;
}

MesoContext *
meso_notifier_get_context (MesoNotifier *self)
{
  return self->context;
}

gboolean
meso_notifier_get_server_available (MesoNotifier *self)
{
  return self->server_available;
}

/* Withdraws the notifications shown so far, which may name patients: the
 * screen is for whoever passes now. The reminders stay listed under Today. */
static void
close_all (MesoNotifier *self)
{
  g_autoptr(GList) shown = g_hash_table_get_values (self->shown);

  /* Closing may emit "closed", which removes it from the table. */
  for (GList *l = shown; l != NULL; l = l->next)
    g_object_ref (l->data);
  for (GList *l = shown; l != NULL; l = l->next)
    {
      notify_notification_close (l->data, NULL);
      g_object_unref (l->data);
    }
}

/**
 * meso_notifier_set_locked:
 *
 * Says whether anyone is signed in at the clinic's window; see
 * #MesoNotifier:locked.
 */
void
meso_notifier_set_locked (MesoNotifier *self,
                          gboolean      locked)
{
  g_return_if_fail (MESO_IS_NOTIFIER (self));

  locked = !!locked;
  if (self->locked == locked)
    return;
  self->locked = locked;
  if (locked)
    close_all (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
}

gboolean
meso_notifier_get_locked (MesoNotifier *self)
{
  g_return_val_if_fail (MESO_IS_NOTIFIER (self), TRUE);

  return self->locked;
}
