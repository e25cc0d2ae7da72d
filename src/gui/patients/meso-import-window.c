/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-import-window.c: patients imported from another program's file. The
 * file is read, checked and written in worker threads (MesoPatientImport);
 * this window shows how it was read, lets each column be mapped, lists the
 * rows to look at, and offers to undo the latest import. */
#define G_LOG_DOMAIN "meso-import-window"

#include <glib/gi18n.h>

#include "config.h"
#include "meso-file-chooser.h"
#include "meso-health-banner.h"
#include "meso-import-window.h"
#include "meso-patient-import.h"

/* Rows listed at most: the rest are counted; --import-patients --dry-run
 * lists every one. */
#define MAX_LISTED_ROWS 200

#define BUSY_DELAY_MS 300

struct _MesoImportWindow
{
  AdwWindow             parent_instance;

  MesoContext          *context;
  MesoPatientImport    *import;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  GtkStringList        *field_names;   /* "Left out", then each field's label */
  GPtrArray            *column_rows;
  GPtrArray            *listed_rows;
  gint64                undo_id;       /* the import Undo takes back, or 0 */
  guint                 n_importing;   /* the rows the run under way writes */
  guint                 busy_timeout;
  gboolean              writing;       /* an import or an undo is being written */
  gboolean              updating;      /* the controls are being set from the import */

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  GtkButton            *import_button;
  GtkStack             *stack;
  AdwPreferencesGroup  *last_group;
  AdwActionRow         *last_row;
  GtkSpinner           *spinner;
  GtkLabel             *busy_label;
  GtkLabel             *summary_label;
  GtkLabel             *error_label;
  AdwComboRow          *encoding_row;
  AdwComboRow          *delimiter_row;
  AdwActionRow         *header_row;
  GtkSwitch            *header_switch;
  AdwComboRow          *date_order_row;
  AdwPreferencesGroup  *columns_group;
  AdwPreferencesGroup  *rows_group;
  AdwStatusPage        *done_page;
};

G_DEFINE_FINAL_TYPE (MesoImportWindow, meso_import_window, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char delimiters[] = { ',', ';', '\t', '|' };

static void check (MesoImportWindow *self);

static void
show_toast (MesoImportWindow *self,
            const char       *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 10);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static gboolean
show_busy_page (gpointer data)
{
  MesoImportWindow *self = data;

  self->busy_timeout = 0;
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "busy");
  return G_SOURCE_REMOVE;
}

/* The page stays, insensitive, for work that ends before it is noticed (a
 * check of a few hundred rows); the busy page shows for longer work. */
static void
show_busy (MesoImportWindow *self,
           const char       *what)
{
  gtk_label_set_label (self->busy_label, what);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run", FALSE);
  g_clear_handle_id (&self->busy_timeout, g_source_remove);
  self->busy_timeout = g_timeout_add (BUSY_DELAY_MS, show_busy_page, self);
}

static void
show_page (MesoImportWindow *self,
           const char       *name)
{
  g_clear_handle_id (&self->busy_timeout, g_source_remove);
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), g_str_equal (name, "preview"));
  gtk_stack_set_visible_child_name (self->stack, name);
}

/* The latest import, if it can still be undone, on the first page. */
static void
show_last_import (MesoImportWindow *self)
{
  MesoPatientStore *store = meso_context_get_patient_store (self->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *when = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *title = NULL;
  MesoPatientImportInfo info;

  self->undo_id = 0;
  if (!meso_patient_store_get_last_import (store, &info, &error) || info.id == 0 || info.undone)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->last_group), FALSE);
      if (error != NULL)
        show_toast (self, error->message);
      meso_patient_import_info_clear (&info);
      return;
    }
  self->undo_id = info.id;
  utc = g_date_time_new_from_iso8601 (info.imported_at, NULL);
  when = utc != NULL ? meso_clock_format (meso_context_get_clock (self->context),
                                          g_date_time_to_unix (utc), "%x %H:%M")
                     : g_strdup (info.imported_at);
  title = g_markup_escape_text (info.source, -1);
  /* TRANSLATORS: how many patients an import brought, when, and who ran it. */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld patient, %s, by %s",
                                           "%lld patients, %s, by %s", (gulong) info.n_patients),
                              (long long) info.n_patients, when,
                              info.staff_name != NULL ? info.staff_name : "?");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->last_row), title);
  g_free (g_steal_pointer (&title));
  title = g_markup_escape_text (subtitle, -1);
  adw_action_row_set_subtitle (self->last_row, title);
  gtk_widget_set_visible (GTK_WIDGET (self->last_group), TRUE);
  meso_patient_import_info_clear (&info);
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static void
on_column_row_selected_cb (AdwComboRow      *row,
                           GParamSpec       *pspec,
                           MesoImportWindow *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "column"));

  if (self->updating)
    return;
  meso_patient_import_set_column_field (self->import, column,
                                        (int) adw_combo_row_get_selected (row) - 1);
  /* The column that had the field before has none now. */
  self->updating = TRUE;
  for (guint i = 0; i < self->column_rows->len; i++)
    adw_combo_row_set_selected (g_ptr_array_index (self->column_rows, i),
                                meso_patient_import_get_column_field (self->import, i) + 1);
  self->updating = FALSE;
  check (self);
}

