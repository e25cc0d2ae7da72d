/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-handout.c: handouts exported to PDF, read back with poppler's
 * tools: the patient's name, the dates computed from the session and the
 * language's own texts are there, fonts are embedded, and a long course
 * runs onto more pages with nothing lost between them. */
#include <glib/gstdio.h>

#include "meso-appointment-dialog.h"
#include "meso-handout-print.h"
#include "meso-handout-settings.h"
#include "meso-photo-store.h"
#include "meso-preferences-window.h"
#include "meso-scalp-store.h"
#include "meso-test-handout.h"
#include "meso-test-db.h"
#include "meso-test-gui.h"

typedef MesoHandoutFixture Fixture;

/* The session also has a scalp map, for the record. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoScalpStore) store = NULL;
  g_autoptr(MesoScalpMap) map = meso_scalp_map_new ();

  meso_handout_fixture_set_up (f, data);
  store = g_object_ref (meso_context_get_scalp_store (f->context));
  meso_scalp_map_set_grade (map, MESO_SCALP_ZONE_VERTEX, MESO_GRADE_MODERATE);
  meso_scalp_map_add_grid (map, MESO_SCALP_VIEW_TOP, 1u << MESO_SCALP_ZONE_VERTEX, 10, 2, 0.05);
  g_assert_true (meso_scalp_store_save (store, f->session->id, map, &error));
  g_assert_no_error (error);
}

/* Runs a poppler tool on @pdf. Returns: (transfer full): what it printed. */
static char *
poppler (const char *tool,
         const char *pdf,
         int         page)
{
  g_autofree char *first = g_strdup_printf ("%d", page);
  const char *with_page[] = { tool, "-f", first, "-l", first, pdf, "-", NULL };
  const char *whole[] = { tool, pdf, g_str_equal (tool, "pdftotext") ? "-" : NULL, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) (page > 0 ? with_page : whole), NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* pdftotext breaks lines where the page does: compare words only. */
static char *
words_of (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \n\f", -1);
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_string_append_printf (joined, "%s%s", joined->len > 0 ? " " : "", words[i]);
  return g_string_free (g_steal_pointer (&joined), FALSE);
}

static void
assert_has (const char *text,
            const char *expected)
{
  g_autofree char *words = words_of (text);
  g_autofree char *wanted = words_of (expected);

  if (strstr (words, wanted) == NULL)
    g_error ("“%s” is not in the PDF:\n%s", expected, text);
}

static guint
count_pages (const char *pdf)
{
  g_autofree char *info = poppler ("pdfinfo", pdf, 0);
  const char *pages = strstr (info, "Pages:");

  g_assert_nonnull (pages);
  return (guint) g_ascii_strtoull (pages + strlen ("Pages:"), NULL, 10);
}

/* Every font in the file is embedded, so that it prints as it looks. */
static void
assert_fonts_embedded (const char *pdf)
{
  g_autofree char *fonts = poppler ("pdffonts", pdf, 0);
  g_auto(GStrv) lines = g_strsplit (fonts, "\n", -1);
  guint checked = 0;

  /* name type encoding emb sub uni object ID: emb is fifth from the end. */
  for (guint i = 2; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      g_autoptr(GPtrArray) columns = g_ptr_array_new ();

      for (guint c = 0; fields[c] != NULL; c++)
        if (*fields[c] != '\0')
          g_ptr_array_add (columns, fields[c]);
      if (columns->len < 6)
        continue;
      g_assert_cmpstr (g_ptr_array_index (columns, columns->len - 5), ==, "yes");
      checked++;
    }
  g_assert_cmpuint (checked, >, 0);
}

static char *
export (Fixture         *f,
        MesoHandoutKind  kind,
        const char      *paper)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoHandout) handout = meso_handout_build (f->context, kind, f->session->id, 0,
                                                       f->now, &error);
  char *pdf = g_build_filename (f->dir, "handout.pdf", NULL);

  g_assert_no_error (error);
  g_assert_true (meso_handout_print_export (handout, paper, pdf, &error));
  g_assert_no_error (error);
  /* A handout names the patient: for the clinic's account only. */
  g_assert_cmpint (meso_test_file_mode (pdf), ==, 0600);
  return pdf;
}

