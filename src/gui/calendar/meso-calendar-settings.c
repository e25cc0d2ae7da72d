/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-calendar-settings.c: what the calendar books against, edited by an
 * administrator: the clinic's zone, hours and holidays, the practitioners
 * with their hours and days off, the rooms, and the protocol templates.
 * The rows are rebuilt from the core after every change, so what is shown
 * is what was stored. */
#define G_LOG_DOMAIN "meso-calendar-settings"

#include <glib/gi18n.h>

#include "meso-calendar-settings.h"
#include "meso-course.h"

struct _MesoCalendarSettings
{
  AdwPreferencesPage   parent_instance;

  MesoContext         *context;
  AdwPreferencesGroup *groups[5];
  GPtrArray           *rows[5];      /* the rows added to each group, to remove them */
  guint                rebuild_id;
};

G_DEFINE_FINAL_TYPE (MesoCalendarSettings, meso_calendar_settings, ADW_TYPE_PREFERENCES_PAGE)

enum
{
  GROUP_CLINIC,
  GROUP_PRACTITIONERS,
  GROUP_ROOMS,
  GROUP_HOLIDAYS,
  GROUP_PROTOCOLS,
};

static void on_schedule_changed_cb (MesoCalendarSettings *self);

static MesoSchedule *
schedule (MesoCalendarSettings *self)
{
  return meso_context_get_schedule (self->context);
}

static void
toast (MesoCalendarSettings *self,
       const char           *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
}

/* Reports @ok's error, if any; rebuilding later shows what was stored.
 * @error is read only here: C leaves the order of a call's arguments
 * unspecified, so a GError passed by value could be read before it is set. */
static void
report (MesoCalendarSettings *self,
        gboolean              ok,
        GError              **error)
{
  if (!ok && *error != NULL)
    toast (self, (*error)->message);
}

static void
add_row (MesoCalendarSettings *self,
         guint                 group,
         GtkWidget            *row)
{
  adw_preferences_group_add (self->groups[group], row);
  g_ptr_array_add (self->rows[group], row);
}

static const char *
weekday_name (GDateWeekday weekday)
{
  static char names[8][32];
  GDate day;

  if (names[weekday][0] == '\0')
    {
      g_date_clear (&day, 1);
      g_date_set_dmy (&day, 4 + weekday, 1, 2026);   /* 5 January 2026 is a Monday */
      g_date_strftime (names[weekday], sizeof names[weekday], "%A", &day);
    }
  return names[weekday];
}

static GtkWidget *
entry_row (const char *title,
           const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  return row;
}

static GtkWidget *
button (const char *label,
        GCallback   callback,
        gpointer    data)
{
  GtkWidget *widget = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
  if (callback != NULL)
    g_signal_connect (widget, "clicked", callback, data);
  return widget;
}

/* What a row's handlers act on, instead of data hung on its widgets: each
 * form struct starts with the page, and is shared by the row's handlers
 * (reference-counted: freed with the last of them, when the row goes). */
static gpointer
form_new (MesoCalendarSettings *self,
          gsize                 size)
{
  MesoCalendarSettings **form = g_rc_box_alloc0 (size);

  *form = self;
  return form;
}

static void
form_release (gpointer  form,
              GClosure *closure)
{
  g_rc_box_release (form);
}

/* Connects @callback to @widget's @signal with @form as its data. */
static void
form_connect (gpointer    widget,
              const char *signal,
              GCallback   callback,
              gpointer    form)
{
  g_signal_connect_data (widget, signal, callback, g_rc_box_acquire (form), form_release, 0);
}

/* The clinic --------------------------------------------------------------- */

static void
on_zone_apply_cb (AdwEntryRow          *row,
                  MesoCalendarSettings *self)
{
  g_autoptr(GError) error = NULL;

  report (self, meso_clinic_set_text (meso_context_get_clinic (self->context),
                                      MESO_CLINIC_TIME_ZONE,
                                      gtk_editable_get_text (GTK_EDITABLE (row)), &error), &error);
  on_schedule_changed_cb (self);
}