/* One row for each column of the file: its name, an example, its field. */
static void
show_columns (MesoImportWindow *self)
{
  clear_rows (self->columns_group, self->column_rows);
  for (guint column = 0; column < meso_patient_import_get_n_columns (self->import); column++)
    {
      g_autofree char *name = meso_patient_import_dup_column_name (self->import, column);
      g_autofree char *sample = meso_patient_import_dup_column_sample (self->import, column);
      g_autofree char *title = g_markup_escape_text (name, -1);
      g_autofree char *subtitle = sample != NULL ? g_markup_escape_text (sample, -1) : NULL;
      AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle != NULL ? subtitle : "");
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
      adw_combo_row_set_model (row, G_LIST_MODEL (self->field_names));
      adw_combo_row_set_selected (row,
                                  meso_patient_import_get_column_field (self->import, column) + 1);
      g_object_set_data (G_OBJECT (row), "column", GUINT_TO_POINTER (column));
      g_signal_connect (row, "notify::selected", G_CALLBACK (on_column_row_selected_cb), self);
      adw_preferences_group_add (self->columns_group, GTK_WIDGET (row));
      g_ptr_array_add (self->column_rows, row);
    }
}

/* The file's settings as the import read or guessed them. */
static void
show_settings (MesoImportWindow *self)
{
  gboolean csv = meso_patient_import_get_format (self->import) == MESO_IMPORT_FORMAT_CSV;
  char delimiter = meso_patient_import_get_delimiter (self->import);

  self->updating = TRUE;
  adw_combo_row_set_selected (self->encoding_row, meso_patient_import_get_encoding (self->import));
  for (guint i = 0; i < G_N_ELEMENTS (delimiters); i++)
    if (delimiters[i] == delimiter)
      adw_combo_row_set_selected (self->delimiter_row, i);
  gtk_switch_set_active (self->header_switch, meso_patient_import_get_has_header (self->import));
  adw_combo_row_set_selected (self->date_order_row,
                              meso_patient_import_get_date_order (self->import));
  gtk_widget_set_visible (GTK_WIDGET (self->delimiter_row), csv);
  gtk_widget_set_visible (GTK_WIDGET (self->header_row), csv);
  gtk_widget_set_visible (GTK_WIDGET (self->date_order_row), csv);
  gtk_widget_set_visible (GTK_WIDGET (self->columns_group), csv);
  show_columns (self);
  self->updating = FALSE;
}

static void
update_summary (MesoImportWindow *self)
{
  guint n_rows = meso_patient_import_get_n_rows (self->import);
  guint n_included = meso_patient_import_count_included (self->import);
  g_autofree char *rows = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row", "%u rows",
                                                        n_rows), n_rows);
  guint n_duplicates = meso_patient_import_count_duplicates (self->import);
  g_autofree char *duplicates = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                              "%u likely duplicate",
                                                              "%u likely duplicates",
                                                              n_duplicates), n_duplicates);
  g_autofree char *summary = NULL;
  g_autofree char *label = NULL;

  /* TRANSLATORS: "120 rows: 115 to import, 3 with problems, 2 likely duplicates." */
  summary = g_strdup_printf (_("%s: %u to import, %u with problems, %s."), rows, n_included,
                             meso_patient_import_count_problems (self->import), duplicates);
  gtk_label_set_label (self->summary_label, summary);
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Import %u Patient",
                                        "_Import %u Patients", n_included), n_included);
  gtk_button_set_label (self->import_button, label);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run", n_included > 0);
}