static const struct
{
  MesoHandoutKind  kind;
  const char      *language;
  const char      *expected[4];
} cases[] = {
  { MESO_HANDOUT_AFTERCARE, "tr",
    { "Mezoterapi seansı sonrası bakım",
      "Saçınızı şu tarihten önce yıkamayın: 24 Kasım Salı, saat 10:30.",
      "Saçlı derinizi şu tarihe kadar doğrudan güneşten koruyun: 25 Kasım Çarşamba, saat 10:30.",
      "Sayfa 1 / 1" } },
  { MESO_HANDOUT_AFTERCARE, "ru",
    { "Уход после сеанса мезотерапии", "Не мойте голову до 24 ноября (вторник), 10:30.",
      "Не курите и не употребляйте алкоголь до 24 ноября (вторник), 10:30.",
      "Страница 1 из 1" } },
  { MESO_HANDOUT_INSTRUCTIONS, "es",
    { "Antes de su sesión",
      "es el lunes, 23 de noviembre de 2026, a las 10:00",
      "Lávese el pelo el día anterior, el domingo, 22 de noviembre de 2026,",
      "Página 1 de 1" } },
  { MESO_HANDOUT_RECORD, "en",
    { "Session record", "Vertex (crown) Moderate",
      "No contraindication was reported.", "No cocktail was recorded for this session." } },
};

static void
test_export_kinds (Fixture       *f,
                   gconstpointer  data)
{
  meso_handout_fixture_mark_done (f);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *pdf = NULL;
      g_autofree char *text = NULL;

      meso_test_set_language (f->db, cases[i].language);
      pdf = export (f, cases[i].kind, "a4");
      text = poppler ("pdftotext", pdf, 0);
      assert_has (text, "Lucía García");
      assert_has (text, "Dr. Elif Aydın");
      for (guint e = 0; e < G_N_ELEMENTS (cases[i].expected); e++)
        assert_has (text, cases[i].expected[e]);
      assert_fonts_embedded (pdf);
    }
}

/* A long course continues on a second page: the column titles repeat,
 * every session is there once, and both pages are numbered. */