static void
on_first_session_changed_cb (GtkSpinButton        *spin,
                             MesoCalendarSettings *self)
{
  g_autoptr(GError) error = NULL;

  report (self, meso_clinic_set_number (meso_context_get_clinic (self->context),
                                        MESO_CLINIC_FIRST_SESSION_MINUTES,
                                        gtk_spin_button_get_value_as_int (spin), &error), &error);
}

/* What one button or entry is about: a weekday, a holiday (its Julian
 * day), a day off, the practitioner to add days off to. */
typedef struct
{
  MesoCalendarSettings *self;
  gint64                id;
} IdForm;

static void
id_connect (MesoCalendarSettings *self,
            gpointer              widget,
            const char           *signal,
            GCallback             callback,
            gint64                id)
{
  IdForm *form = form_new (self, sizeof (IdForm));

  form->id = id;
  form_connect (widget, signal, callback, form);
  g_rc_box_release (form);
}

static void
on_opening_apply_cb (AdwEntryRow *row,
                     IdForm      *form)
{
  g_autoptr(GError) error = NULL;
  MesoHours hours;

  report (form->self,
          meso_hours_parse (gtk_editable_get_text (GTK_EDITABLE (row)), &hours, &error) &&
          meso_schedule_set_opening_hours (schedule (form->self), form->id, hours, &error),
          &error);
}

static void
on_holiday_remove_cb (GtkButton *widget,
                      IdForm    *form)
{
  g_autoptr(GError) error = NULL;
  GDate day;

  g_date_clear (&day, 1);
  g_date_set_julian (&day, form->id);
  report (form->self, meso_schedule_remove_holiday (schedule (form->self), &day, &error),
          &error);
}

static gboolean
parse_day (const char *text,
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

static void
on_holiday_add_apply_cb (AdwEntryRow          *row,
                         MesoCalendarSettings *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  GDate day;

  if (!parse_day (text, &day))
    {
      toast (self, _("Type the day as 2026-12-25, then its name."));
      return;
    }
  name = g_strstrip (g_strdup (text + 10));
  report (self, meso_schedule_add_holiday (schedule (self), &day, name, &error), &error);
}

static void
fill_clinic (MesoCalendarSettings *self,
             MesoResources        *resources)
{
  MesoClinic *clinic = meso_context_get_clinic (self->context);
  GtkWidget *row, *spin;
  GArray *holidays = meso_resources_get_holidays (resources);

  row = entry_row (_("Time zone (such as Europe/Istanbul; empty: this computer’s)"),
                   meso_clinic_get_text (clinic, MESO_CLINIC_TIME_ZONE));
  g_signal_connect (row, "apply", G_CALLBACK (on_zone_apply_cb), self);
  add_row (self, GROUP_CLINIC, row);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("First session of a course"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Minutes; it includes the scalp analysis"));
  spin = gtk_spin_button_new_with_range (10, 240, 5);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin),
                             meso_clinic_get_number (clinic, MESO_CLINIC_FIRST_SESSION_MINUTES));
  g_signal_connect (spin, "value-changed", G_CALLBACK (on_first_session_changed_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  add_row (self, GROUP_CLINIC, row);

  for (GDateWeekday d = G_DATE_MONDAY; d <= G_DATE_SUNDAY; d++)
    {
      g_autofree char *hours = meso_hours_format (meso_resources_get_opening_hours (resources, d));
      g_autofree char *title = g_strdup_printf (_("Open on %s (empty: closed)"), weekday_name (d));

      row = entry_row (title, hours);
      id_connect (self, row, "apply", G_CALLBACK (on_opening_apply_cb), d);
      add_row (self, GROUP_CLINIC, row);
    }

  for (guint i = 0; i < holidays->len; i++)
    {
      MesoHoliday *holiday = &g_array_index (holidays, MesoHoliday, i);
      GtkWidget *remove = button (_("_Remove"), NULL, NULL);
      GDate day;
      char title[64];

      g_date_clear (&day, 1);
      g_date_set_julian (&day, holiday->day);
      g_date_strftime (title, sizeof title, "%a %-d %b %Y", &day);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), holiday->name);
      id_connect (self, remove, "clicked", G_CALLBACK (on_holiday_remove_cb), holiday->day);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      add_row (self, GROUP_HOLIDAYS, row);
    }
  row = entry_row (_("Add a holiday: 2026-12-25 Christmas Day"), "");
  g_signal_connect (row, "apply", G_CALLBACK (on_holiday_add_apply_cb), self);
  add_row (self, GROUP_HOLIDAYS, row);
}

