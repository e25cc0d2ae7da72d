/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-calendar-settings.c: what the calendar books against, edited by an
 * administrator: the clinic's zone, hours and holidays, the practitioners
 * with their hours and days off, the rooms, and the protocol templates.
 * The page's groups come from a .ui file when the page is first shown; the
 * rows of practitioners, rooms, protocols and holidays are row widgets,
 * rebuilt from the core after every change, so what is shown is what was
 * stored. */
#define G_LOG_DOMAIN "meso-calendar-settings"

#include <glib/gi18n.h>

#include "config.h"
#include "meso-agenda-keeper.h"
#include "meso-calendar-settings.h"
#include "meso-course.h"
#include "meso-date-row.h"
#include "meso-day-off-row.h"
#include "meso-lazy-page.h"
#include "meso-practitioner-row.h"
#include "meso-protocol-row.h"
#include "meso-room-row.h"

struct _MesoCalendarSettings
{
  AdwPreferencesPage   parent_instance;

  MesoContext         *context;
  GPtrArray           *rows;         /* the rows added to the groups, to remove them */
  guint                rebuild_id;

  AdwEntryRow         *zone_row;
  GtkSpinButton       *first_session_spin;
  GtkSwitch           *initials_switch;
  AdwActionRow        *keep_agendas_row;
  GtkSwitch           *keep_agendas_switch;
  GSettings           *settings;
  AdwEntryRow         *opening_rows[8];   /* by ISO weekday, 1 = Monday */
  AdwPreferencesGroup *practitioners_group;
  AdwPreferencesGroup *rooms_group;
  AdwPreferencesGroup *holidays_group;
  AdwPreferencesGroup *protocols_group;
  GtkButton           *add_practitioner_button;
  GtkButton           *add_room_button;
  GtkButton           *add_protocol_button;
};

G_DEFINE_FINAL_TYPE (MesoCalendarSettings, meso_calendar_settings, ADW_TYPE_PREFERENCES_PAGE)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void on_schedule_changed_cb (MesoCalendarSettings *self);

/* The ids of the weekday rows, by ISO weekday. */
static const char *const weekday_ids[] = {
  NULL, "monday_row", "tuesday_row", "wednesday_row", "thursday_row", "friday_row",
  "saturday_row", "sunday_row",
};

static MesoSchedule *
schedule (MesoCalendarSettings *self)
{
  return meso_context_get_schedule (self->context);
}

/**
 * meso_calendar_settings_toast:
 * @inside: a widget inside the preferences window
 * @message: what to say
 *
 * Shows @message as a toast of the preferences window @inside is in.
 */
void
meso_calendar_settings_toast (GtkWidget  *inside,
                              const char *message)
{
  GtkRoot *root = gtk_widget_get_root (inside);

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
}

/**
 * meso_calendar_settings_report:
 * @inside: a widget inside the preferences window
 * @ok: whether the change was stored
 * @error: where the change's error was set
 *
 * Shows @error, if @ok is %FALSE; rebuilding later shows what was stored.
 * @error is read only here: C leaves the order of a call's arguments
 * unspecified, so a GError passed by value could be read before it is set.
 */
void
meso_calendar_settings_report (GtkWidget  *inside,
                               gboolean    ok,
                               GError    **error)
{
  if (!ok && *error != NULL)
    meso_calendar_settings_toast (inside, (*error)->message);
}

/**
 * meso_calendar_settings_parse_day:
 * @text: text starting with a day such as 2026-12-25
 * @out_day: (out): the day
 *
 * Returns: whether @text starts with a valid day.
 */
gboolean
meso_calendar_settings_parse_day (const char *text,
                                  GDate      *out_day)
{
  g_date_clear (out_day, 1);
  if (strlen (text) >= 10 && text[4] == '-' && text[7] == '-')
    {
      g_autofree char *iso = g_strndup (text, 10);

      g_date_set_parse (out_day, iso);
    }
  return g_date_valid (out_day);
}

/**
 * meso_calendar_settings_bind_weekday_rows:
 * @widget_class: a class whose template has the rows monday_row to sunday_row
 * @offset: where its instances keep an array of 8 rows, by ISO weekday
 *
 * Binds the template's weekday rows to that array.
 */
void
meso_calendar_settings_bind_weekday_rows (GtkWidgetClass *widget_class,
                                          gssize          offset)
{
  for (GDateWeekday d = G_DATE_MONDAY; d <= G_DATE_SUNDAY; d++)
    gtk_widget_class_bind_template_child_full (widget_class, weekday_ids[d], FALSE,
                                               offset + d * sizeof (gpointer));
}

