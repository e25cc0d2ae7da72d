/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-practitioner-row.c: a practitioner in the calendar settings. The
 * form is saved as a whole at the revision it was read at (a save over
 * someone else's change is refused); each day off is a MesoDayOffRow. */
#define G_LOG_DOMAIN "meso-practitioner-row"

#include <glib/gi18n.h>

#include "meso-calendar-settings.h"
#include "meso-date-row.h"
#include "meso-day-off-row.h"
#include "meso-practitioner-row.h"

struct _MesoPractitionerRow
{
  AdwExpanderRow  parent_instance;

  MesoContext    *context;
  gint64          id;
  gint64          revision;
  GtkButton      *save_button;
  AdwEntryRow    *name_row;
  GtkColorButton *colour_button;
  GtkSwitch      *active_switch;
  GtkSwitch      *own_hours_switch;
  AdwEntryRow    *hours_rows[8];   /* by ISO weekday, 1 = Monday */
};

G_DEFINE_FINAL_TYPE (MesoPractitionerRow, meso_practitioner_row, ADW_TYPE_EXPANDER_ROW)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static MesoSchedule *
schedule (MesoPractitionerRow *self)
{
  return meso_context_get_schedule (self->context);
}

static void
on_save_clicked_cb (GtkButton           *button,
                    MesoPractitionerRow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *colour = NULL;
  MesoPractitioner practitioner = { .id = self->id, .revision = self->revision };
  GdkRGBA rgba;

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (self->colour_button), &rgba);
  colour = g_strdup_printf ("#%02x%02x%02x", (guint) (rgba.red * 255 + 0.5),
                            (guint) (rgba.green * 255 + 0.5), (guint) (rgba.blue * 255 + 0.5));
  practitioner.name = (char *) gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  practitioner.colour = colour;
  practitioner.active = gtk_switch_get_active (self->active_switch);
  practitioner.own_hours = gtk_switch_get_active (self->own_hours_switch);
  for (GDateWeekday d = G_DATE_MONDAY; d <= G_DATE_SUNDAY; d++)
    if (!meso_hours_parse (gtk_editable_get_text (GTK_EDITABLE (self->hours_rows[d])),
                           &practitioner.hours[d], &error))
      {
        g_autofree char *message =
          g_strdup_printf ("%s: %s",
                           adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->hours_rows[d])),
                           error->message);

        meso_calendar_settings_toast (GTK_WIDGET (self), message);
        return;
      }
  meso_calendar_settings_report (GTK_WIDGET (self),
                                 meso_schedule_save_practitioner (schedule (self), &practitioner,
                                                                  &error),
                                 &error);
  self->revision = practitioner.revision;
}

static void
on_day_off_remove_cb (MesoDayOffRow       *row,
                      MesoPractitionerRow *self)
{
  g_autoptr(GError) error = NULL;

  meso_calendar_settings_report (GTK_WIDGET (self),
                                 meso_schedule_remove_day_off (schedule (self),
                                                               meso_day_off_row_get_id (row),
                                                               &error),
                                 &error);
}

static void
on_day_off_add_apply_cb (AdwEntryRow         *row,
                         MesoPractitionerRow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  GDate first, last;
  const char *rest = text + MIN (strlen (text), 10);

  if (!meso_calendar_settings_parse_day (text, &first))
    {
      meso_calendar_settings_toast (GTK_WIDGET (self),
                                    _("Type the days off as 2026-12-24 to 2026-12-31, then the "
                                      "reason."));
      return;
    }
  last = first;
  while (*rest == ' ')
    rest++;
  /* The last day follows a word in the user's language ("to", "a", "по",
   * "ile") or a dash: whatever stands before the next date. */
  for (const char *word_end = rest; *word_end != '\0' && word_end - rest <= 12; word_end++)
    if (g_ascii_isdigit (*word_end))
      {
        if (meso_calendar_settings_parse_day (word_end, &last))
          rest = word_end + 10;
        break;
      }
  reason = g_strstrip (g_strdup (rest));
  meso_calendar_settings_report (GTK_WIDGET (self),
                                 meso_schedule_add_day_off (schedule (self), self->id, &first,
                                                            &last, reason, &error),
                                 &error);
}