/* Practitioners ------------------------------------------------------------ */

typedef struct
{
  MesoCalendarSettings *self;
  gint64     id;
  gint64     revision;   /* as read: a save made after another's is refused */
  GtkWidget *name;
  GtkWidget *colour;
  GtkWidget *active;
  GtkWidget *own_hours;
  GtkWidget *hours[8];
} PractitionerForm;

static void
on_practitioner_save_cb (GtkButton        *widget,
                         PractitionerForm *form)
{
  MesoCalendarSettings *self = form->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *colour = NULL;
  MesoPractitioner practitioner = { .id = form->id, .revision = form->revision };
  GdkRGBA rgba;

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (form->colour), &rgba);
  colour = g_strdup_printf ("#%02x%02x%02x", (guint) (rgba.red * 255 + 0.5),
                            (guint) (rgba.green * 255 + 0.5), (guint) (rgba.blue * 255 + 0.5));
  practitioner.name = (char *) gtk_editable_get_text (GTK_EDITABLE (form->name));
  practitioner.colour = colour;
  practitioner.active = gtk_switch_get_active (GTK_SWITCH (form->active));
  practitioner.own_hours = gtk_switch_get_active (GTK_SWITCH (form->own_hours));
  for (GDateWeekday d = G_DATE_MONDAY; d <= G_DATE_SUNDAY; d++)
    if (!meso_hours_parse (gtk_editable_get_text (GTK_EDITABLE (form->hours[d])),
                           &practitioner.hours[d], &error))
      {
        g_autofree char *message = g_strdup_printf ("%s: %s", weekday_name (d), error->message);

        toast (self, message);
        return;
      }
  report (self, meso_schedule_save_practitioner (schedule (self), &practitioner, &error), &error);
  form->revision = practitioner.revision;
}

static void
on_day_off_remove_cb (GtkButton *widget,
                      IdForm    *form)
{
  g_autoptr(GError) error = NULL;

  report (form->self, meso_schedule_remove_day_off (schedule (form->self), form->id, &error),
          &error);
}

static void
on_day_off_add_apply_cb (AdwEntryRow *row,
                         IdForm      *form)
{
  MesoCalendarSettings *self = form->self;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  GDate first, last;
  const char *rest = text + MIN (strlen (text), 10);

  if (!parse_day (text, &first))
    {
      toast (self, _("Type the days off as 2026-12-24 to 2026-12-31, then the reason."));
      return;
    }
  last = first;
  while (*rest == ' ')
    rest++;
  if (g_str_has_prefix (rest, "to ") && parse_day (rest + 3, &last))
    rest += 3 + 10;
  reason = g_strstrip (g_strdup (rest));
  report (self, meso_schedule_add_day_off (schedule (self), form->id, &first, &last, reason,
                                          &error),
          &error);
}