static void
test_long_course (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoHandout) handout = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "schedule.pdf", NULL);
  g_autofree char *all = NULL;
  g_autofree char *second = NULL;
  g_autofree char *info = NULL;

  meso_test_book_course (f->context, f->session, 40);
  handout = meso_handout_build (f->context, MESO_HANDOUT_SCHEDULE, 0, f->session->patient_id,
                                f->now, &error);
  g_assert_no_error (error);
  g_assert_true (meso_handout_print_export (handout, "letter", pdf, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (count_pages (pdf), ==, 2);
  info = poppler ("pdfinfo", pdf, 0);
  g_assert_nonnull (strstr (info, "612 x 792 pts (letter)"));
  all = poppler ("pdftotext", pdf, 0);
  assert_has (all, "these are the 40 sessions of your course (Weekly)");
  assert_has (all, "1 Wednesday 25 November 2026 14:00 Dr. Elif Aydın");
  assert_has (all, "40 Wednesday 25 August 2027 14:00 Dr. Elif Aydın");
  assert_has (all, "Page 1 of 2");
  second = poppler ("pdftotext", pdf, 2);
  assert_has (second, "No. Date Time Practitioner");
  assert_has (second, "Page 2 of 2");
  for (guint n = 0; n < 40; n++)
    {
      g_autoptr(GDateTime) day = g_date_time_new_utc (2026, 11, 25, 14, 0, 0);
      g_autoptr(GDateTime) nth = g_date_time_add_weeks (day, n);
      g_autofree char *date = g_date_time_format (nth, "%-d %B %Y");
      g_autofree char *words = words_of (all);
      const char *first = strstr (words, date);

      /* LC_ALL=C.UTF-8 writes the English month names the texts use. */
      g_assert_nonnull (first);
      g_assert_null (strstr (first + 1, date));
    }
}

/* The command line the clinic's scripts use; a refused export writes nothing. */
static void
test_command_line (Fixture       *f,
                   gconstpointer  data)
{
  const char *mesodesk = g_getenv ("MESODESK");
  g_autofree char *database = g_build_filename (f->dir, "clinic.db", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "aftercare.pdf", NULL);
  g_autofree char *session = g_strdup_printf ("%" G_GINT64_FORMAT, f->session->id);
  g_autofree char *text = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  const char *good[] = { mesodesk, "--database", database, "--print-handout", "aftercare",
                         "--session", session, "--output", pdf, NULL };
  const char *missing[] = { mesodesk, "--database", database, "--print-handout", "record",
                            "--session", "999", "--output", pdf, NULL };

  g_assert_nonnull (mesodesk);
  meso_test_set_language (f->db, "es");
  /* Not for a session that has not happened: refused, saying why. */
  g_assert_true (g_spawn_sync (NULL, (char **) good, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
                               &err, &status, &error));
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (err, "once the session is done"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  meso_handout_fixture_mark_done (f);
  g_assert_true (g_spawn_sync (NULL, (char **) good, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
                               &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("mesodesk failed: %s", err);
  text = poppler ("pdftotext", pdf, 0);
  assert_has (text, "No se lave el pelo antes del martes 24 de noviembre, a las 10:30.");
  g_assert_cmpuint (count_pages (pdf), ==, 1);

  g_assert_true (g_remove (pdf) == 0);
  g_clear_pointer (&err, g_free);
  g_assert_true (g_spawn_sync (NULL, (char **) missing, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
                               &err, &status, &error));
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (err, "mesodesk:"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  {
    g_autofree char *partial = g_strconcat (pdf, ".part", NULL);

    g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
  }
}

static char *
text_of (GtkTextView *view)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (view), &start, &end);
  return gtk_text_buffer_get_text (gtk_text_view_get_buffer (view), &start, &end, FALSE);
}

/* An administrator rewrites the Spanish aftercare text: a misspelt field
 * is refused under the text, which stays as typed, and nothing is stored;
 * the corrected text is stored and printed. The clinic's hat advice too. */
static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(MesoStaff) admin = meso_test_sign_in (f->db, MESO_ROLE_ADMINISTRATOR, "Selin Demir");
  MesoPreferencesWindow *preferences = meso_preferences_window_new (f->context);
  g_autoptr(MesoHandout) handout = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  GtkWidget *page, *language, *hat, *save, *error_label, *title;
  GtkTextView *body;
  const char *wrong = "- No se lave el pelo antes del {wash_untill}.";
  const char *right = "- No se lave el pelo antes del {wash_until}, por favor.";

  gtk_window_present (GTK_WINDOW (preferences));
  meso_test_iterate_until (meso_test_window_shown, preferences, "the preferences");
  page = meso_test_find_by_type (GTK_WIDGET (preferences), MESO_TYPE_HANDOUT_SETTINGS);
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences),
                                           ADW_PREFERENCES_PAGE (page));

  hat = meso_test_find_row (page, "Advise a Hat in the Sun");
  gtk_switch_set_active (GTK_SWITCH (meso_test_find_by_type (hat, GTK_TYPE_SWITCH)), FALSE);
  g_assert_cmpuint (meso_clinic_get_number (meso_context_get_clinic (f->context),
                                            MESO_CLINIC_AFTERCARE_HAT), ==, 0);

  language = meso_test_find_row (page, "Language");
  adw_combo_row_set_selected (ADW_COMBO_ROW (language), 2);   /* Español */
  body = GTK_TEXT_VIEW (meso_test_find_by_type (page, GTK_TYPE_TEXT_VIEW));
  kept = text_of (body);
  g_assert_nonnull (strstr (kept, "No se lave el pelo antes del {wash_until}."));
  g_clear_pointer (&kept, g_free);

  save = meso_test_find_button (page, "_Save Text");
  g_assert_nonnull (save);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (body), wrong, -1);
  g_signal_emit_by_name (save, "clicked");
  error_label = gtk_widget_get_next_sibling (gtk_widget_get_parent (
                  gtk_widget_get_parent (GTK_WIDGET (body))));
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "{wash_untill}"));
  kept = text_of (body);
  g_assert_cmpstr (kept, ==, wrong);
  g_assert_cmpint (meso_test_query_int (f->db, "SELECT count (*) FROM handout_text"), ==, 0);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (body), right, -1);
  g_signal_emit_by_name (save, "clicked");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_cmpint (meso_test_query_int (f->db, "SELECT count (*) FROM handout_text"
                                               " WHERE language = 'es'"), ==, 1);
  /* A short text is stored under the key of its own row. */
  title = meso_test_find_by_type (page, ADW_TYPE_ENTRY_ROW);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (title)), !=, "");
  gtk_editable_set_text (GTK_EDITABLE (title), "Después de su sesión");
  g_signal_emit_by_name (title, "apply");
  g_assert_cmpint (meso_test_query_int (f->db, "SELECT count (*) FROM handout_text"
                                               " WHERE language = 'es' AND key = 'title'"
                                               " AND text = 'Después de su sesión'"), ==, 1);
  meso_test_set_language (f->db, "es");
  meso_handout_fixture_mark_done (f);
  handout = meso_handout_build (f->context, MESO_HANDOUT_AFTERCARE, f->session->id, 0, f->now,
                                &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((MesoHandoutBlock *) g_ptr_array_index (meso_handout_get_blocks (handout),
                                                            0))->text, ==,
                   "No se lave el pelo antes del martes 24 de noviembre, a las 10:30, por favor.");

  gtk_window_destroy (GTK_WINDOW (preferences));
}

