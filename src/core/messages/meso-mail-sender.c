/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-mail-sender.c: a thread of its own, on a database connection of its
 * own, that makes the messages the clinic's rules want (every few
 * minutes, meso-message-maker.c), claims the outbox's due e-mail one
 * message at a time, sends it through the clinic's server and marks it.
 * It sleeps until the next message is due, at most a minute (another
 * workstation may queue one), and wakes at once when told something was
 * queued. The main loop never waits for it, except to stop it. */
#define G_LOG_DOMAIN "meso-outbox"

#include <string.h>
#include <unistd.h>

#include "meso-context.h"
#include "meso-mail-sender.h"
#include "meso-message-maker.h"
#include "meso-outbox.h"

/* Asleep at most this long: what other workstations queue is seen by then. */
#define LONGEST_SLEEP_SECONDS 60
/* After the database failed: try again later, not in a loop. */
#define AFTER_FAILURE_SECONDS 30
/* The rules' messages are made this often: a confirmation goes within
 * this long of its time. */
#define MAKE_EVERY_SECONDS 300

struct _MesoMailSender
{
  GObject         parent_instance;

  MesoClock      *clock;
  GTimeZone      *zone;       /* the clinic's, for the Date header */
  MesoContext    *worker;     /* on a connection of its own, used by the thread only */
  MesoOutbox     *outbox;     /* the worker's */
  MesoMessageMaker *maker;
  gint64          made_at;    /* this sender's last pass of the maker (0: none) */
  char           *name;       /* who claims, as the outbox records it */
  GThread        *thread;
  GCancellable   *stopping;   /* also stops a send under way */

  GMutex          lock;       /* guards what follows */
  GCond           wake;
  gboolean        woken;
  MesoMailServer  server;     /* host NULL: nowhere to send */
  char           *password;
};

G_DEFINE_FINAL_TYPE (MesoMailSender, meso_mail_sender, G_TYPE_OBJECT)

static void
meso_mail_sender_dispose (GObject *object)
{
  meso_mail_sender_stop (MESO_MAIL_SENDER (object));
  G_OBJECT_CLASS (meso_mail_sender_parent_class)->dispose (object);
}

static void
meso_mail_sender_finalize (GObject *object)
{
  MesoMailSender *self = MESO_MAIL_SENDER (object);

  g_clear_object (&self->clock);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_clear_object (&self->maker);
  g_clear_object (&self->worker);
  g_clear_object (&self->stopping);
  g_free (self->name);
  meso_mail_server_clear (&self->server);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->wake);
  G_OBJECT_CLASS (meso_mail_sender_parent_class)->finalize (object);
}

static void
meso_mail_sender_class_init (MesoMailSenderClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = meso_mail_sender_dispose;
  G_OBJECT_CLASS (klass)->finalize = meso_mail_sender_finalize;
}

static void
meso_mail_sender_init (MesoMailSender *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->wake);
  self->stopping = g_cancellable_new ();
}

/**
 * meso_mail_sender_new:
 * @worker: a context of its own (meso_context_open_worker()), which the
 *   sender's thread then uses alone
 *
 * A sender for @worker's clinic. It makes and sends nothing until given a
 * server.
 *
 * Returns: (transfer full): the sender
 */
MesoMailSender *
meso_mail_sender_new (MesoContext *worker)
{
  MesoMailSender *self = g_object_new (MESO_TYPE_MAIL_SENDER, NULL);

  self->worker = g_object_ref (worker);
  self->clock = g_object_ref (meso_context_get_clock (worker));
  self->zone = g_time_zone_ref (meso_clock_get_zone (self->clock));
  self->outbox = meso_context_get_outbox (worker);
  self->maker = meso_message_maker_new (worker);
  self->name = g_strdup_printf ("%s:%d:%p", g_get_host_name (), (int) getpid (), self);
  return self;
}

/* In the thread: the rules' messages, when a pass is due. */
static void
make_messages (MesoMailSender *self)
{
  g_autoptr(GError) error = NULL;
  gint64 now = meso_clock_get_now (self->clock);

  if (self->made_at != 0 && now - self->made_at < MAKE_EVERY_SECONDS && now >= self->made_at)
    return;
  self->made_at = now;
  if (meso_message_maker_make (self->maker, &error) < 0)
    g_warning ("The patients' messages could not be made: %s", error->message);
}

/* The e-mail for @message, its Message-ID made of the row's id and birth
 * so that a resend is known for the same message. */
static void
make_mail (MesoMailSender     *self,
           const MesoMessage  *message,
           const char         *sender_address,
           MesoMail           *out_mail)
{
  const char *domain = strrchr (sender_address, '@');
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (message->created_at);

  out_mail->to_address = g_strdup (message->recipient);
  out_mail->subject = g_strdup (message->subject);
  out_mail->body = g_strdup (message->body);
  out_mail->message_id = g_strdup_printf ("mesodesk.%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT "%s",
                                          message->id, message->created_at,
                                          domain != NULL ? domain : "@mesodesk.invalid");
  out_mail->date = g_date_time_to_timezone (utc, self->zone);
}