static void
add_days_off (MesoPractitionerRow *self,
              GArray              *days_off)
{
  GtkWidget *add;

  for (guint i = 0; i < days_off->len; i++)
    {
      MesoDayOff *day_off = &g_array_index (days_off, MesoDayOff, i);
      GtkWidget *row;
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
      row = meso_day_off_row_new (day_off->id, title, day_off->reason);
      g_signal_connect (row, "remove", G_CALLBACK (on_day_off_remove_cb), self);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (self), row);
    }
  /* After the days off, where the template cannot put it. */
  add = meso_date_row_new ();
  meso_date_row_set_inserts (MESO_DATE_ROW (add), TRUE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (add),
                                 _("Add days off: 2026-12-24 to 2026-12-31 holiday"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (add), TRUE);
  g_signal_connect (add, "apply", G_CALLBACK (on_day_off_add_apply_cb), self);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), add);
}

static void
meso_practitioner_row_dispose (GObject *object)
{
  MesoPractitionerRow *self = MESO_PRACTITIONER_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MESO_TYPE_PRACTITIONER_ROW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (meso_practitioner_row_parent_class)->dispose (object);
}

static void
meso_practitioner_row_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  if (prop_id == PROP_CONTEXT)
    MESO_PRACTITIONER_ROW (object)->context = g_value_dup_object (value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
meso_practitioner_row_class_init (MesoPractitionerRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = meso_practitioner_row_dispose;
  object_class->set_property = meso_practitioner_row_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MESO_TYPE_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/mesodesk/Mesodesk/meso-practitioner-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MesoPractitionerRow, name_row);
  gtk_widget_class_bind_template_child (widget_class, MesoPractitionerRow, colour_button);
  gtk_widget_class_bind_template_child (widget_class, MesoPractitionerRow, active_switch);
  gtk_widget_class_bind_template_child (widget_class, MesoPractitionerRow, own_hours_switch);
  meso_calendar_settings_bind_weekday_rows (widget_class,
                                            G_STRUCT_OFFSET (MesoPractitionerRow, hours_rows));
  gtk_widget_class_bind_template_child (widget_class, MesoPractitionerRow, save_button);
}

static void
meso_practitioner_row_init (MesoPractitionerRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->save_button, "clicked", G_CALLBACK (on_save_clicked_cb), self);
}

GtkWidget *
meso_practitioner_row_new (MesoContext            *context,
                           const MesoPractitioner *practitioner)
{
  MesoPractitionerRow *self =
    g_object_new (MESO_TYPE_PRACTITIONER_ROW, "context", context, "title", practitioner->name,
                  "subtitle", !practitioner->active ? _("No longer sees patients")
                              : practitioner->own_hours ? _("Works their own hours")
                              : _("Works whenever the clinic is open"),
                  NULL);
  GdkRGBA rgba;

  self->id = practitioner->id;
  self->revision = practitioner->revision;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), practitioner->name);
  gdk_rgba_parse (&rgba, practitioner->colour);
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->colour_button), &rgba);
  gtk_switch_set_active (self->active_switch, practitioner->active);
  gtk_switch_set_active (self->own_hours_switch, practitioner->own_hours);
  for (GDateWeekday d = G_DATE_MONDAY; d <= G_DATE_SUNDAY; d++)
    {
      g_autofree char *hours = meso_hours_format (practitioner->hours[d]);

      gtk_editable_set_text (GTK_EDITABLE (self->hours_rows[d]), hours);
    }
  add_days_off (self, practitioner->days_off);
  return GTK_WIDGET (self);
}
