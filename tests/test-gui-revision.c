/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-revision.c: another workstation saves the patient, appointment or
 * scalp map open in this one's form; this one's save is refused where the
 * user is looking, with who and when, and the form keeps what was typed. */
#include <adwaita.h>

#include "meso-appointment-dialog.h"
#include "meso-calendar-settings.h"
#include "meso-patient-editor.h"
#include "meso-scalp-map-view.h"
#include "meso-scalp-window.h"
#include "meso-test-app.h"
#include "meso-test-gui.h"
#include "meso-test-session.h"
#include "meso-test-util.h"
#include "meso-window.h"

typedef struct
{
  char        *dir;
  MesoContext *context;   /* this workstation's, behind the window */
  MesoWindow  *window;
  MesoContext *other;     /* another workstation on the same file */
  MesoStaff   *physician;
} Fixture;

static GtkWidget *
get_widget (Fixture    *f,
            const char *id)
{
  return meso_test_get_widget (GTK_WIDGET (f->window), id);
}

static const char *
text_of (GtkWidget *root,
         const char *id)
{
  return gtk_editable_get_text (GTK_EDITABLE (meso_test_get_widget (root, id)));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaff) admin = NULL;

  f->context = meso_test_open_context (&f->dir);
  f->window = meso_test_show_window (f->context);

  /* The receptionist creates the clinic's first account at the front desk. */
  meso_test_create_first_account (f->window, "Selin Demir");

  /* A physician works on the same file in the treatment room. */
  f->other = meso_context_open (meso_db_get_path (meso_context_get_db (f->context)), FALSE,
                                &error);
  g_assert_no_error (error);
  admin = meso_test_add_resources (f->other, NULL, NULL);
  f->physician = meso_test_sign_in (meso_context_get_db (f->other), MESO_ROLE_PHYSICIAN,
                                    "Dr. Kerem Öz");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->other);
  g_clear_object (&f->physician);
  meso_test_close_clinic (f->window, &f->context, &f->dir);
}

static gboolean
widget_visible (gpointer widget)
{
  return gtk_widget_get_visible (widget);
}

/* The other workstation loads, changes and saves the patient's e-mail. */
static void
other_saves_email (Fixture    *f,
                   gint64      id,
                   const char *email)
{
  MesoPatientStore *store = meso_context_get_patient_store (f->other);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoPatient) patient = meso_patient_store_load (store, id, &error);
  GDate today;

  g_assert_no_error (error);
  meso_patient_set_field (patient, MESO_PATIENT_EMAIL, email);
  meso_context_get_today (f->other, &today);
  g_assert_true (meso_patient_store_save (store, patient, NULL, &today, &error));
  g_assert_no_error (error);
}

