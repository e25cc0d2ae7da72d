/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-outbox.c: the Outbox window as reception reads it: each
 * message's recipient, what it is about and where it is, the server's
 * answer for one not sent; Cancel and Retry change the message in the
 * database and the window follows; an empty outbox says what will show. */
#include <string.h>

#include "meso-outbox-window.h"
#include "meso-test-db.h"
#include "meso-test-gui.h"
#include "meso-test-outbox.h"
#include "meso-test-session.h"

typedef struct
{
  char             *dir;
  MesoContext      *context;
  MesoStaff        *receptionist;
  MesoOutboxWindow *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->context = meso_test_open_context (&f->dir);
  f->receptionist = meso_test_sign_in (meso_context_get_db (f->context), MESO_ROLE_RECEPTIONIST,
                                       "Zeynep Kaya");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->receptionist);
  g_clear_object (&f->context);
  meso_test_remove_tree (f->dir);
  g_free (f->dir);
}

static void
show_window (Fixture *f)
{
  f->window = meso_outbox_window_new (NULL, f->context);
  gtk_window_present (GTK_WINDOW (f->window));
  meso_test_iterate_until (meso_test_window_shown, f->window, "the outbox");
}

/* Queues a confirmation, due in an hour, to a new patient at @address who
 * agreed. Returns: its id. */
static gint64
queue (Fixture    *f,
       const char *family,
       const char *given,
       const char *address)
{
  MesoClock *clock = meso_context_get_clock (f->context);
  gint64 patient = meso_test_add_emailed_patient (f->context, family, given, address, TRUE);
  g_autofree char *source = g_strdup_printf ("event:%s", address);

  g_assert_true (meso_test_queue_message (f->context, meso_context_get_outbox (f->context),
                                          patient, source, address, "Randevunuz yarın",
                                          meso_clock_get_now (clock) + 3600));
  return meso_test_query_int (meso_context_get_db (f->context),
                              "SELECT max (id) FROM message");
}

/* As a sender would leave it after the server refused the recipient. */
static void
refuse_next (Fixture *f)
{
  MesoClock *clock = meso_context_get_clock (f->context);

  meso_clock_set_now (clock, meso_clock_get_now (clock) + 7200);
  meso_test_refuse_next (meso_context_get_outbox (f->context));
}

static gboolean
is_button_named (GtkWidget    *widget,
                 gconstpointer name)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), name) == 0;
}

static GtkWidget *
button (Fixture    *f,
        const char *name)
{
  return meso_test_find_where (GTK_WIDGET (f->window), TRUE, is_button_named, name);
}

static const char *
subtitle_of (Fixture    *f,
             const char *patient)
{
  GtkWidget *row = meso_test_find_row (GTK_WIDGET (f->window), patient);

  g_assert_nonnull (row);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static MesoMessageState
state_of (Fixture *f,
          gint64   id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT CASE state WHEN 'queued' THEN %d"
                                          " WHEN 'failed' THEN %d WHEN 'cancelled' THEN %d"
                                          " ELSE -1 END FROM message WHERE id = %" G_GINT64_FORMAT,
                                          MESO_MESSAGE_QUEUED, MESO_MESSAGE_FAILED,
                                          MESO_MESSAGE_CANCELLED, id);

  return meso_test_query_int (meso_context_get_db (f->context), sql);
}

static void
assert_has (const char *text,
            const char *expected)
{
  if (strstr (text, expected) == NULL)
    g_error ("“%s” is not in “%s”", expected, text);
}

static void
test_retry_and_cancel (Fixture       *f,
                       gconstpointer  data)
{
  gint64 refused = queue (f, "Yılmaz", "Ayşe", "nobody@refused.example");
  GtkWidget *retry, *focus;
  gint64 waiting;

  refuse_next (f);
  waiting = queue (f, "García", "Lucía", "lucia@paciente.example");
  show_window (f);

  g_assert_cmpstr (meso_test_visible_page (GTK_WIDGET (f->window), "stack"), ==, "list");
  meso_test_screenshot (GTK_WIDGET (f->window), "outbox", 1024, 600);
  /* To whom: the patient by name, the address under it. */
  assert_has (subtitle_of (f, "Ayşe Yılmaz"), "nobody@refused.example");
  assert_has (subtitle_of (f, "Ayşe Yılmaz"), "Not sent");
  assert_has (subtitle_of (f, "Ayşe Yılmaz"), "No such mailbox here");
  assert_has (subtitle_of (f, "Lucía García"), "Waiting to be sent");
  g_assert_nonnull (button (f, "Send the message to Ayşe Yılmaz again"));
  g_assert_null (button (f, "Send the message to Lucía García again"));

  g_signal_emit_by_name (button (f, "Cancel the message to Lucía García"), "clicked");
  g_assert_cmpint (state_of (f, waiting), ==, MESO_MESSAGE_CANCELLED);
  assert_has (subtitle_of (f, "Lucía García"), "Cancelled");
  /* Its event may have gone: a cancelled message is not sent again. */
  g_assert_null (button (f, "Send the message to Lucía García again"));
  g_assert_null (button (f, "Cancel the message to Lucía García"));

  /* Retried from the keyboard: the focus stays on that message. */
  retry = button (f, "Send the message to Ayşe Yılmaz again");
  g_assert_true (gtk_widget_grab_focus (retry));
  g_signal_emit_by_name (retry, "clicked");
  g_assert_cmpint (state_of (f, refused), ==, MESO_MESSAGE_QUEUED);
  assert_has (subtitle_of (f, "Ayşe Yılmaz"), "Waiting to be sent");
  g_assert_null (button (f, "Send the message to Ayşe Yılmaz again"));
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (focus == meso_test_find_row (GTK_WIDGET (f->window), "Ayşe Yılmaz"));

  /* Changed while hidden (the workstation locked): read again when shown. */
  gtk_widget_set_visible (GTK_WIDGET (f->window), FALSE);
  g_assert_true (meso_outbox_cancel (meso_context_get_outbox (f->context), refused, NULL));
  gtk_window_present (GTK_WINDOW (f->window));
  meso_test_iterate_until (meso_test_window_shown, f->window, "the outbox again");
  assert_has (subtitle_of (f, "Ayşe Yılmaz"), "Cancelled");
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  show_window (f);
  g_assert_cmpstr (meso_test_visible_page (GTK_WIDGET (f->window), "stack"), ==, "empty");
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/meso/gui/outbox/retry-and-cancel", test_retry_and_cancel);
  ADD ("/meso/gui/outbox/empty", test_empty);
#undef ADD
  return g_test_run ();
}
