/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-today-page.c: every reminder still open that falls due today or
 * fell due before, in the parts meso_reminder_triage() gives: calls to
 * make, the rest due now, later today, patients' milestones and stock.
 * Activating a part's heading folds it away (remembered on this
 * workstation). Each reminder can be marked done, snoozed for an hour or
 * dismissed; activating one opens its patient, appointment or the stock.
 * It is also where reminders are seen when no notification server shows
 * them. */
#define G_LOG_DOMAIN "meso-today-page"

#include <glib/gi18n.h>

#include "config.h"
#include "meso-date-format.h"
#include "meso-list-view.h"
#include "meso-today-item.h"
#include "meso-today-page.h"

#define SNOOZE_MINUTES 60

struct _MesoTodayPage
{
  GtkWidget    parent_instance;

  MesoContext *context;
  GSettings   *settings;
  GListStore  *items;            /* of MesoTodayItem */
  guint        refresh_source;

  /* Template children */
  GtkStack    *today_stack;
  GtkLabel    *date_label;
  GtkWidget   *offline_box;
  GtkListView *today_list;
};

G_DEFINE_FINAL_TYPE (MesoTodayPage, meso_today_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define LIST_ITEM_KEY "meso-list-item"

static MesoReminders *
reminders (MesoTodayPage *self)
{
  return meso_context_get_reminders (self->context);
}

static void
show_error (GtkWidget  *widget,
            const char *message)
{
  gtk_widget_activate_action (widget, "win.show-error", "s", message);
}

/* The reminder of the list line holding @widget: 0 for none. */
static gint64
row_reminder_id (GtkWidget *widget)
{
  GtkListItem *list_item = NULL;
  const MesoReminder *reminder;

  for (; widget != NULL && list_item == NULL; widget = gtk_widget_get_parent (widget))
    list_item = g_object_get_data (G_OBJECT (widget), LIST_ITEM_KEY);
  if (list_item == NULL || gtk_list_item_get_item (list_item) == NULL)
    return 0;
  reminder = meso_today_item_get_reminder (gtk_list_item_get_item (list_item));
  return reminder != NULL ? reminder->id : 0;
}

static void
on_done_clicked_cb (GtkButton     *button,
                    MesoTodayPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!meso_reminders_set_state (reminders (self), row_reminder_id (GTK_WIDGET (button)),
                                 MESO_REMINDER_DONE, &error))
    show_error (GTK_WIDGET (self), error->message);
}

static void
on_snooze_clicked_cb (GtkButton     *button,
                      MesoTodayPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!meso_reminders_snooze (reminders (self), row_reminder_id (GTK_WIDGET (button)),
                              SNOOZE_MINUTES, &error))
    show_error (GTK_WIDGET (self), error->message);
}

static void
on_dismiss_clicked_cb (GtkButton     *button,
                       MesoTodayPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!meso_reminders_set_state (reminders (self), row_reminder_id (GTK_WIDGET (button)),
                                 MESO_REMINDER_DISMISSED, &error))
    show_error (GTK_WIDGET (self), error->message);
}

/* Folds @section away, or unfolds it, on this workstation. */
static void
toggle_section (MesoTodayPage     *self,
                MesoTriageSection  section)
{
  g_auto(GStrv) folded = g_settings_get_strv (self->settings, "today-collapsed");
  const char *code = meso_triage_section_get_code (section);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) changed = NULL;
  gboolean was_folded = FALSE;

  for (guint i = 0; folded[i] != NULL; i++)
    if (g_str_equal (folded[i], code))
      was_folded = TRUE;
    else
      g_strv_builder_add (builder, folded[i]);
  if (!was_folded)
    g_strv_builder_add (builder, code);
  changed = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "today-collapsed", (const char * const *) changed);
}

static void
on_list_activate_cb (GtkListView   *list,
                     guint          position,
                     MesoTodayPage *self)
{
  g_autoptr(MesoTodayItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), position);

  if (meso_today_item_is_heading (item))
    toggle_section (self, meso_today_item_get_section (item));
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-reminder", "x",
                                meso_today_item_get_reminder (item)->id);
}

/* Tooltips are given when asked for, not set on each row: setting one on
 * a shown widget makes GTK 4.8 ask the X server where the pointer is, a
 * round trip for each button and each binding, most of what building
 * Today's rows cost. */
static gboolean
on_button_query_tooltip_cb (GtkWidget  *button,
                            int         x,
                            int         y,
                            gboolean    keyboard,
                            GtkTooltip *tooltip,
                            const char *label)
{
  gtk_tooltip_set_text (tooltip, label);
  return TRUE;
}