static void
test_patient_editor (Fixture       *f,
                     gconstpointer  data)
{
  MesoPatientStore *store = meso_context_get_patient_store (f->other);
  g_autoptr(MesoPatient) stored = NULL;
  GtkWidget *editor, *conflict;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-patient", NULL);
  editor = get_widget (f, "editor");
  meso_test_type_into (GTK_WIDGET (f->window), "family_name_row", "Şahin");
  meso_test_type_into (GTK_WIDGET (f->window), "given_name_row", "Elif");
  gtk_widget_activate_action (editor, "editor.save", NULL);
  meso_test_wait_for_toasts (GTK_WIDGET (f->window), "Patient saved", TRUE);

  /* The desk types a phone number while the treatment room saves an e-mail. */
  meso_test_type_into (GTK_WIDGET (f->window), "phone_row", "+90 532 123 45 67");
  other_saves_email (f, 1, "elif.sahin@example.org");
  gtk_widget_activate_action (editor, "editor.save", NULL);
  /* The refusal replaces the toast of the first save, and who and when
   * stay above Save, where the user is looking. */
  meso_test_wait_for_toasts (GTK_WIDGET (f->window),
                             "Not saved: someone else changed this patient first", TRUE);
  conflict = get_widget (f, "conflict_label");
  g_assert_true (gtk_widget_is_visible (conflict));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (conflict)),
                                   "Dr. Kerem Öz changed this patient at "));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (conflict)),
                            "Your changes are still in the form"));
  /* What the other changed is said. */
  g_assert_true (g_str_has_suffix (gtk_label_get_label (GTK_LABEL (conflict)),
                                   "\nThey changed: E-mail."));

  /* Nothing of the refused save is stored; the form keeps what was typed. */
  stored = meso_patient_store_load (store, 1, NULL);
  g_assert_cmpstr (meso_patient_get_field (stored, MESO_PATIENT_EMAIL), ==,
                   "elif.sahin@example.org");
  g_assert_cmpstr (meso_patient_get_field (stored, MESO_PATIENT_PHONE), ==, "");
  g_assert_cmpstr (text_of (GTK_WIDGET (f->window), "phone_row"), ==, "+90 532 123 45 67");
  g_assert_true (meso_patient_editor_is_dirty (MESO_PATIENT_EDITOR (editor)));

  /* Reloaded keeping the desk's own changes: the form shows the other's
   * e-mail beside the phone typed here, and Save stores both. */
  gtk_widget_activate_action (editor, "editor.reload-keeping", NULL);
  g_assert_false (gtk_widget_is_visible (conflict));
  g_assert_cmpstr (text_of (GTK_WIDGET (f->window), "email_row"), ==, "elif.sahin@example.org");
  g_assert_cmpstr (text_of (GTK_WIDGET (f->window), "phone_row"), ==, "+90 532 123 45 67");
  g_assert_true (meso_patient_editor_is_dirty (MESO_PATIENT_EDITOR (editor)));
  gtk_widget_activate_action (editor, "editor.save", NULL);
  meso_test_wait_for_toasts (GTK_WIDGET (f->window), "Patient saved", TRUE);
  g_clear_object (&stored);
  stored = meso_patient_store_load (store, 1, NULL);
  g_assert_cmpstr (meso_patient_get_field (stored, MESO_PATIENT_EMAIL), ==,
                   "elif.sahin@example.org");
  g_assert_cmpstr (meso_patient_get_field (stored, MESO_PATIENT_PHONE), ==, "+90 532 123 45 67");
}

/* The treatment room books a session for a new patient. */
static MesoAppointment *
other_books_session (Fixture *f)
{
  MesoPatientStore *patients = meso_context_get_patient_store (f->other);
  g_autoptr(MesoPatient) patient = meso_patient_new ();
  g_autoptr(GError) error = NULL;
  MesoAppointment *booked = meso_appointment_new ();
  GDate today;

  meso_patient_set_field (patient, MESO_PATIENT_FAMILY_NAME, "Yılmaz");
  meso_context_get_today (f->other, &today);
  g_assert_true (meso_patient_store_save (patients, patient, NULL, &today, &error));
  g_assert_no_error (error);
  booked->patient_id = meso_patient_get_id (patient);
  booked->practitioner_id = 1;
  booked->room_id = 1;
  booked->starts_at = 1795428000;   /* Monday 23 November 2026, 10:00 UTC */
  booked->minutes = 30;
  g_assert_true (meso_schedule_save (meso_context_get_schedule (f->other), booked, &error));
  g_assert_no_error (error);
  return booked;
}

static void
test_appointment_dialog (Fixture       *f,
                         gconstpointer  data)
{
  MesoSchedule *other = meso_context_get_schedule (f->other);
  g_autoptr(MesoAppointment) booked = other_books_session (f);
  g_autoptr(MesoAppointment) opened = NULL;
  g_autoptr(MesoAppointment) changed = NULL;
  g_autoptr(MesoAppointment) stored = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog, *error_label;

  /* The desk opens the appointment and types a note... */
  opened = meso_schedule_load (meso_context_get_schedule (f->context), booked->id, &error);
  g_assert_no_error (error);
  dialog = GTK_WIDGET (meso_appointment_dialog_new (GTK_WINDOW (f->window), f->context, opened,
                                                    0));
  /* Kept alive should the save wrongly succeed and close it. */
  g_object_ref (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  meso_test_type_into (dialog, "notes_row", "Asks for a later time next week");

  /* ...while the treatment room lengthens the session. */
  changed = meso_schedule_load (other, booked->id, &error);
  g_assert_no_error (error);
  changed->minutes = 45;
  g_assert_true (meso_schedule_save (other, changed, &error));
  g_assert_no_error (error);

  /* The refusal is shown at the top of the dialog, with what the other
   * changed; the dialog stays open with the note typed, and nothing of it
   * is stored. */
  error_label = meso_test_get_widget (dialog, "error_label");
  gtk_widget_activate (meso_test_get_widget (dialog, "save_button"));
  meso_test_iterate_until (widget_visible, error_label, "the refusal");
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (error_label)),
                                   "Dr. Kerem Öz changed this appointment at "));
  g_assert_true (g_str_has_suffix (gtk_label_get_label (GTK_LABEL (error_label)),
                                   "\nThey changed: Minutes."));
  g_assert_true (gtk_widget_get_visible (dialog));
  g_assert_cmpstr (text_of (dialog, "notes_row"), ==, "Asks for a later time next week");
  stored = meso_schedule_load (other, booked->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->notes, ==, "");
  g_clear_object (&stored);

  /* Reloaded keeping the note: the other's 45 minutes beside it; Save
   * stores both and closes the dialog. */
  g_signal_emit_by_name (meso_test_get_widget (dialog, "reload_button"), "clicked");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (text_of (dialog, "notes_row"), ==, "Asks for a later time next week");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (meso_test_get_widget (dialog,
                                                                                      "minutes_spin"))),
                   ==, 45);
  g_signal_emit_by_name (meso_test_get_widget (dialog, "save_button"), "clicked");
  g_assert_false (gtk_widget_get_visible (error_label));
  stored = meso_schedule_load (other, booked->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->notes, ==, "Asks for a later time next week");
  g_assert_cmpuint (stored->minutes, ==, 45);

  g_object_unref (dialog);
}