static void
add_practitioner (MesoCalendarSettings *self,
                  MesoPractitioner     *practitioner)
{
  PractitionerForm *form = form_new (self, sizeof (PractitionerForm));
  GtkWidget *expander = adw_expander_row_new ();
  GtkWidget *row, *save, *add_off;
  GdkRGBA rgba;

  form->id = practitioner->id;
  form->revision = practitioner->revision;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), practitioner->name);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander),
                                 !practitioner->active ? _("No longer sees patients")
                                 : practitioner->own_hours ? _("Works their own hours")
                                 : _("Works whenever the clinic is open"));

  form->name = entry_row (_("Name"), practitioner->name);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (form->name), FALSE);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), form->name);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Colour in the calendar"));
  gdk_rgba_parse (&rgba, practitioner->colour);
  form->colour = gtk_color_button_new_with_rgba (&rgba);
  gtk_widget_set_valign (form->colour, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), form->colour);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Sees patients"));
  form->active = gtk_switch_new ();
  gtk_switch_set_active (GTK_SWITCH (form->active), practitioner->active);
  gtk_widget_set_valign (form->active, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), form->active);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), form->active);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Own working hours"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Off: the clinic’s opening hours"));
  form->own_hours = gtk_switch_new ();
  gtk_switch_set_active (GTK_SWITCH (form->own_hours), practitioner->own_hours);
  gtk_widget_set_valign (form->own_hours, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), form->own_hours);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), form->own_hours);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);

  for (GDateWeekday d = G_DATE_MONDAY; d <= G_DATE_SUNDAY; d++)
    {
      g_autofree char *hours = meso_hours_format (practitioner->hours[d]);

      form->hours[d] = entry_row (weekday_name (d), hours);
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (form->hours[d]), FALSE);
      g_object_bind_property (form->own_hours, "active", form->hours[d], "sensitive",
                              G_BINDING_SYNC_CREATE);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), form->hours[d]);
    }

  row = adw_action_row_new ();
  save = button (_("_Save Changes"), NULL, NULL);
  gtk_widget_add_css_class (save, "suggested-action");
  form_connect (save, "clicked", G_CALLBACK (on_practitioner_save_cb), form);
  g_rc_box_release (form);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), save);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);

  for (guint i = 0; i < practitioner->days_off->len; i++)
    {
      MesoDayOff *day_off = &g_array_index (practitioner->days_off, MesoDayOff, i);
      GtkWidget *remove = button (_("_Remove"), NULL, NULL);
      GDate first, last;
      char from[32], to[32];
      g_autofree char *title = NULL;

      g_date_clear (&first, 1);
      g_date_set_julian (&first, day_off->first_day);
      g_date_clear (&last, 1);
      g_date_set_julian (&last, day_off->last_day);
      g_date_strftime (from, sizeof from, "%-d %b %Y", &first);
      g_date_strftime (to, sizeof to, "%-d %b %Y", &last);
      title = g_strdup_printf (_("Away %s – %s"), from, to);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), day_off->reason);
      id_connect (self, remove, "clicked", G_CALLBACK (on_day_off_remove_cb), day_off->id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
    }
  add_off = entry_row (_("Add days off: 2026-12-24 to 2026-12-31 holiday"), "");
  id_connect (self, add_off, "apply", G_CALLBACK (on_day_off_add_apply_cb), practitioner->id);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), add_off);

  add_row (self, GROUP_PRACTITIONERS, expander);
}

static void
on_add_practitioner_cb (GtkButton            *widget,
                        MesoCalendarSettings *self)
{
  MesoPractitioner practitioner = { .name = (char *) _("New practitioner"),
                                    .colour = (char *) "#e66100", .active = TRUE };
  g_autoptr(GError) error = NULL;

  report (self, meso_schedule_save_practitioner (schedule (self), &practitioner, &error), &error);
}

/* Rooms ------------------------------------------------------------------- */

typedef struct
{
  MesoCalendarSettings *self;
  gint64                id;
  gint64                revision;   /* as read: a save made after another's is refused */
  GtkEditable          *name;
  GtkSwitch            *active;
} RoomForm;