static void
on_include_toggled_cb (GtkCheckButton   *button,
                       MesoImportWindow *self)
{
  guint row = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "row"));

  meso_patient_import_set_row_included (self->import, row, gtk_check_button_get_active (button));
  update_summary (self);
}

static char *
describe_duplicate (MesoImportWindow *self,
                    guint             row)
{
  const char *name = meso_patient_import_get_row_duplicate_name (self->import, row);
  const char *phone = meso_patient_import_get_row_duplicate_phone (self->import, row);
  guint line = meso_patient_import_get_row_duplicate_line (self->import, row);

  if (line != 0)
    return g_strdup_printf (_("The same patient as line %u."), line);
  if (name == NULL)
    return g_strdup_printf (_("The clinic may have this patient already (patient number %lld)."),
                            (long long) meso_patient_import_get_row_duplicate (self->import, row));
  /* TRANSLATORS: the name of a patient the clinic has, and their phone. */
  return g_strdup_printf (_("The clinic may have this patient already: %s, %s."), name,
                          phone != NULL && *phone != '\0' ? phone : _("no phone"));
}

/* A row with problems says what they are; a likely duplicate says whom it
 * may be, and can be included after all. */
static GtkWidget *
create_listed_row (MesoImportWindow *self,
                   guint             row)
{
  MesoPatient *patient = meso_patient_import_get_row_patient (self->import, row);
  const char *problems = meso_patient_import_get_row_problems (self->import, row);
  g_autofree char *name = meso_patient_dup_display_name (patient);
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *duplicate = NULL;
  GtkWidget *widget = adw_action_row_new ();

  /* TRANSLATORS: a line of the imported file and the patient's name on it. */
  title = g_strdup_printf (_("Line %u: %s"), meso_patient_import_get_row_line (self->import, row),
                           *name != '\0' ? name : _("no name"));
  escaped = g_markup_escape_text (title, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (widget), escaped);
  g_free (g_steal_pointer (&escaped));
  if (problems == NULL)
    {
      GtkWidget *include = gtk_check_button_new_with_mnemonic (_("Inc_lude"));

      duplicate = describe_duplicate (self, row);
      gtk_widget_set_valign (include, GTK_ALIGN_CENTER);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (include),
                                   meso_patient_import_get_row_included (self->import, row));
      g_object_set_data (G_OBJECT (include), "row", GUINT_TO_POINTER (row));
      g_signal_connect (include, "toggled", G_CALLBACK (on_include_toggled_cb), self);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (include), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                      widget, NULL, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (widget), include);
    }
  else
    gtk_widget_add_css_class (widget, "error");
  escaped = g_markup_escape_text (problems != NULL ? problems : duplicate, -1);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (widget), escaped);
  return widget;
}

