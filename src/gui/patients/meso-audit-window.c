/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-audit-window.c: shows the audit trail newest first, a page at a time,
 * and exports all of it to CSV. */
#define G_LOG_DOMAIN "meso-audit-window"

#include <glib/gi18n.h>

#include "meso-audit-describe.h"
#include "meso-audit-window.h"
#include "meso-file-chooser.h"
#include "meso-health-banner.h"
#include "meso-wrap-box.h"

#define PAGE_SIZE 200

struct _MesoAuditWindow
{
  AdwWindow             parent_instance;

  MesoContext          *context;
  MesoAuditScope        scope;
  gint64                id;
  char                 *name;
  GListStore           *entries;
  GtkFileChooserNative *chooser;
  MesoAuditFilter       filter;
  char                 *patient_search;   /* the filter's words, owned */
  GArray               *staff_ids;        /* by staff_dropdown position, 0: anyone */
  const char          **tables;           /* by record_dropdown position - 1 */

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkButton            *export_button;
  GtkStack             *stack;
  GtkColumnView        *column_view;
  GtkActionBar         *more_bar;
  GtkButton            *more_button;
  GtkWidget            *filter_bar;
  GtkDropDown          *staff_dropdown;
  GtkSearchEntry       *patient_entry;
  GtkDropDown          *record_dropdown;
  GtkEntry             *from_entry;
  GtkEntry             *to_entry;
  GtkCalendar          *from_calendar;
  GtkCalendar          *to_calendar;
  GtkLabel             *filter_error;
  AdwStatusPage        *empty_page;
};

G_DEFINE_FINAL_TYPE (MesoAuditWindow, meso_audit_window, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_CONTEXT,
  PROP_SCOPE,
  PROP_ID,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static int
compare_names (gconstpointer a,
               gconstpointer b,
               GHashTable   *names)
{
  return g_utf8_collate (g_hash_table_lookup (names, a), g_hash_table_lookup (names, b));
}

static void
show_toast (MesoAuditWindow *self,
            const char      *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* Appends the next page of older entries. */
static void
load_page (MesoAuditWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->entries));
  gint64 before_id = 0;

  if (n > 0)
    {
      g_autoptr(MesoAuditEntry) oldest = g_list_model_get_item (G_LIST_MODEL (self->entries), n - 1);
      before_id = meso_audit_entry_get_id (oldest);
    }
  /* Times are shown as the clinic's clock showed them, whatever this
   * workstation's zone. */
  page = meso_audit_store_query_filtered (meso_context_get_audit_store (self->context),
                                          self->scope, self->id, &self->filter,
                                          meso_clock_get_zone (meso_context_get_clock (self->context)),
                                          before_id, PAGE_SIZE, &error);
  if (page == NULL)
    {
      show_toast (self, error->message);
      return;
    }
  g_list_store_splice (self->entries, n, 0, page->pdata, page->len);
  gtk_action_bar_set_revealed (self->more_bar, page->len == PAGE_SIZE);
  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->entries)) > 0
                                      ? "list" : "empty");
}

static gboolean
is_filtered (MesoAuditWindow *self)
{
  return self->filter.staff_id != 0 || self->filter.patient_search != NULL ||
         self->filter.table != NULL || self->filter.from != 0 || self->filter.until != 0;
}

/* Shows the first page again, under the filter as it now is. */
static void
reload (MesoAuditWindow *self)
{
  g_list_store_remove_all (self->entries);
  adw_status_page_set_description (self->empty_page,
                                   is_filtered (self) ? _("No changes match these filters.")
                                                      : NULL);
  load_page (self);
}

static void
on_staff_dropdown_selected_cb (MesoAuditWindow *self)
{
  guint position = gtk_drop_down_get_selected (self->staff_dropdown);

  self->filter.staff_id = position < self->staff_ids->len
                          ? g_array_index (self->staff_ids, gint64, position) : 0;
  reload (self);
}

static void
on_record_dropdown_selected_cb (MesoAuditWindow *self)
{
  guint position = gtk_drop_down_get_selected (self->record_dropdown);

  /* Position 0 is any record. */
  self->filter.table = position > 0 && position <= g_strv_length ((char **) self->tables)
                       ? self->tables[position - 1] : NULL;
  reload (self);
}

static void
on_patient_entry_search_changed_cb (MesoAuditWindow *self)
{
  g_free (self->patient_search);
  self->patient_search = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->patient_entry)));
  self->filter.patient_search = self->patient_search;
  reload (self);
}

/* Days apply as soon as they read as dates; until then the bar says what
 * to type and the list stays as it was. */