static MesoScalpMap *
other_loads_map (Fixture *f,
                 gint64   appointment_id)
{
  g_autoptr(GError) error = NULL;
  MesoScalpMap *map = NULL;

  g_assert_true (meso_scalp_store_load (meso_context_get_scalp_store (f->other), appointment_id,
                                        &map, &error));
  g_assert_no_error (error);
  g_assert_nonnull (map);
  return map;
}

static void
test_scalp_window (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(MesoAppointment) session = other_books_session (f);
  g_autoptr(MesoScalpMap) theirs = meso_scalp_map_new ();
  g_autoptr(MesoScalpMap) stored = NULL;
  g_autoptr(GError) error = NULL;
  MesoScalpWindow *window;
  GtkWidget *view, *conflict_box, *conflict_label, *reload;
  MesoScalpMap *mine;

  /* The desk opens the session's map, still empty, and places a point... */
  window = meso_scalp_window_new (NULL, f->context, session, &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  meso_test_iterate_until (meso_test_window_shown, window, "the scalp map window");
  view = meso_test_find_by_type (GTK_WIDGET (window), MESO_TYPE_SCALP_MAP_VIEW);
  mine = meso_scalp_map_view_get_map (MESO_SCALP_MAP_VIEW (view));
  gtk_widget_activate_action (view, "scalp.add-point", "(udd)", MESO_SCALP_VIEW_TOP, 0.0, 20.0);
  conflict_box = meso_test_get_widget (GTK_WIDGET (window), "conflict_box");
  conflict_label = meso_test_get_widget (GTK_WIDGET (window), "conflict_label");
  g_assert_false (gtk_widget_get_visible (conflict_box));

  /* ...while the treatment room grades the crown and saves first. */
  meso_scalp_map_set_grade (theirs, MESO_SCALP_ZONE_VERTEX, MESO_GRADE_SEVERE);
  g_assert_true (meso_scalp_store_save (meso_context_get_scalp_store (f->other), session->id,
                                        theirs, &error));
  g_assert_no_error (error);

  /* The desk's save is refused under Save: who, when and what changed. */
  gtk_widget_activate_action (GTK_WIDGET (window), "scalp-window.save", NULL);
  meso_test_wait_for_toasts (GTK_WIDGET (window),
                             "Not saved: someone else changed this scalp map first", TRUE);
  g_assert_true (gtk_widget_get_visible (conflict_box));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (conflict_label)),
                                   "Dr. Kerem Öz changed this scalp map at "));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (conflict_label)),
                            "What they changed: 1 zone regraded."));
  /* The treatment room's map is kept; the desk's point is still on screen. */
  stored = other_loads_map (f, session->id);
  g_assert_cmpint (meso_scalp_map_get_grade (stored, MESO_SCALP_ZONE_VERTEX), ==,
                   MESO_GRADE_SEVERE);
  g_assert_cmpuint (meso_scalp_map_count_points (stored), ==, 0);
  g_assert_cmpuint (meso_scalp_map_count_points (mine), ==, 1);

  /* Reloaded, the window shows their grade with the desk's point, and saves. */
  reload = meso_test_get_widget (GTK_WIDGET (window), "reload_button");
  g_assert_true (gtk_widget_is_sensitive (reload));
  g_signal_emit_by_name (reload, "clicked");
  g_assert_false (gtk_widget_get_visible (conflict_box));
  g_assert_true (meso_scalp_map_view_get_map (MESO_SCALP_MAP_VIEW (view)) == mine);
  g_assert_cmpint (meso_scalp_map_get_grade (mine, MESO_SCALP_ZONE_VERTEX), ==, MESO_GRADE_SEVERE);
  g_assert_cmpuint (meso_scalp_map_count_points (mine), ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "scalp-window.save", NULL);
  g_assert_false (gtk_widget_get_visible (conflict_box));
  g_clear_object (&stored);
  stored = other_loads_map (f, session->id);
  g_assert_cmpint (meso_scalp_map_get_grade (stored, MESO_SCALP_ZONE_VERTEX), ==,
                   MESO_GRADE_SEVERE);
  g_assert_cmpuint (meso_scalp_map_count_points (stored), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
toasted_room_change (gpointer window)
{
  g_autofree char *toasts = meso_test_dup_toasts (window);

  return strstr (toasts, "changed this room") != NULL;
}

static void
test_room_settings (Fixture       *f,
                    gconstpointer  data)
{
  MesoSchedule *other = meso_context_get_schedule (f->other);
  g_autoptr(MesoStaff) admin = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window = adw_preferences_window_new ();
  GtkWidget *row, *active;
  MesoResources *resources;
  MesoRoom changed;

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window),
                              ADW_PREFERENCES_PAGE (meso_calendar_settings_new (f->context)));
  gtk_window_present (GTK_WINDOW (window));
  meso_test_iterate_until (meso_test_window_shown, window, "the settings");

  /* The desk's administrator renames the room, then takes it out of use:
   * two saves from one form, the second at the revision the first left. */
  row = meso_test_find_row (window, "Room or chair");
  active = meso_test_find_by_type (row, GTK_TYPE_SWITCH);
  gtk_editable_set_text (GTK_EDITABLE (row), "Chair 1");
  g_signal_emit_by_name (row, "apply");
  gtk_switch_set_active (GTK_SWITCH (active), FALSE);
  resources = meso_schedule_get_resources (other, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (meso_resources_find_room (resources, 1)->name, ==, "Chair 1");
  g_assert_false (meso_resources_find_room (resources, 1)->active);

  /* The settings show what was stored; then the treatment room renames it.
   * (Its schedule hears of the desk's saves meanwhile, and reads its
   * resources again: what it lent is copied first.) */
  changed = *meso_resources_find_room (resources, 1);
  changed.name = (char *) "Chair A";
  for (int i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  admin = meso_staff_store_load (meso_context_get_staff_store (f->other), 1, &error);
  g_assert_no_error (error);
  meso_db_set_actor (meso_context_get_db (f->other), admin);
  g_assert_true (meso_schedule_save_room (other, &changed, &error));
  g_assert_no_error (error);

  /* Putting the room back in use from the stale settings is refused. */
  row = meso_test_find_row (window, "Room or chair");
  active = meso_test_find_by_type (row, GTK_TYPE_SWITCH);
  gtk_switch_set_active (GTK_SWITCH (active), TRUE);
  meso_test_iterate_until (toasted_room_change, window, "the refusal");
  resources = meso_schedule_get_resources (other, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (meso_resources_find_room (resources, 1)->name, ==, "Chair A");
  g_assert_false (meso_resources_find_room (resources, 1)->active);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;

  g_test_add ("/meso/gui/revision/patient-editor", Fixture, NULL, fixture_set_up,
              test_patient_editor, fixture_tear_down);
  g_test_add ("/meso/gui/revision/appointment-dialog", Fixture, NULL, fixture_set_up,
              test_appointment_dialog, fixture_tear_down);
  g_test_add ("/meso/gui/revision/scalp-window", Fixture, NULL, fixture_set_up,
              test_scalp_window, fixture_tear_down);
  g_test_add ("/meso/gui/revision/room-settings", Fixture, NULL, fixture_set_up,
              test_room_settings, fixture_tear_down);

  return g_test_run ();
}