/* The body's whole text, which the line may cut short. */
static gboolean
on_body_query_tooltip_cb (GtkWidget  *body,
                          int         x,
                          int         y,
                          gboolean    keyboard,
                          GtkTooltip *tooltip,
                          gpointer    user_data)
{
  const char *text = gtk_label_get_text (GTK_LABEL (body));

  if (*text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static GtkWidget *
row_button (MesoTodayPage *self,
            const char    *icon_name,
            const char    *label,
            GCallback      callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_has_tooltip (button, TRUE);
  g_signal_connect (button, "query-tooltip", G_CALLBACK (on_button_query_tooltip_cb),
                    (gpointer) label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

static const char *
kind_icon (MesoReminderKind kind)
{
  switch (kind)
    {
    case MESO_REMINDER_AFTERCARE_CALL:
    case MESO_REMINDER_CONFIRM_CALL:
    case MESO_REMINDER_MAINTENANCE:
      return "call-start-symbolic";
    case MESO_REMINDER_ARRIVAL:
      return "appointment-soon-symbolic";
    case MESO_REMINDER_NO_SHOW:
      return "appointment-missed-symbolic";
    case MESO_REMINDER_SCREENING:
      return "dialog-question-symbolic";
    case MESO_REMINDER_LOT_EXPIRING:
    case MESO_REMINDER_LOW_STOCK:
      return "package-x-generic-symbolic";
    case MESO_REMINDER_AFTERCARE_WASH:
    case MESO_REMINDER_AFTERCARE_SUN:
    case MESO_REMINDER_N_KINDS:
    default:
      return "task-due-symbolic";
    }
}

/* When @reminder is (or was) due: the time today, with the day before. */
static char *
format_when (MesoResources      *resources,
             const MesoReminder *reminder,
             gint64              today_starts)
{
  gint64 at = meso_reminder_get_effective_due (reminder);
  g_autofree char *time = meso_resources_format (resources, at, "%H:%M");

  if (reminder->state == MESO_REMINDER_SNOOZED)
    return g_strdup_printf (_("Snoozed until %s"), time);
  if (at < today_starts)
    return meso_resources_format (resources, at, "%a %-d %b, %H:%M");
  return g_steal_pointer (&time);
}

static GtkWidget *
add_label (GtkBox     *box,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (box, label);
  return label;
}

/* One widget for both kinds of line, a part's heading or a reminder's
 * card; the binding shows the one the item is. */
static void
on_setup_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             MesoTodayPage            *self)
{
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *heading = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title, *body, *when;

  gtk_widget_add_css_class (heading, "today-heading");
  gtk_box_append (GTK_BOX (heading), gtk_image_new ());
  add_label (GTK_BOX (heading), "heading");
  gtk_widget_add_css_class (add_label (GTK_BOX (heading), "dim-label"), "numeric");
  gtk_box_append (GTK_BOX (line), heading);
  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "today-card");
  gtk_box_append (GTK_BOX (card), gtk_image_new ());
  title = add_label (GTK_BOX (texts), NULL);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  /* One line each, the whole text in the tooltip: wrapped labels cost
   * GTK 4.8 some 10 ms a row to lay out, and a day can have hundreds. The
   * phone number, which the text may end with, has its own label. */
  body = add_label (GTK_BOX (texts), "dim-label");
  gtk_widget_add_css_class (body, "caption");
  gtk_label_set_ellipsize (GTK_LABEL (body), PANGO_ELLIPSIZE_END);
  gtk_widget_set_has_tooltip (body, TRUE);
  g_signal_connect (body, "query-tooltip", G_CALLBACK (on_body_query_tooltip_cb), NULL);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (card), texts);
  gtk_label_set_selectable (GTK_LABEL (add_label (GTK_BOX (card), "numeric")), TRUE);
  when = add_label (GTK_BOX (card), "dim-label");
  gtk_widget_add_css_class (when, "numeric");
  gtk_box_append (GTK_BOX (card), row_button (self, "object-select-symbolic", _("Mark Done"),
                                              G_CALLBACK (on_done_clicked_cb)));
  gtk_box_append (GTK_BOX (card), row_button (self, "alarm-symbolic", _("Snooze 1 Hour"),
                                              G_CALLBACK (on_snooze_clicked_cb)));
  gtk_box_append (GTK_BOX (card), row_button (self, "window-close-symbolic", _("Dismiss"),
                                              G_CALLBACK (on_dismiss_clicked_cb)));
  gtk_box_append (GTK_BOX (line), card);
  g_object_set_data (G_OBJECT (line), LIST_ITEM_KEY, list_item);
  gtk_list_item_set_child (list_item, line);
}

/* A heading: its arrow, its name and how many reminders it holds, read
 * out as "Calls to Make, 3, folded" by a screen reader. */
static void
bind_heading (GtkWidget     *line,
              GtkWidget     *heading,
              MesoTodayItem *item)
{
  GtkWidget *arrow = gtk_widget_get_first_child (heading);
  GtkWidget *name = gtk_widget_get_next_sibling (arrow);
  GtkWidget *count = gtk_widget_get_next_sibling (name);
  gboolean expanded = meso_today_item_is_expanded (item);
  const char *label = meso_triage_section_get_label (meso_today_item_get_section (item));
  g_autofree char *number = g_strdup_printf ("%u", meso_today_item_get_count (item));
  g_autofree char *spoken = NULL;

  gtk_image_set_from_icon_name (GTK_IMAGE (arrow), expanded ? "pan-down-symbolic"
                                                            : "pan-end-symbolic");
  gtk_label_set_text (GTK_LABEL (name), label);
  gtk_label_set_text (GTK_LABEL (count), number);
  /* Translators: a Today heading as a screen reader says it: the part's
   * name, how many reminders it holds, and whether it is folded away. */
  spoken = g_strdup_printf (expanded ? _("%s, %s, unfolded") : _("%s, %s, folded"), label, number);
  gtk_accessible_update_property (GTK_ACCESSIBLE (line), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken,
                                  -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (line), GTK_ACCESSIBLE_STATE_EXPANDED, expanded, -1);
  meso_list_view_name_row (line, spoken, NULL);
}

static void
on_bind_cb (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            MesoTodayPage            *self)
{
  MesoTodayItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *line = gtk_list_item_get_child (list_item);
  GtkWidget *heading = gtk_widget_get_first_child (line);
  GtkWidget *card = gtk_widget_get_next_sibling (heading);
  GtkWidget *icon = gtk_widget_get_first_child (card);
  GtkWidget *texts = gtk_widget_get_next_sibling (icon);
  GtkWidget *phone = gtk_widget_get_next_sibling (texts);
  GtkWidget *when = gtk_widget_get_next_sibling (phone);
  GtkWidget *body = gtk_widget_get_last_child (texts);
  const MesoReminder *reminder = meso_today_item_get_reminder (item);
  g_autofree char *spoken = NULL;

  gtk_widget_set_visible (heading, reminder == NULL);
  gtk_widget_set_visible (card, reminder != NULL);
  if (reminder == NULL)
    {
      bind_heading (line, heading, item);
      return;
    }
  gtk_accessible_reset_property (GTK_ACCESSIBLE (line), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_reset_state (GTK_ACCESSIBLE (line), GTK_ACCESSIBLE_STATE_EXPANDED);
  gtk_image_set_from_icon_name (GTK_IMAGE (icon), kind_icon (reminder->kind));
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (texts)), reminder->summary);
  gtk_label_set_text (GTK_LABEL (body), reminder->body);
  gtk_label_set_text (GTK_LABEL (phone), reminder->phone);
  gtk_widget_set_visible (phone, *reminder->phone != '\0');
  gtk_label_set_text (GTK_LABEL (when), meso_today_item_get_when (item));
  gtk_accessible_update_property (GTK_ACCESSIBLE (card), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  reminder->summary, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  reminder->body, -1);
  /* The row is what the keyboard reaches: when, then what. */
  spoken = g_strdup_printf ("%s, %s", meso_today_item_get_when (item), reminder->summary);
  meso_list_view_name_row (line, spoken, reminder->body);
}