static void
on_day_entry_changed_cb (MesoAuditWindow *self)
{
  g_autoptr(GError) error = NULL;
  gint64 from = self->filter.from, until = self->filter.until;
  gboolean ok = meso_audit_filter_set_days (&self->filter,
                                            gtk_editable_get_text (GTK_EDITABLE (self->from_entry)),
                                            gtk_editable_get_text (GTK_EDITABLE (self->to_entry)),
                                            meso_clock_get_zone (meso_context_get_clock (self->context)),
                                            &error);

  gtk_widget_set_visible (GTK_WIDGET (self->filter_error), !ok);
  if (!ok)
    {
      gtk_label_set_text (self->filter_error, error->message);
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->from_entry),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
      return;
    }
  gtk_accessible_reset_state (GTK_ACCESSIBLE (self->from_entry), GTK_ACCESSIBLE_STATE_INVALID);
  if (from != self->filter.from || until != self->filter.until)
    reload (self);
}

/* A day picked in a filter's calendar is written as typed days are. */
static void
on_day_picked_cb (MesoAuditWindow *self,
                  GtkCalendar     *calendar)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (day, "%Y-%m-%d");

  gtk_editable_set_text (GTK_EDITABLE (calendar == self->from_calendar ? self->from_entry
                                                                        : self->to_entry), text);
  gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_ancestor (GTK_WIDGET (calendar),
                                                             GTK_TYPE_POPOVER)));
}

/* The filters' choices: every staff account by name (in a patient's
 * history), every kind of record. */
static void
fill_filters (MesoAuditWindow *self)
{
  g_autoptr(GtkStringList) staff = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) records = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GList) ids = NULL;

  gtk_string_list_append (staff, C_("staff filter", "Anyone"));
  g_array_append_val (self->staff_ids, (gint64) { 0 });
  if (self->scope == MESO_AUDIT_BY_PATIENT)
    names = meso_staff_store_list_names (meso_context_get_staff_store (self->context), &error);
  if (names != NULL)
    {
      ids = g_hash_table_get_keys (names);
      ids = g_list_sort_with_data (ids, (GCompareDataFunc) compare_names, names);
      for (GList *l = ids; l != NULL; l = l->next)
        {
          gtk_string_list_append (staff, g_hash_table_lookup (names, l->data));
          g_array_append_val (self->staff_ids, *(gint64 *) l->data);
        }
    }
  else if (error != NULL)
    show_toast (self, error->message);
  gtk_drop_down_set_model (self->staff_dropdown, G_LIST_MODEL (staff));
  gtk_widget_set_visible (GTK_WIDGET (self->staff_dropdown), self->scope == MESO_AUDIT_BY_PATIENT);
  gtk_widget_set_visible (GTK_WIDGET (self->patient_entry), self->scope == MESO_AUDIT_BY_STAFF);

  gtk_string_list_append (records, _("Any record"));
  for (guint i = 0; self->tables[i] != NULL; i++)
    gtk_string_list_append (records, meso_audit_describe_table (self->tables[i]));
  gtk_drop_down_set_model (self->record_dropdown, G_LIST_MODEL (records));

  g_signal_connect_swapped (self->staff_dropdown, "notify::selected",
                            G_CALLBACK (on_staff_dropdown_selected_cb), self);
  g_signal_connect_swapped (self->record_dropdown, "notify::selected",
                            G_CALLBACK (on_record_dropdown_selected_cb), self);
  g_signal_connect_swapped (self->patient_entry, "search-changed",
                            G_CALLBACK (on_patient_entry_search_changed_cb), self);
  g_signal_connect_swapped (self->from_entry, "changed", G_CALLBACK (on_day_entry_changed_cb), self);
  g_signal_connect_swapped (self->to_entry, "changed", G_CALLBACK (on_day_entry_changed_cb), self);
  g_signal_connect_swapped (self->from_calendar, "day-selected", G_CALLBACK (on_day_picked_cb),
                            self);
  g_signal_connect_swapped (self->to_calendar, "day-selected", G_CALLBACK (on_day_picked_cb),
                            self);
}

static void
on_chooser_response_cb (MesoAuditWindow *self,
                        int              response)
{
  g_autofree char *path = meso_file_chooser_get_path (GTK_NATIVE_DIALOG (self->chooser), response);

  if (path != NULL)
    {
      g_autoptr(GError) error = NULL;

      /* What the window shows: the same filter, times in the clinic's zone. */
      if (meso_audit_store_export_csv_filtered (meso_context_get_audit_store (self->context),
                                                self->scope, self->id, &self->filter,
                                                meso_clock_get_zone (meso_context_get_clock (self->context)),
                                                path, &error))
        {
          g_autofree char *message = g_strdup_printf (_("Saved to %s"), path);
          show_toast (self, message);
        }
      else
        show_toast (self, error->message);
    }
  g_clear_object (&self->chooser);
}