/* GTK's own print dialog; its header is not in gtk4's pkg-config. */
static GType
print_dialog_type (void)
{
  return g_type_from_name ("GtkPrintUnixDialog");
}

static gboolean
print_dialog_open (gpointer data)
{
  return print_dialog_type () != 0 &&
         !meso_test_windows_gone (GSIZE_TO_POINTER (print_dialog_type ()));
}

static void
cancel_print_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  meso_test_iterate_until (print_dialog_open, NULL, "the print dialog");
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, print_dialog_type ()))
        {
          g_assert_nonnull (strstr (gtk_window_get_title (window), "Print"));
          gtk_dialog_response (GTK_DIALOG (window), GTK_RESPONSE_CANCEL);
          break;
        }
    }
  meso_test_iterate_until (meso_test_windows_gone, GSIZE_TO_POINTER (print_dialog_type ()),
                           "the print dialog to close");
}

/* Activates @action, which must be disabled: nothing opens, and nothing
 * is refused either. */
static void
assert_disabled (MesoAppointmentDialog *dialog,
                 const char            *action)
{
  gtk_widget_activate_action (GTK_WIDGET (dialog), action, NULL);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (print_dialog_open (NULL));
  g_assert_false (gtk_widget_get_visible (meso_test_get_widget (GTK_WIDGET (dialog),
                                                                "error_label")));
}

/* The appointment's print menu: a receptionist may print the patient's
 * handouts but not the session record; printing opens the print dialog.
 * Before the session is done, the aftercare sheet is not offered, and the
 * button says why; the instructions are. */
static void
test_print_menu (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(MesoStaff) receptionist = meso_test_sign_in (f->db, MESO_ROLE_RECEPTIONIST,
                                                         "Zeynep Kaya");
  MesoAppointmentDialog *dialog = meso_appointment_dialog_new (NULL, f->context, f->session, 0);
  GtkWidget *print;

  gtk_window_present (GTK_WINDOW (dialog));
  meso_test_iterate_until (meso_test_window_shown, dialog, "the appointment dialog");
  print = meso_test_get_widget (GTK_WIDGET (dialog), "print_button");
  g_assert_true (gtk_widget_get_visible (print));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (print),
                            "the aftercare sheet and the session record print once the session "
                            "is done"));
  assert_disabled (dialog, "dialog.print-record");
  assert_disabled (dialog, "dialog.print-aftercare");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.print-instructions",
                                             NULL));
  cancel_print_dialog ();
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Done: the aftercare sheet prints; the record stays the clinic's. */
  meso_handout_fixture_mark_done (f);
  dialog = meso_appointment_dialog_new (NULL, f->context, f->session, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  meso_test_iterate_until (meso_test_window_shown, dialog, "the appointment dialog");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (meso_test_get_widget (GTK_WIDGET (dialog),
                                                                      "print_button")),
                   ==, "Print a Handout");
  assert_disabled (dialog, "dialog.print-record");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.print-aftercare", NULL));
  cancel_print_dialog ();
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A solid 300 x 400 photo of the vertex at @session, as the photos
 * window stores one. */