static void
show_rows (MesoImportWindow *self)
{
  guint n_listed = 0, n_more = 0;

  clear_rows (self->rows_group, self->listed_rows);
  for (guint row = 0; row < meso_patient_import_get_n_rows (self->import); row++)
    {
      GtkWidget *widget;

      if (meso_patient_import_get_row_problems (self->import, row) == NULL &&
          meso_patient_import_get_row_duplicate (self->import, row) == 0 &&
          meso_patient_import_get_row_duplicate_line (self->import, row) == 0)
        continue;
      if (n_listed == MAX_LISTED_ROWS)
        {
          n_more++;
          continue;
        }
      widget = create_listed_row (self, row);
      adw_preferences_group_add (self->rows_group, widget);
      g_ptr_array_add (self->listed_rows, widget);
      n_listed++;
    }
  if (n_more > 0)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "And %u more row to look at",
                                                            "And %u more rows to look at",
                                                            n_more), n_more);
      GtkWidget *widget = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (widget), more);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (widget),
                                   _("mesodesk --import-patients FILE --dry-run lists them all."));
      adw_preferences_group_add (self->rows_group, widget);
      g_ptr_array_add (self->listed_rows, widget);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->rows_group), self->listed_rows->len > 0);
}

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MesoImportWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!meso_patient_import_check_finish (MESO_PATIENT_IMPORT (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  gtk_label_set_label (self->error_label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  update_summary (self);
  show_rows (self);
  show_page (self, "preview");
}

/* Checks the rows again for the import's settings, in a worker thread. */
static void
check (MesoImportWindow *self)
{
  GDate today;

  meso_context_get_today (self->context, &today);
  show_busy (self, _("Checking the rows…"));
  meso_patient_import_check_async (self->import, meso_context_get_patient_store (self->context),
                                   &today, self->cancellable, check_done_cb,
                                   g_object_ref (self));
}

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MesoImportWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  MesoPatientImport *import = meso_patient_import_new_for_path_finish (result, &error);

  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    {
      g_clear_object (&import);
      return;
    }
  if (import == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      show_page (self, "start");
      return;
    }
  g_clear_object (&self->import);
  self->import = import;
  gtk_window_set_title (GTK_WINDOW (self), meso_patient_import_get_source (import));
  show_settings (self);
  check (self);
}

/**
 * meso_import_window_open_path:
 *
 * Reads the file at @path, as choosing it would, and checks its rows.
 */
void
meso_import_window_open_path (MesoImportWindow *self,
                              const char       *path)
{
  g_return_if_fail (MESO_IS_IMPORT_WINDOW (self));

  show_busy (self, _("Reading the file…"));
  meso_patient_import_new_for_path_async (path, meso_context_get_path (self->context),
                                          self->cancellable, read_done_cb,
                                          g_object_ref (self));
}

static void
on_chooser_response_cb (GtkNativeDialog  *chooser,
                        int               response,
                        MesoImportWindow *self)
{
  g_autofree char *path = meso_file_chooser_get_path (chooser, response);

  g_clear_object (&self->chooser);
  if (path != NULL)
    meso_import_window_open_path (self, path);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *first_pattern,
            ...)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  va_list patterns;

  gtk_file_filter_set_name (filter, name);
  va_start (patterns, first_pattern);
  for (const char *p = first_pattern; p != NULL; p = va_arg (patterns, const char *))
    gtk_file_filter_add_pattern (filter, p);
  va_end (patterns);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
choose_file (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MesoImportWindow *self = MESO_IMPORT_WINDOW (widget);

  self->chooser = gtk_file_chooser_native_new (_("Choose a File of Patients"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                                               _("_Cancel"));
  add_filter (GTK_FILE_CHOOSER (self->chooser), _("Patients (CSV or vCard)"), "*.csv", "*.CSV",
              "*.txt", "*.TXT", "*.tsv", "*.vcf", "*.VCF", "*.vcard", NULL);
  add_filter (GTK_FILE_CHOOSER (self->chooser), _("All files"), "*", NULL);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(MesoImportWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  guint n = self->n_importing;
  gint64 id = meso_patient_import_run_finish (MESO_PATIENT_IMPORT (source), result, &error);

  self->writing = FALSE;
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  if (id == 0)
    {
      /* Nothing was written: the preview is as it was. */
      show_toast (self, error->message);
      update_summary (self);
      show_page (self, "preview");
      return;
    }
  self->undo_id = id;
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Patient Imported",
                                        "%u Patients Imported", n), n);
  adw_status_page_set_title (self->done_page, title);
  adw_status_page_set_description (self->done_page,
                                   _("They are in the patient list now. Until the next import, "
                                     "the import can be undone as a whole."));
  show_page (self, "done");
}

static void
run_import (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  MesoImportWindow *self = MESO_IMPORT_WINDOW (widget);
  guint n = meso_patient_import_count_included (self->import);
  g_autofree char *what = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "Importing %u patient…",
                                                        "Importing %u patients…", n), n);

  self->n_importing = n;
  self->writing = TRUE;
  show_busy (self, what);
  meso_patient_import_run_async (self->import, meso_context_get_patient_store (self->context),
                                 run_done_cb, g_object_ref (self));
}

static void
undo_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MesoImportWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean undone = meso_patient_store_undo_import_finish (MESO_PATIENT_STORE (source), result,
                                                          &error);

  self->writing = FALSE;
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  if (undone)
    show_toast (self, _("The import was undone."));
  else
    show_toast (self, error->message);
  g_clear_object (&self->import);
  gtk_window_set_title (GTK_WINDOW (self), _("Import Patients"));
  show_last_import (self);
  show_page (self, "start");
}