static void
add_row (MesoCalendarSettings *self,
         AdwPreferencesGroup  *group,
         GtkWidget            *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

/* The clinic --------------------------------------------------------------- */

static void
on_zone_apply_cb (AdwEntryRow          *row,
                  MesoCalendarSettings *self)
{
  g_autoptr(GError) error = NULL;

  meso_calendar_settings_report (GTK_WIDGET (self),
                                 meso_clinic_set_text (meso_context_get_clinic (self->context),
                                                       MESO_CLINIC_TIME_ZONE,
                                                       gtk_editable_get_text (GTK_EDITABLE (row)),
                                                       &error),
                                 &error);
  on_schedule_changed_cb (self);
}

static void
on_first_session_changed_cb (GtkSpinButton        *spin,
                             MesoCalendarSettings *self)
{
  g_autoptr(GError) error = NULL;

  meso_calendar_settings_report (GTK_WIDGET (self),
                                 meso_clinic_set_number (meso_context_get_clinic (self->context),
                                                         MESO_CLINIC_FIRST_SESSION_MINUTES,
                                                         gtk_spin_button_get_value_as_int (spin),
                                                         &error),
                                 &error);
}

static void
on_initials_active_cb (GtkSwitch            *toggle,
                       GParamSpec           *pspec,
                       MesoCalendarSettings *self)
{
  MesoClinic *clinic = meso_context_get_clinic (self->context);
  gboolean active = gtk_switch_get_active (toggle);
  g_autoptr(GError) error = NULL;

  if (active == (meso_clinic_get_number (clinic, MESO_CLINIC_AGENDA_INITIALS) != 0))
    return;
  if (!meso_clinic_set_number (clinic, MESO_CLINIC_AGENDA_INITIALS, active, &error))
    {
      meso_calendar_settings_toast (GTK_WIDGET (self), error->message);
      gtk_switch_set_active (toggle, !active);
    }
}

static void
on_opening_apply_cb (AdwEntryRow          *row,
                     MesoCalendarSettings *self)
{
  g_autoptr(GError) error = NULL;
  GDateWeekday weekday = G_DATE_MONDAY;
  MesoHours hours;

  while (self->opening_rows[weekday] != row)
    weekday++;
  meso_calendar_settings_report (GTK_WIDGET (self),
                                 meso_hours_parse (gtk_editable_get_text (GTK_EDITABLE (row)),
                                                   &hours, &error) &&
                                 meso_schedule_set_opening_hours (schedule (self), weekday, hours,
                                                                  &error),
                                 &error);
}

static void
on_holiday_remove_cb (MesoDayOffRow        *row,
                      MesoCalendarSettings *self)
{
  g_autoptr(GError) error = NULL;
  GDate day;

  g_date_clear (&day, 1);
  g_date_set_julian (&day, meso_day_off_row_get_id (row));
  meso_calendar_settings_report (GTK_WIDGET (self),
                                 meso_schedule_remove_holiday (schedule (self), &day, &error),
                                 &error);
}

static void
on_holiday_add_apply_cb (AdwEntryRow          *row,
                         MesoCalendarSettings *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  GDate day;

  if (!meso_calendar_settings_parse_day (text, &day))
    {
      meso_calendar_settings_toast (GTK_WIDGET (self),
                                    _("Type the day as 2026-12-25, then its name."));
      return;
    }
  name = g_strstrip (g_strdup (text + 10));
  meso_calendar_settings_report (GTK_WIDGET (self),
                                 meso_schedule_add_holiday (schedule (self), &day, name, &error),
                                 &error);
}

static void
fill_clinic (MesoCalendarSettings *self,
             MesoResources        *resources)
{
  MesoClinic *clinic = meso_context_get_clinic (self->context);
  GArray *holidays = meso_resources_get_holidays (resources);
  GtkWidget *add;

  gtk_editable_set_text (GTK_EDITABLE (self->zone_row),
                         meso_clinic_get_text (clinic, MESO_CLINIC_TIME_ZONE));
  /* Showing the stored length is not a change to store. */
  g_signal_handlers_block_by_func (self->first_session_spin, on_first_session_changed_cb, self);
  gtk_spin_button_set_value (self->first_session_spin,
                             meso_clinic_get_number (clinic, MESO_CLINIC_FIRST_SESSION_MINUTES));
  g_signal_handlers_unblock_by_func (self->first_session_spin, on_first_session_changed_cb,
                                     self);
  gtk_switch_set_active (self->initials_switch,
                         meso_clinic_get_number (clinic, MESO_CLINIC_AGENDA_INITIALS) != 0);
  for (GDateWeekday d = G_DATE_MONDAY; d <= G_DATE_SUNDAY; d++)
    {
      g_autofree char *hours = meso_hours_format (meso_resources_get_opening_hours (resources, d));

      gtk_editable_set_text (GTK_EDITABLE (self->opening_rows[d]), hours);
    }

  for (guint i = 0; i < holidays->len; i++)
    {
      MesoHoliday *holiday = &g_array_index (holidays, MesoHoliday, i);
      GtkWidget *row;
      GDate day;
      char title[64];

      g_date_clear (&day, 1);
      g_date_set_julian (&day, holiday->day);
      g_date_strftime (title, sizeof title, "%a %-d %b %Y", &day);
      row = meso_day_off_row_new (holiday->day, title, holiday->name);
      g_signal_connect (row, "remove", G_CALLBACK (on_holiday_remove_cb), self);
      add_row (self, self->holidays_group, row);
    }
  /* After the holidays, where the template cannot put it. */
  add = meso_date_row_new ();
  meso_date_row_set_inserts (MESO_DATE_ROW (add), TRUE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (add),
                                 _("Add a holiday: 2026-12-25 Christmas Day"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (add), TRUE);
  g_signal_connect (add, "apply", G_CALLBACK (on_holiday_add_apply_cb), self);
  add_row (self, self->holidays_group, add);
}

/* Adding ------------------------------------------------------------------ */

static void
on_add_practitioner_cb (GtkButton            *widget,
                        MesoCalendarSettings *self)
{
  MesoPractitioner practitioner = { .name = (char *) _("New practitioner"),
                                    .colour = (char *) "#e66100", .active = TRUE };
  g_autoptr(GError) error = NULL;

  meso_calendar_settings_report (GTK_WIDGET (self),
                                 meso_schedule_save_practitioner (schedule (self), &practitioner,
                                                                  &error),
                                 &error);
}

static void
on_add_room_cb (GtkButton            *widget,
                MesoCalendarSettings *self)
{
  MesoRoom room = { .name = (char *) _("New room"), .active = TRUE };
  g_autoptr(GError) error = NULL;

  meso_calendar_settings_report (GTK_WIDGET (self),
                                 meso_schedule_save_room (schedule (self), &room, &error), &error);
}

static void
on_add_protocol_cb (GtkButton            *widget,
                    MesoCalendarSettings *self)
{
  g_autoptr(MesoProtocol) protocol = meso_protocol_new (_("New protocol"), 30);
  g_autoptr(GError) error = NULL;
  guint n = 1;

  meso_protocol_parse_phases (protocol, "4×7, 4×30", NULL);
  /* Names are unique: number the new ones. */
  while (!meso_schedule_save_protocol (schedule (self), protocol, &error) &&
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS) && n < 100)
    {
      g_clear_error (&error);
      g_free (protocol->name);
      protocol->name = g_strdup_printf (_("New protocol %u"), ++n);
    }
  meso_calendar_settings_report (GTK_WIDGET (self), error == NULL, &error);
}

/* Building ----------------------------------------------------------------- */

static void
rebuild (MesoCalendarSettings *self)
{
  g_autoptr(GError) error = NULL;
  MesoResources *resources = meso_schedule_get_resources (schedule (self), &error);
  g_autoptr(GPtrArray) protocols = meso_schedule_list_protocols (schedule (self), &error);
  GPtrArray *practitioners, *rooms;

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (
                                      row, ADW_TYPE_PREFERENCES_GROUP)),
                                    row);
    }
  g_ptr_array_set_size (self->rows, 0);
  if (resources == NULL || protocols == NULL)
    {
      meso_calendar_settings_toast (GTK_WIDGET (self), error->message);
      return;
    }
  fill_clinic (self, resources);
  practitioners = meso_resources_get_practitioners (resources);
  for (guint i = 0; i < practitioners->len; i++)
    add_row (self, self->practitioners_group,
             meso_practitioner_row_new (self->context, g_ptr_array_index (practitioners, i)));
  rooms = meso_resources_get_rooms (resources);
  for (guint i = 0; i < rooms->len; i++)
    add_row (self, self->rooms_group,
             meso_room_row_new (self->context, g_ptr_array_index (rooms, i)));
  for (guint i = 0; i < protocols->len; i++)
    add_row (self, self->protocols_group,
             meso_protocol_row_new (self->context, g_ptr_array_index (protocols, i)));
}