/* Sends one claimed message with the server as it is set now. */
static void
send_message (MesoMailSender    *self,
              const MesoMessage *message)
{
  g_auto(MesoMailServer) server = { 0 };
  g_auto(MesoMail) mail = { 0 };
  g_autoptr(GError) send_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  gboolean wanted = TRUE;

  g_mutex_lock (&self->lock);
  server = (MesoMailServer) {
    g_strdup (self->server.host), self->server.port, self->server.security,
    g_strdup (self->server.user), g_strdup (self->server.sender_name),
    g_strdup (self->server.sender_address), g_strdup (self->server.certificate),
  };
  password = g_strdup (self->password);
  g_mutex_unlock (&self->lock);

  /* Its appointment moved or cancelled since the rules made it (the
   * staff may have retried a failed one): not sent. */
  if (!meso_message_maker_still_wanted (self->maker, message, &wanted, &error))
    g_clear_error (&error);   /* read again once sent or failed, by the next pass */
  else if (!wanted)
    {
      if (!meso_outbox_withdraw (self->outbox, message, self->name, &error))
        g_warning ("The outbox could not withdraw message %" G_GINT64_FORMAT ": %s",
                   message->id, error->message);
      return;
    }
  make_mail (self, message, server.sender_address != NULL ? server.sender_address : "", &mail);
  /* An attachment that cannot be made (its session is gone) fails the
   * message, with why, in the outbox. */
  if (meso_message_maker_attach (self->maker, message, &mail, &send_error))
    meso_mail_send (&server, password, &mail, self->stopping, &send_error);
  if (g_error_matches (send_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* stopped: the claim runs out and another sender takes it */
  if (!meso_outbox_finish (self->outbox, message, self->name, send_error, &error))
    g_warning ("The outbox could not record message %" G_GINT64_FORMAT ": %s",
               message->id, error->message);
}

static gpointer
run (gpointer data)
{
  MesoMailSender *self = data;

  g_mutex_lock (&self->lock);
  while (!g_cancellable_is_cancelled (self->stopping))
    {
      g_autoptr(MesoMessage) message = NULL;
      g_autoptr(GError) error = NULL;
      gint64 next_due = 0, sleep_seconds = LONGEST_SLEEP_SECONDS;

      self->woken = FALSE;
      if (self->server.host != NULL)
        {
          g_mutex_unlock (&self->lock);
          make_messages (self);
          message = meso_outbox_claim (self->outbox, self->name, &next_due, &error);
          if (message != NULL)
            send_message (self, message);
          else if (error != NULL)
            g_warning ("The outbox could not be read: %s", error->message);
          g_mutex_lock (&self->lock);
          if (message != NULL)
            continue;
          if (error != NULL)
            sleep_seconds = AFTER_FAILURE_SECONDS;
          else if (next_due != 0)
            sleep_seconds = CLAMP (next_due - meso_clock_get_now (self->clock), 1,
                                   LONGEST_SLEEP_SECONDS);
        }
      if (!self->woken && !g_cancellable_is_cancelled (self->stopping))
        g_cond_wait_until (&self->wake, &self->lock,
                           g_get_monotonic_time () + sleep_seconds * G_TIME_SPAN_SECOND);
    }
  g_mutex_unlock (&self->lock);
  return NULL;
}

/**
 * meso_mail_sender_set_server:
 * @server: (nullable): where to send; %NULL stops sending
 * @password: (nullable): the login's, from the keyring
 *
 * Sets the clinic's mail server, and starts the thread the first time.
 */
void
meso_mail_sender_set_server (MesoMailSender       *self,
                             const MesoMailServer *server,
                             const char           *password)
{
  g_mutex_lock (&self->lock);
  meso_mail_server_clear (&self->server);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
  if (server != NULL)
    {
      self->server = (MesoMailServer) {
        g_strdup (server->host), server->port, server->security, g_strdup (server->user),
        g_strdup (server->sender_name), g_strdup (server->sender_address),
        g_strdup (server->certificate),
      };
      self->password = g_strdup (password);
    }
  self->woken = TRUE;
  g_cond_signal (&self->wake);
  g_mutex_unlock (&self->lock);
  if (self->thread == NULL && !g_cancellable_is_cancelled (self->stopping))
    self->thread = g_thread_new ("mesodesk-mail", run, self);
}

/* Something was queued: look now rather than at the next due time. */
void
meso_mail_sender_wake (MesoMailSender *self)
{
  g_mutex_lock (&self->lock);
  self->woken = TRUE;
  g_cond_signal (&self->wake);
  g_mutex_unlock (&self->lock);
}

/* Stops the thread, and a send under way: that message is sent again
 * once its claim runs out. */
void
meso_mail_sender_stop (MesoMailSender *self)
{
  g_mutex_lock (&self->lock);
  g_cancellable_cancel (self->stopping);
  g_cond_signal (&self->wake);
  g_mutex_unlock (&self->lock);
  g_clear_pointer (&self->thread, g_thread_join);
}