static void
add_vertex_photo (Fixture         *f,
                  MesoAppointment *session,
                  guint32          rgba)
{
  MesoPhotoStore *store = meso_context_get_photo_store (f->context);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 300, 400);
  g_autoptr(GPtrArray) views = meso_photo_store_list_views (store, FALSE, NULL);
  g_autoptr(MesoPhotoImage) image = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize size = 0;
  gint64 vertex = 0;

  for (guint i = 0; i < views->len; i++)
    if (g_strcmp0 (MESO_PHOTO_VIEW (views->pdata[i])->code, "vertex") == 0)
      vertex = MESO_PHOTO_VIEW (views->pdata[i])->id;
  gdk_pixbuf_fill (pixbuf, rgba);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", &error, NULL));
  file = g_bytes_new_take (buffer, size);
  image = meso_photo_image_prepare (file, "vertex.jpg", &error);
  g_assert_no_error (error);
  g_assert_cmpint (meso_photo_store_add (store, session->id, vertex, NULL,
                                         MESO_PHOTO_CONSENT_CLINICAL, image, &error), >, 0);
  g_assert_no_error (error);
}

static gboolean
is_message_dialog (gpointer data)
{
  GListModel *windows = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (windows); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (windows, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        {
          *(AdwMessageDialog **) data = ADW_MESSAGE_DIALOG (window);
          return TRUE;
        }
    }
  return FALSE;
}

/* The photos window's Print: the progress handout opens the print
 * dialog, and goes to paper with its two photos; a receptionist is told
 * why not, in a dialog. */
static void
test_progress (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(MesoAppointment) later = meso_appointment_new ();
  g_autoptr(MesoHandout) handout = NULL;
  g_autoptr(MesoStaff) receptionist = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "progress.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *images = NULL;
  g_auto(GStrv) jpegs = NULL;
  const char *list[] = { "pdfimages", "-list", pdf, NULL };
  AdwMessageDialog *refusal = NULL;
  int status;

  later->patient_id = f->session->patient_id;
  later->practitioner_id = f->session->practitioner_id;
  later->room_id = f->session->room_id;
  later->starts_at = f->session->starts_at + 63 * 24 * 3600;   /* Monday 25 January 2027 */
  later->minutes = 30;
  g_assert_true (meso_schedule_save (meso_context_get_schedule (f->context), later, &error));
  g_assert_no_error (error);
  add_vertex_photo (f, f->session, 0xd02020ff);
  add_vertex_photo (f, later, 0x2020d0ff);

  g_assert_true (meso_handout_print_progress (f->context, f->session->patient_id, 0, NULL));
  cancel_print_dialog ();

  handout = meso_handout_build (f->context, MESO_HANDOUT_PROGRESS, 0, f->session->patient_id,
                                f->now, &error);
  g_assert_no_error (error);
  g_assert_true (meso_handout_print_export (handout, "a4", pdf, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_pages (pdf), ==, 1);
  text = poppler ("pdftotext", pdf, 0);
  assert_has (text, "Top of the head (vertex)");
  assert_has (text, "First session: Monday 23 November 2026");
  assert_has (text, "Latest session: Monday 25 January 2027");
  /* Both photos, as the JPEGs stored. */
  g_assert_true (g_spawn_sync (NULL, (char **) list, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &images, NULL, &status, &error));
  g_assert_no_error (error);
  jpegs = g_strsplit (images, " jpeg ", -1);
  g_assert_cmpuint (g_strv_length (jpegs), ==, 3);

  receptionist = meso_test_sign_in (f->db, MESO_ROLE_RECEPTIONIST, "Zeynep Kaya");
  g_assert_false (meso_handout_print_progress (f->context, f->session->patient_id, 0, NULL));
  meso_test_iterate_until (is_message_dialog, &refusal, "the refusal");
  g_assert_cmpstr (adw_message_dialog_get_heading (refusal), ==, "The Handout Was Not Printed");
  gtk_window_destroy (GTK_WINDOW (refusal));
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, meso_handout_fixture_tear_down)
  ADD ("/meso/gui/handout/export-kinds", test_export_kinds);
  ADD ("/meso/gui/handout/long-course", test_long_course);
  ADD ("/meso/gui/handout/command-line", test_command_line);
  ADD ("/meso/gui/handout/preferences", test_preferences);
  ADD ("/meso/gui/handout/print-menu", test_print_menu);
  ADD ("/meso/gui/handout/progress", test_progress);
#undef ADD

  return g_test_run ();
}