static void
save_room (RoomForm *form)
{
  MesoRoom room = {
    .id = form->id,
    .name = (char *) gtk_editable_get_text (form->name),
    .active = gtk_switch_get_active (form->active),
    .revision = form->revision,
  };
  g_autoptr(GError) error = NULL;

  report (form->self, meso_schedule_save_room (schedule (form->self), &room, &error), &error);
  form->revision = room.revision;
}

static void
on_room_apply_cb (AdwEntryRow *row,
                  RoomForm    *form)
{
  save_room (form);
}

static void
on_room_active_cb (GtkSwitch  *active,
                   GParamSpec *pspec,
                   RoomForm   *form)
{
  save_room (form);
}

static void
on_add_room_cb (GtkButton            *widget,
                MesoCalendarSettings *self)
{
  MesoRoom room = { .name = (char *) _("New room"), .active = TRUE };
  g_autoptr(GError) error = NULL;

  report (self, meso_schedule_save_room (schedule (self), &room, &error), &error);
}

static void
add_room (MesoCalendarSettings *self,
          MesoRoom             *room)
{
  GtkWidget *row = entry_row (_("Room or chair"), room->name);
  GtkWidget *active = gtk_switch_new ();
  RoomForm *form = form_new (self, sizeof (RoomForm));

  gtk_switch_set_active (GTK_SWITCH (active), room->active);
  gtk_widget_set_valign (active, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (active, _("In use"));
  form->id = room->id;
  form->revision = room->revision;
  form->name = GTK_EDITABLE (row);
  form->active = GTK_SWITCH (active);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), active);
  form_connect (row, "apply", G_CALLBACK (on_room_apply_cb), form);
  form_connect (active, "notify::active", G_CALLBACK (on_room_active_cb), form);
  g_rc_box_release (form);
  add_row (self, GROUP_ROOMS, row);
}

/* Protocols ---------------------------------------------------------------- */

typedef struct
{
  MesoCalendarSettings *self;
  gint64                id;
  GtkEditable          *name;
  GtkEditable          *phases;
  GtkSpinButton        *maintenance;
} ProtocolForm;

static void
on_protocol_save_cb (GtkButton    *widget,
                     ProtocolForm *form)
{
  g_autoptr(MesoProtocol) protocol =
    meso_protocol_new (gtk_editable_get_text (form->name),
                       gtk_spin_button_get_value_as_int (form->maintenance));
  g_autoptr(GError) error = NULL;

  protocol->id = form->id;
  report (form->self,
          meso_protocol_parse_phases (protocol, gtk_editable_get_text (form->phases), &error) &&
          meso_schedule_save_protocol (schedule (form->self), protocol, &error), &error);
}

static void
add_protocol (MesoCalendarSettings *self,
              MesoProtocol         *protocol)
{
  g_autofree char *phases_text = meso_protocol_format_phases (protocol);
  g_autofree char *subtitle = NULL;
  GtkWidget *expander = adw_expander_row_new ();
  GtkWidget *name = entry_row (_("Name"), protocol->name);
  GtkWidget *phases = entry_row (_("Phases: sessions×days between them, such as 4×7, 4×30"),
                                 phases_text);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *maintenance = gtk_spin_button_new_with_range (0, 730, 1);
  GtkWidget *save = button (_("_Save Changes"), NULL, NULL);
  ProtocolForm *form = form_new (self, sizeof (ProtocolForm));

  subtitle = protocol->maintenance_days > 0
               ? g_strdup_printf (_("%s, then maintenance every %u days"), phases_text,
                                  protocol->maintenance_days)
               : g_strdup (phases_text);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), protocol->name);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (name), FALSE);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (phases), FALSE);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), name);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), phases);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Maintenance every … days (0: none)"));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (maintenance), protocol->maintenance_days);
  gtk_widget_set_valign (maintenance, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), maintenance);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), save);
  gtk_widget_add_css_class (save, "suggested-action");
  form->id = protocol->id;
  form->name = GTK_EDITABLE (name);
  form->phases = GTK_EDITABLE (phases);
  form->maintenance = GTK_SPIN_BUTTON (maintenance);
  form_connect (save, "clicked", G_CALLBACK (on_protocol_save_cb), form);
  g_rc_box_release (form);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
  add_row (self, GROUP_PROTOCOLS, expander);
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
  report (self, error == NULL, &error);
}