static void
on_undo_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     MesoImportWindow *self)
{
  if (!g_str_equal (response, "undo") || self->undo_id == 0)
    return;
  self->writing = TRUE;
  show_busy (self, _("Undoing the import…"));
  meso_patient_store_undo_import_async (meso_context_get_patient_store (self->context),
                                        self->undo_id, undo_done_cb, g_object_ref (self));
}

static void
undo_import (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MesoImportWindow *self = MESO_IMPORT_WINDOW (widget);
  GtkWidget *dialog =
    adw_message_dialog_new (GTK_WINDOW (self), _("Undo the Import?"),
                            _("Its patients are removed again, unless one of them was changed "
                              "or given an appointment since. The audit trail keeps the import "
                              "and its undoing."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "undo", _("_Undo Import"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "undo",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_undo_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reread_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(MesoImportWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!meso_patient_import_reread_finish (MESO_PATIENT_IMPORT (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          gtk_widget_in_destruction (GTK_WIDGET (self)))
        return;
      /* The file stays read as it was: the settings say so again. */
      show_toast (self, error->message);
    }
  show_settings (self);
  check (self);
}

/* A changed encoding or delimiter reads the file again in a worker thread,
 * and maps its columns anew; any change checks the rows again. */
static void
on_setting_changed_cb (MesoImportWindow *self)
{
  guint encoding = adw_combo_row_get_selected (self->encoding_row);
  guint delimiter = adw_combo_row_get_selected (self->delimiter_row);
  gboolean csv;

  if (self->updating || self->import == NULL)
    return;
  csv = meso_patient_import_get_format (self->import) == MESO_IMPORT_FORMAT_CSV;
  if (csv && gtk_switch_get_active (self->header_switch) !=
             meso_patient_import_get_has_header (self->import))
    meso_patient_import_set_has_header (self->import, gtk_switch_get_active (self->header_switch));
  if (csv)
    meso_patient_import_set_date_order (self->import,
                                        adw_combo_row_get_selected (self->date_order_row));
  if (encoding >= MESO_N_ENCODINGS || delimiter >= G_N_ELEMENTS (delimiters))
    return;
  if (encoding != meso_patient_import_get_encoding (self->import) ||
      (csv && delimiters[delimiter] != meso_patient_import_get_delimiter (self->import)))
    {
      show_busy (self, _("Reading the file…"));
      meso_patient_import_reread_async (self->import, encoding, csv ? delimiters[delimiter] : ',',
                                        self->cancellable, reread_done_cb, g_object_ref (self));
      return;
    }
  show_settings (self);
  check (self);
}

static GListModel *
new_string_model (const char *first,
                  ...)
{
  GtkStringList *list = gtk_string_list_new (NULL);
  va_list strings;

  va_start (strings, first);
  for (const char *s = first; s != NULL; s = va_arg (strings, const char *))
    gtk_string_list_append (list, s);
  va_end (strings);
  return G_LIST_MODEL (list);
}

static void
fill_models (MesoImportWindow *self)
{
  g_autoptr(GtkStringList) encodings = gtk_string_list_new (NULL);
  g_autoptr(GListModel) separators = NULL;
  g_autoptr(GListModel) orders = NULL;

  for (guint i = 0; i < MESO_N_ENCODINGS; i++)
    gtk_string_list_append (encodings, meso_encoding_get_label (i));
  adw_combo_row_set_model (self->encoding_row, G_LIST_MODEL (encodings));
  separators = new_string_model (_("Commas (,)"), _("Semicolons (;)"), _("Tabs"),
                                 _("Vertical bars (|)"), NULL);
  adw_combo_row_set_model (self->delimiter_row, separators);
  orders = new_string_model (_("Day first (31.12.1980)"), _("Month first (12/31/1980)"), NULL);
  adw_combo_row_set_model (self->date_order_row, orders);

  self->field_names = gtk_string_list_new (NULL);
  gtk_string_list_append (self->field_names, _("Left out"));
  for (guint i = 0; i < MESO_PATIENT_N_FIELDS; i++)
    gtk_string_list_append (self->field_names, meso_patient_import_field_label (i));

  g_signal_connect_swapped (self->encoding_row, "notify::selected",
                            G_CALLBACK (on_setting_changed_cb), self);
  g_signal_connect_swapped (self->delimiter_row, "notify::selected",
                            G_CALLBACK (on_setting_changed_cb), self);
  g_signal_connect_swapped (self->header_switch, "notify::active",
                            G_CALLBACK (on_setting_changed_cb), self);
  g_signal_connect_swapped (self->date_order_row, "notify::selected",
                            G_CALLBACK (on_setting_changed_cb), self);
}

static void
meso_import_window_constructed (GObject *object)
{
  MesoImportWindow *self = MESO_IMPORT_WINDOW (object);

  G_OBJECT_CLASS (meso_import_window_parent_class)->constructed (object);

  meso_health_banner_follow (GTK_WIDGET (self), MESO_TYPE_IMPORT_WINDOW, self->context);
  show_last_import (self);
}

static gboolean
meso_import_window_close_request (GtkWindow *window)
{
  MesoImportWindow *self = MESO_IMPORT_WINDOW (window);

  /* The person must see whether the import, or its undo, was written. */
  if (self->writing)
    {
      show_toast (self, _("Wait until the patients are written."));
      return TRUE;
    }
  /* A check under way is of no use to anyone now. */
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->busy_timeout, g_source_remove);
  return GTK_WINDOW_CLASS (meso_import_window_parent_class)->close_request (window);
}

static void
meso_import_window_dispose (GObject *object)
{
  MesoImportWindow *self = MESO_IMPORT_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->busy_timeout, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), MESO_TYPE_IMPORT_WINDOW);

  G_OBJECT_CLASS (meso_import_window_parent_class)->dispose (object);
}

static void
meso_import_window_finalize (GObject *object)
{
  MesoImportWindow *self = MESO_IMPORT_WINDOW (object);

  g_clear_object (&self->context);
  g_clear_object (&self->import);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->field_names);
  g_clear_pointer (&self->column_rows, g_ptr_array_unref);
  g_clear_pointer (&self->listed_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (meso_import_window_parent_class)->finalize (object);
}

static void
meso_import_window_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  MesoImportWindow *self = MESO_IMPORT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_import_window_class_init (MesoImportWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = meso_import_window_constructed;
  object_class->dispose = meso_import_window_dispose;
  object_class->finalize = meso_import_window_finalize;
  object_class->set_property = meso_import_window_set_property;
  GTK_WINDOW_CLASS (klass)->close_request = meso_import_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MESO_TYPE_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mesodesk/Mesodesk/meso-import-window.ui");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  meso_health_banner_class_bind (widget_class);
  gtk_widget_class_bind_template_child (widget_class, MesoImportWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MesoImportWindow, import_button);
  gtk_widget_class_bind_template_child (widget_class, MesoImportWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, MesoImportWindow, last_group);
  gtk_widget_class_bind_template_child (widget_class, MesoImportWindow, last_row);
  gtk_widget_class_bind_template_child (widget_class, MesoImportWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, MesoImportWindow, busy_label);
  gtk_widget_class_bind_template_child (widget_class, MesoImportWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, MesoImportWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, MesoImportWindow, encoding_row);
  gtk_widget_class_bind_template_child (widget_class, MesoImportWindow, delimiter_row);
  gtk_widget_class_bind_template_child (widget_class, MesoImportWindow, header_row);
  gtk_widget_class_bind_template_child (widget_class, MesoImportWindow, header_switch);
  gtk_widget_class_bind_template_child (widget_class, MesoImportWindow, date_order_row);
  gtk_widget_class_bind_template_child (widget_class, MesoImportWindow, columns_group);
  gtk_widget_class_bind_template_child (widget_class, MesoImportWindow, rows_group);
  gtk_widget_class_bind_template_child (widget_class, MesoImportWindow, done_page);

  gtk_widget_class_install_action (widget_class, "import.choose-file", NULL, choose_file);
  gtk_widget_class_install_action (widget_class, "import.run", NULL, run_import);
  gtk_widget_class_install_action (widget_class, "import.undo", NULL, undo_import);
}

static void
meso_import_window_init (MesoImportWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->column_rows = g_ptr_array_new ();
  self->listed_rows = g_ptr_array_new ();
  fill_models (self);
}

MesoImportWindow *
meso_import_window_new (GtkWindow   *parent,
                        MesoContext *context)
{
  return g_object_new (MESO_TYPE_IMPORT_WINDOW, "transient-for", parent, "context", context,
                       NULL);
}
