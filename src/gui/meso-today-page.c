/* meso-today-page.c: every reminder still open that falls due today or
 * fell due before: what to do now, then what comes later today. Each can
 * be marked done, snoozed for an hour or dismissed; activating one opens
 * its patient, appointment or the stock. It is also where reminders are
 * seen when no notification server shows them. */
#define G_LOG_DOMAIN "meso-today-page"

#include <glib/gi18n.h>

#include "meso-list-box.h"
#include "meso-today-page.h"

#define SNOOZE_MINUTES 60

struct _MesoTodayPage
{
  GtkWidget    parent_instance;

  MesoContext *context;
  guint        refresh_source;

  /* Template children */
  GtkStack    *today_stack;
  GtkLabel    *date_label;
  GtkWidget   *offline_box;
  GtkWidget   *now_group;
  GtkListBox  *now_list;
  GtkWidget   *later_group;
  GtkListBox  *later_list;
};

G_DEFINE_FINAL_TYPE (MesoTodayPage, meso_today_page, GTK_TYPE_WIDGET)

#define REMINDER_ID_KEY "meso-reminder-id"

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

static gint64
row_reminder_id (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_ACTION_ROW);
  gint64 *id = g_object_get_data (G_OBJECT (row), REMINDER_ID_KEY);

  return *id;
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

static void
on_row_activated_cb (AdwActionRow *row)
{
  gtk_widget_activate_action (GTK_WIDGET (row), "win.open-reminder", "x",
                              row_reminder_id (GTK_WIDGET (row)));
}

static GtkWidget *
row_button (MesoTodayPage *self,
            const char    *icon_name,
            const char    *label,
            GCallback      callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, label);
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
  gint64 at = reminder->state == MESO_REMINDER_SNOOZED ? reminder->snoozed_until
                                                        : reminder->due_at;
  g_autofree char *time = meso_resources_format (resources, at, "%H:%M");

  if (reminder->state == MESO_REMINDER_SNOOZED)
    return g_strdup_printf (_("Snoozed until %s"), time);
  if (at < today_starts)
    return meso_resources_format (resources, at, "%a %-d %b, %H:%M");
  return g_steal_pointer (&time);
}

static GtkWidget *
make_row (MesoTodayPage      *self,
          MesoResources      *resources,
          const MesoReminder *reminder,
          gint64              today_starts)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *when = gtk_label_new (NULL);
  g_autofree char *when_text = format_when (resources, reminder, today_starts);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), reminder->summary);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), reminder->body);
  adw_action_row_set_icon_name (ADW_ACTION_ROW (row), kind_icon (reminder->kind));
  g_object_set_data_full (G_OBJECT (row), REMINDER_ID_KEY,
                          g_memdup2 (&reminder->id, sizeof (gint64)), g_free);

  gtk_label_set_text (GTK_LABEL (when), when_text);
  gtk_widget_add_css_class (when, "dim-label");
  gtk_widget_add_css_class (when, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), when);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             row_button (self, "object-select-symbolic", _("Mark Done"),
                                         G_CALLBACK (on_done_clicked_cb)));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             row_button (self, "alarm-symbolic", _("Snooze 1 Hour"),
                                         G_CALLBACK (on_snooze_clicked_cb)));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             row_button (self, "window-close-symbolic", _("Dismiss"),
                                         G_CALLBACK (on_dismiss_clicked_cb)));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_signal_connect (row, "activated", G_CALLBACK (on_row_activated_cb), NULL);
  return row;
}

static void
refresh (MesoTodayPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autofree char *date = NULL;
  MesoResources *resources = meso_schedule_get_resources (meso_context_get_schedule (self->context),
                                                          &error);
  gint64 now = meso_reminders_now (reminders (self));
  gint64 today_starts, tomorrow_starts;
  guint n_now = 0, n_later = 0;
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
  date = meso_resources_format (resources, now, "%A %-d %B");
  gtk_label_set_text (self->date_label, date);

  meso_list_box_remove_all (self->now_list);
  meso_list_box_remove_all (self->later_list);
  open = meso_reminders_list_open (reminders (self), tomorrow_starts, &error);
  if (open == NULL)
    {
      show_error (GTK_WIDGET (self), error->message);
      return;
    }
  for (guint i = 0; i < open->len; i++)
    {
      MesoReminder *reminder = g_ptr_array_index (open, i);
      gboolean waiting = reminder->state == MESO_REMINDER_SNOOZED ? reminder->snoozed_until > now
                                                                   : reminder->due_at > now;

      gtk_list_box_append (waiting ? self->later_list : self->now_list,
                           make_row (self, resources, reminder, today_starts));
      if (waiting)
        n_later++;
      else
        n_now++;
    }
  gtk_widget_set_visible (self->now_group, n_now > 0);
  gtk_widget_set_visible (self->later_group, n_later > 0);
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
meso_today_page_dispose (GObject *object)
{
  MesoTodayPage *self = MESO_TODAY_PAGE (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), MESO_TYPE_TODAY_PAGE);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (meso_today_page_parent_class)->dispose (object);
}

static void
meso_today_page_class_init (MesoTodayPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = meso_today_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mesodesk/Mesodesk/meso-today-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MesoTodayPage, today_stack);
  gtk_widget_class_bind_template_child (widget_class, MesoTodayPage, date_label);
  gtk_widget_class_bind_template_child (widget_class, MesoTodayPage, offline_box);
  gtk_widget_class_bind_template_child (widget_class, MesoTodayPage, now_group);
  gtk_widget_class_bind_template_child (widget_class, MesoTodayPage, now_list);
  gtk_widget_class_bind_template_child (widget_class, MesoTodayPage, later_group);
  gtk_widget_class_bind_template_child (widget_class, MesoTodayPage, later_list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
meso_today_page_init (MesoTodayPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

MesoTodayPage *
meso_today_page_new (MesoContext *context)
{
  MesoTodayPage *self = g_object_new (MESO_TYPE_TODAY_PAGE, NULL);

  self->context = g_object_ref (context);
  g_signal_connect_object (reminders (self), "changed", G_CALLBACK (on_reminders_changed_cb),
                           self, G_CONNECT_SWAPPED);
  refresh (self);
  return self;
}

/* Says, above the list, that reminders are shown here only. */
void
meso_today_page_set_notifications_available (MesoTodayPage *self,
                                             gboolean       available)
{
  gtk_widget_set_visible (self->offline_box, !available);
}