/* Building ----------------------------------------------------------------- */

static void
rebuild (MesoCalendarSettings *self)
{
  g_autoptr(GError) error = NULL;
  MesoResources *resources = meso_schedule_get_resources (schedule (self), &error);
  g_autoptr(GPtrArray) protocols = meso_schedule_list_protocols (schedule (self), &error);
  GPtrArray *practitioners, *rooms;

  for (guint g = 0; g < G_N_ELEMENTS (self->groups); g++)
    {
      for (guint i = 0; i < self->rows[g]->len; i++)
        adw_preferences_group_remove (self->groups[g], g_ptr_array_index (self->rows[g], i));
      g_ptr_array_set_size (self->rows[g], 0);
    }
  if (resources == NULL || protocols == NULL)
    {
      toast (self, error->message);
      return;
    }
  fill_clinic (self, resources);
  practitioners = meso_resources_get_practitioners (resources);
  for (guint i = 0; i < practitioners->len; i++)
    add_practitioner (self, g_ptr_array_index (practitioners, i));
  rooms = meso_resources_get_rooms (resources);
  for (guint i = 0; i < rooms->len; i++)
    add_room (self, g_ptr_array_index (rooms, i));
  for (guint i = 0; i < protocols->len; i++)
    add_protocol (self, g_ptr_array_index (protocols, i));
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
  for (guint g = 0; g < G_N_ELEMENTS (self->rows); g++)
    g_clear_pointer (&self->rows[g], g_ptr_array_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (meso_calendar_settings_parent_class)->dispose (object);
}

static void
meso_calendar_settings_class_init (MesoCalendarSettingsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = meso_calendar_settings_dispose;
}

static void
meso_calendar_settings_init (MesoCalendarSettings *self)
{
  static const struct
  {
    const char *title;
    const char *description;
    const char *add_label;
    GCallback   add;
  } groups[] = {
    [GROUP_CLINIC] = { N_("Clinic Hours"), N_("Appointments must fit in these hours."), NULL,
                       NULL },
    [GROUP_PRACTITIONERS] = { N_("Practitioners"), NULL, N_("_Add Practitioner"),
                              G_CALLBACK (on_add_practitioner_cb) },
    [GROUP_ROOMS] = { N_("Rooms and Chairs"), NULL, N_("Add _Room"), G_CALLBACK (on_add_room_cb) },
    [GROUP_HOLIDAYS] = { N_("Holidays"), N_("The clinic is closed on these days."), NULL, NULL },
    [GROUP_PROTOCOLS] = { N_("Treatment Protocols"),
                          N_("Templates for courses. Changes apply to courses booked later."),
                          N_("Add _Protocol"), G_CALLBACK (on_add_protocol_cb) },
  };

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), _("Calendar"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self), "x-office-calendar-symbolic");
  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      self->groups[g] = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (self->groups[g], _(groups[g].title));
      if (groups[g].description != NULL)
        adw_preferences_group_set_description (self->groups[g], _(groups[g].description));
      if (groups[g].add != NULL)
        adw_preferences_group_set_header_suffix (self->groups[g],
                                                 button (_(groups[g].add_label), groups[g].add,
                                                         self));
      self->rows[g] = g_ptr_array_new ();
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), self->groups[g]);
    }
}

MesoCalendarSettings *
meso_calendar_settings_new (MesoContext *context)
{
  MesoCalendarSettings *self = g_object_new (MESO_TYPE_CALENDAR_SETTINGS, NULL);

  self->context = g_object_ref (context);
  g_signal_connect_swapped (schedule (self), "changed", G_CALLBACK (on_schedule_changed_cb), self);
  rebuild (self);
  return self;
}