static void
on_export_button_clicked_cb (MesoAuditWindow *self)
{
  g_autoptr(GDateTime) now = meso_clock_dup_now (meso_context_get_clock (self->context));
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *file_name = g_strdup_printf (_("History of %s, %s.csv"), self->name, date);

  self->chooser = meso_file_chooser_new_export (GTK_WINDOW (self), _("Export the History"),
                                                file_name);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
meso_audit_window_dispose (GObject *object)
{
  MesoAuditWindow *self = MESO_AUDIT_WINDOW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), MESO_TYPE_AUDIT_WINDOW);
  g_clear_object (&self->entries);
  g_clear_object (&self->context);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->patient_search, g_free);
  g_clear_pointer (&self->staff_ids, g_array_unref);
  g_clear_pointer (&self->tables, g_free);

  G_OBJECT_CLASS (meso_audit_window_parent_class)->dispose (object);
}

static void
meso_audit_window_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MesoAuditWindow *self = MESO_AUDIT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_SCOPE:
      g_value_set_int (value, self->scope);
      break;
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_audit_window_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MesoAuditWindow *self = MESO_AUDIT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_SCOPE:
      self->scope = g_value_get_int (value);
      break;
    case PROP_ID:
      self->id = g_value_get_int64 (value);
      break;
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Everything here needs the context, the scope and the name, which are set
 * only once construction has run. */
static void
meso_audit_window_constructed (GObject *object)
{
  MesoAuditWindow *self = MESO_AUDIT_WINDOW (object);
  g_autofree char *title = g_strdup_printf (_("History of %s"),
                                            self->name != NULL ? self->name : "");

  G_OBJECT_CLASS (meso_audit_window_parent_class)->constructed (object);
  meso_health_banner_follow (GTK_WIDGET (self), MESO_TYPE_AUDIT_WINDOW, self->context);

  g_return_if_fail (MESO_IS_CONTEXT (self->context));
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title,
                                 self->scope == MESO_AUDIT_BY_PATIENT
                                   ? _("Every change to the patient’s records, newest first")
                                   : _("Every change made by this account, and to it"));
  fill_filters (self);
  load_page (self);
}

static void
meso_audit_window_class_init (MesoAuditWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = meso_audit_window_dispose;
  object_class->constructed = meso_audit_window_constructed;
  object_class->get_property = meso_audit_window_get_property;
  object_class->set_property = meso_audit_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MESO_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* A MesoAuditScope: the core's enum has no GType. */
  properties[PROP_SCOPE] =
    g_param_spec_int ("scope", NULL, NULL, MESO_AUDIT_BY_PATIENT, MESO_AUDIT_BY_STAFF,
                      MESO_AUDIT_BY_PATIENT,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ID] =
    g_param_spec_int64 ("subject-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("subject-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MESO_TYPE_AUDIT_ENTRY);
  g_type_ensure (MESO_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mesodesk/Mesodesk/meso-audit-window.ui");
  meso_health_banner_class_bind (widget_class);
  gtk_widget_class_bind_template_child (widget_class, MesoAuditWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MesoAuditWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, MesoAuditWindow, export_button);
  gtk_widget_class_bind_template_child (widget_class, MesoAuditWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, MesoAuditWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, MesoAuditWindow, more_bar);
  gtk_widget_class_bind_template_child (widget_class, MesoAuditWindow, more_button);
  gtk_widget_class_bind_template_child (widget_class, MesoAuditWindow, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, MesoAuditWindow, staff_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MesoAuditWindow, patient_entry);
  gtk_widget_class_bind_template_child (widget_class, MesoAuditWindow, record_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MesoAuditWindow, from_entry);
  gtk_widget_class_bind_template_child (widget_class, MesoAuditWindow, to_entry);
  gtk_widget_class_bind_template_child (widget_class, MesoAuditWindow, from_calendar);
  gtk_widget_class_bind_template_child (widget_class, MesoAuditWindow, to_calendar);
  gtk_widget_class_bind_template_child (widget_class, MesoAuditWindow, filter_error);
  gtk_widget_class_bind_template_child (widget_class, MesoAuditWindow, empty_page);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
meso_audit_window_init (MesoAuditWindow *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->staff_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->tables = meso_audit_describe_tables ();
  self->entries = g_list_store_new (MESO_TYPE_AUDIT_ENTRY);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->entries)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  g_signal_connect_swapped (self->export_button, "clicked",
                            G_CALLBACK (on_export_button_clicked_cb), self);
  g_signal_connect_swapped (self->more_button, "clicked", G_CALLBACK (load_page), self);
}

/**
 * meso_audit_window_new:
 * @scope: a patient's records, or a staff member's changes
 * @id: the patient's or the staff member's id
 * @name: their name, for the title
 */
MesoAuditWindow *
meso_audit_window_new (MesoContext    *context,
                       MesoAuditScope  scope,
                       gint64          id,
                       const char     *name)
{
  return g_object_new (MESO_TYPE_AUDIT_WINDOW,
                       "context", context,
                       "scope", scope,
                       "subject-id", id,
                       "subject-name", name,
                       NULL);
}
