/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-window-print.c: the photos window's handouts: the progress
 * handout for the patient, and the session's record with the photos the
 * physician chose for it, each with its consent. */
#define G_LOG_DOMAIN "meso-photo-window"

#include "meso-handout-print.h"
#include "meso-photo-window-private.h"

static void
on_record_toggled_cb (MesoPhotoWindow *self)
{
  MesoPhoto *photo = meso_photo_window_get_session_photo (self);

  if (self->updating || photo == NULL)
    return;
  if (gtk_check_button_get_active (self->record_check))
    g_hash_table_add (self->on_record, g_memdup2 (&photo->id, sizeof photo->id));
  else
    g_hash_table_remove (self->on_record, &photo->id);
}

/* photo-window.print-progress: each view at the first and the latest
 * session, for the patient, in their language. */
void
meso_photo_window_print_progress (GtkWidget  *widget,
                                  const char *action,
                                  GVariant   *parameter)
{
  MesoPhotoWindow *self = MESO_PHOTO_WINDOW (widget);

  meso_handout_print_progress (self->context, self->session->patient_id, self->session->id,
                               GTK_WINDOW (self));
}

/* photo-window.print-record: the session's record handout, with the
 * photos chosen for it. */
void
meso_photo_window_print_record (GtkWidget  *widget,
                                const char *action,
                                GVariant   *parameter)
{
  MesoPhotoWindow *self = MESO_PHOTO_WINDOW (widget);
  g_autoptr(GDateTime) now = meso_clock_dup_now (meso_context_get_clock (self->context));
  g_autoptr(GArray) chosen = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(MesoHandout) handout = NULL;
  g_autoptr(GError) error = NULL;

  /* In the order of the course, then of import. */
  for (guint i = 0; i < self->photos->len; i++)
    if (g_hash_table_contains (self->on_record, &MESO_PHOTO (self->photos->pdata[i])->id))
      g_array_append_val (chosen, MESO_PHOTO (self->photos->pdata[i])->id);
  handout = meso_handout_build_full (self->context, MESO_HANDOUT_RECORD, self->session->id,
                                     self->session->patient_id, (gint64 *) chosen->data,
                                     chosen->len, now, &error);
  if (handout == NULL)
    {
      meso_photo_window_show_problem (self, error->message);
      return;
    }
  meso_handout_print_show (handout, meso_clinic_get_text (meso_context_get_clinic (self->context),
                                                          MESO_CLINIC_PAPER),
                           GTK_WINDOW (self));
}

void
meso_photo_window_print_init (MesoPhotoWindow *self)
{
  g_signal_connect_swapped (self->record_check, "toggled", G_CALLBACK (on_record_toggled_cb),
                            self);
}