static int
compare_items_cb (gconstpointer a,
                  gconstpointer b)
{
  return meso_reminder_compare_due (meso_today_item_get_reminder (*(MesoTodayItem **) a),
                                    meso_today_item_get_reminder (*(MesoTodayItem **) b));
}

/* Adds @section's heading and, unless it is folded, its reminders in due
 * order to @lines; a part with nothing in it has no heading either. */
static void
add_part (GPtrArray          *lines,
          const char * const *folded,
          MesoTriageSection   section,
          GPtrArray          *part)
{
  gboolean expanded = !g_strv_contains (folded, meso_triage_section_get_code (section));

  if (part->len == 0)
    return;
  g_ptr_array_add (lines, meso_today_item_new_heading (section, part->len, expanded));
  if (!expanded)
    return;
  g_ptr_array_sort (part, compare_items_cb);
  g_ptr_array_extend_and_steal (lines, g_ptr_array_ref (part));
}

static void
refresh (MesoTodayPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) open = NULL;
  GPtrArray *parts[MESO_TRIAGE_N_SECTIONS];
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) folded = g_settings_get_strv (self->settings, "today-collapsed");
  g_autofree char *date = NULL;
  MesoResources *resources = meso_schedule_get_resources (meso_context_get_schedule (self->context),
                                                          &error);
  gint64 now = meso_reminders_now (reminders (self));
  gint64 today_starts, tomorrow_starts;
  GDate today;

  if (resources == NULL)
    {
      show_error (GTK_WIDGET (self), error->message);
      return;
    }
  meso_resources_get_day (resources, now, &today, NULL);
  today_starts = meso_resources_to_instant (resources, &today, 0);
  g_date_add_days (&today, 1);
  tomorrow_starts = meso_resources_to_instant (resources, &today, 0);
  date = meso_resources_format (resources, now, meso_date_format_day ());
  gtk_label_set_text (self->date_label, date);

  open = meso_reminders_list_open (reminders (self), tomorrow_starts, &error);
  if (open == NULL)
    {
      show_error (GTK_WIDGET (self), error->message);
      return;
    }
  for (guint s = 0; s < MESO_TRIAGE_N_SECTIONS; s++)
    parts[s] = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < open->len; i++)
    {
      MesoReminder *reminder = g_ptr_array_index (open, i);
      MesoTriageSection section = meso_reminder_triage (reminder, now);
      g_autofree char *when = format_when (resources, reminder, today_starts);

      g_ptr_array_add (parts[section],
                       meso_today_item_new_reminder (g_steal_pointer (&open->pdata[i]), when));
    }
  for (guint s = 0; s < MESO_TRIAGE_N_SECTIONS; s++)
    {
      add_part (lines, (const char * const *) folded, s, parts[s]);
      g_ptr_array_unref (parts[s]);
    }
  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       lines->pdata, lines->len);
  gtk_stack_set_visible_child_name (self->today_stack, open->len > 0 ? "tasks" : "empty");
}