/* Rebuilding from the "changed" signal waits for idle: the signal may come
 * from a button inside a row that rebuilding destroys. */
static gboolean
rebuild_idle (gpointer data)
{
  MesoCalendarSettings *self = data;

  self->rebuild_id = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

static void
on_schedule_changed_cb (MesoCalendarSettings *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add (rebuild_idle, self);
}

static void
meso_calendar_settings_dispose (GObject *object)
{
  MesoCalendarSettings *self = MESO_CALENDAR_SETTINGS (object);

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (schedule (self), self);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->context);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (meso_calendar_settings_parent_class)->dispose (object);
}

static void
build (AdwPreferencesPage *page)
{
  static const char * const groups[] = {
    "clinic_hours_group", "practitioners_group", "agenda_group", "rooms_group", "holidays_group",
    "protocols_group", NULL,
  };
  MesoCalendarSettings *self = MESO_CALENDAR_SETTINGS (page);
  g_autofree char *folder = NULL;
  g_autofree char *subtitle = NULL;
  g_autoptr(GtkBuilder) builder = meso_lazy_page_add_groups (
    page, "/io/github/mesodesk/Mesodesk/meso-calendar-settings.ui", groups);

#define BIND(name) \
  meso_lazy_page_bind (builder, self, #name, G_STRUCT_OFFSET (MesoCalendarSettings, name))
  BIND (zone_row);
  BIND (first_session_spin);
  BIND (initials_switch);
  BIND (keep_agendas_row);
  BIND (keep_agendas_switch);
  BIND (practitioners_group);
  BIND (rooms_group);
  BIND (holidays_group);
  BIND (protocols_group);
  BIND (add_practitioner_button);
  BIND (add_room_button);
  BIND (add_protocol_button);
#undef BIND
  for (GDateWeekday d = G_DATE_MONDAY; d <= G_DATE_SUNDAY; d++)
    meso_lazy_page_bind (builder, self, weekday_ids[d],
                         G_STRUCT_OFFSET (MesoCalendarSettings, opening_rows) +
                         d * sizeof (gpointer));

  g_signal_connect (self->zone_row, "apply", G_CALLBACK (on_zone_apply_cb), self);
  g_signal_connect (self->first_session_spin, "value-changed",
                    G_CALLBACK (on_first_session_changed_cb), self);
  g_signal_connect (self->initials_switch, "notify::active", G_CALLBACK (on_initials_active_cb),
                    self);
  /* This workstation's choice, with where the files go. */
  folder = meso_agenda_keeper_dup_default_folder ();
  subtitle = g_strdup_printf (_("Each practitioner’s agenda, rewritten after every change, in "
                                "%s: a calendar program that subscribes to a file there "
                                "follows it."), folder);
  adw_action_row_set_subtitle (self->keep_agendas_row, subtitle);
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "keep-agendas", self->keep_agendas_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  /* The files name patients: the clinic's settings people decide. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->keep_agendas_row),
                            meso_context_can (self->context, MESO_PERMISSION_MANAGE_SETTINGS));
  for (GDateWeekday d = G_DATE_MONDAY; d <= G_DATE_SUNDAY; d++)
    g_signal_connect (self->opening_rows[d], "apply", G_CALLBACK (on_opening_apply_cb), self);
  g_signal_connect (self->add_practitioner_button, "clicked",
                    G_CALLBACK (on_add_practitioner_cb), self);
  g_signal_connect (self->add_room_button, "clicked", G_CALLBACK (on_add_room_cb), self);
  g_signal_connect (self->add_protocol_button, "clicked", G_CALLBACK (on_add_protocol_cb), self);
  g_signal_connect_swapped (schedule (self), "changed", G_CALLBACK (on_schedule_changed_cb), self);
  rebuild (self);
}

static void
meso_calendar_settings_constructed (GObject *object)
{
  MesoCalendarSettings *self = MESO_CALENDAR_SETTINGS (object);

  G_OBJECT_CLASS (meso_calendar_settings_parent_class)->constructed (object);

  meso_lazy_page_build_when_shown (ADW_PREFERENCES_PAGE (self), build);
}

static void
meso_calendar_settings_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  if (prop_id == PROP_CONTEXT)
    MESO_CALENDAR_SETTINGS (object)->context = g_value_dup_object (value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
meso_calendar_settings_class_init (MesoCalendarSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = meso_calendar_settings_constructed;
  object_class->dispose = meso_calendar_settings_dispose;
  object_class->set_property = meso_calendar_settings_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MESO_TYPE_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
meso_calendar_settings_init (MesoCalendarSettings *self)
{
  self->rows = g_ptr_array_new ();
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), _("Calendar"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self), "x-office-calendar-symbolic");
}

MesoCalendarSettings *
meso_calendar_settings_new (MesoContext *context)
{
  return g_object_new (MESO_TYPE_CALENDAR_SETTINGS, "context", context, NULL);
}