static gboolean
on_refresh_cb (gpointer user_data)
{
  MesoTodayPage *self = user_data;

  self->refresh_source = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

/* A sync and a few state changes come together: one refresh after them. */
static void
on_reminders_changed_cb (MesoTodayPage *self)
{
  if (self->refresh_source == 0)
    self->refresh_source = g_idle_add (on_refresh_cb, self);
}

static void
meso_today_page_constructed (GObject *object)
{
  MesoTodayPage *self = MESO_TODAY_PAGE (object);

  G_OBJECT_CLASS (meso_today_page_parent_class)->constructed (object);

  /* At midnight the heading's date and what counts as today move. */
  g_signal_connect_object (meso_context_get_clock (self->context), "day-changed",
                           G_CALLBACK (on_reminders_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (reminders (self), "changed", G_CALLBACK (on_reminders_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::today-collapsed",
                           G_CALLBACK (on_reminders_changed_cb), self, G_CONNECT_SWAPPED);
  refresh (self);
}

static void
meso_today_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MesoTodayPage *self = MESO_TODAY_PAGE (object);

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
meso_today_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MesoTodayPage *self = MESO_TODAY_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_today_page_dispose (GObject *object)
{
  MesoTodayPage *self = MESO_TODAY_PAGE (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), MESO_TYPE_TODAY_PAGE);
  g_clear_object (&self->items);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (meso_today_page_parent_class)->dispose (object);
}

static void
meso_today_page_class_init (MesoTodayPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = meso_today_page_constructed;
  object_class->dispose = meso_today_page_dispose;
  object_class->set_property = meso_today_page_set_property;
  object_class->get_property = meso_today_page_get_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MESO_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mesodesk/Mesodesk/meso-today-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MesoTodayPage, today_stack);
  gtk_widget_class_bind_template_child (widget_class, MesoTodayPage, date_label);
  gtk_widget_class_bind_template_child (widget_class, MesoTodayPage, offline_box);
  gtk_widget_class_bind_template_child (widget_class, MesoTodayPage, today_list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
meso_today_page_init (MesoTodayPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);
  self->items = g_list_store_new (MESO_TYPE_TODAY_ITEM);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->items)));
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_cb), self);
  gtk_list_view_set_factory (self->today_list, factory);
  meso_list_view_tab_leaves (self->today_list);
  gtk_list_view_set_model (self->today_list, GTK_SELECTION_MODEL (selection));
  g_signal_connect (self->today_list, "activate", G_CALLBACK (on_list_activate_cb), self);
}

MesoTodayPage *
meso_today_page_new (MesoContext *context)
{
  return g_object_new (MESO_TYPE_TODAY_PAGE, "context", context, NULL);
}

/* Says, above the list, that reminders are shown here only. */
void
meso_today_page_set_notifications_available (MesoTodayPage *self,
                                             gboolean       available)
{
  gtk_widget_set_visible (self->offline_box, !available);
}
