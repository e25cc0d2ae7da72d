/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-reminder-rule-row.c: one kind of reminder in the preferences: its
 * switch, when it comes (the sources disagree on the aftercare delays) and
 * its texts, saved as each is changed. A text left as the built-in one is
 * stored as such, so that each user reads it in their own language. The
 * row knows its kind: nothing is hung on its widgets. */
#define G_LOG_DOMAIN "meso-reminder-rule-row"

#include <glib/gi18n.h>

#include "meso-reminder-rule-row.h"
#include "meso-row-error.h"
#include "meso-time-row.h"

struct _MesoReminderRuleRow
{
  AdwExpanderRow    parent_instance;

  MesoContext      *context;
  MesoReminderKind  kind;
  gboolean          filling;     /* the widgets are being set from the stored rule */

  AdwActionRow     *timing_row;
  GtkSpinButton    *timing_spin;
  AdwEntryRow      *at_row;
  AdwEntryRow      *summary_row;
  AdwEntryRow      *body_row;
  GtkButton        *reset_button;
};

G_DEFINE_FINAL_TYPE (MesoReminderRuleRow, meso_reminder_rule_row, ADW_TYPE_EXPANDER_ROW)

enum
{
  PROP_0,
  PROP_CONTEXT,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static MesoReminders *
reminders (MesoReminderRuleRow *self)
{
  return meso_context_get_reminders (self->context);
}

static void
toast (MesoReminderRuleRow *self,
       const char          *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
}

/* A standing condition (the stock) has no delay, and one that comes as it
 * appears no time of day. */
static gboolean
has_timing (MesoReminderRuleRow *self)
{
  return meso_reminder_kind_get_unit_minutes (self->kind) != 0;
}

static gboolean
has_time_of_day (MesoReminderRuleRow *self)
{
  return self->kind != MESO_REMINDER_LOW_STOCK;
}

static char *
describe_timing (const MesoReminderRule *rule)
{
  int unit = meso_reminder_kind_get_unit_minutes (rule->kind);
  g_autofree char *when = NULL;

  if (unit == 0)
    when = g_strdup (_("As the stock settings say"));
  else
    when = g_strdup_printf ("%s: %d", meso_reminder_kind_get_timing_label (rule->kind),
                            ABS (rule->offset_minutes / unit));
  if (rule->at_minute < 0)
    return g_steal_pointer (&when);
  return g_strdup_printf (_("%s, at %02d:%02d"), when, rule->at_minute / 60,
                          rule->at_minute % 60);
}

/* Shows the stored rule. */
static void
fill (MesoReminderRuleRow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *timing = NULL;
  MesoReminderRule rule;

  if (!meso_reminders_get_rule (reminders (self), self->kind, &rule, &error))
    {
      toast (self, error->message);
      return;
    }
  self->filling = TRUE;
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (self), rule.enabled);
  timing = describe_timing (&rule);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), timing);
  if (has_timing (self))
    gtk_spin_button_set_value (self->timing_spin,
                               ABS (rule.offset_minutes /
                                    meso_reminder_kind_get_unit_minutes (self->kind)));
  if (has_time_of_day (self))
    {
      g_autofree char *at = rule.at_minute < 0 ? g_strdup ("")
                                               : g_strdup_printf ("%02d:%02d", rule.at_minute / 60,
                                                                  rule.at_minute % 60);
      gtk_editable_set_text (GTK_EDITABLE (self->at_row), at);
      meso_row_error_set (self->at_row, NULL);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->summary_row), meso_reminder_rule_get_summary (&rule));
  gtk_editable_set_text (GTK_EDITABLE (self->body_row), meso_reminder_rule_get_body (&rule));
  meso_row_error_set (self->summary_row, NULL);
  meso_row_error_set (self->body_row, NULL);
  self->filling = FALSE;
  meso_reminder_rule_clear (&rule);
}

/* "" for no time of day, "10:00" for 600; FALSE if @text is neither. */
static gboolean
parse_time_of_day (const char *text,
                   int        *out_minute)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  guint hours, minutes;
  char end;

  if (*trimmed == '\0')
    {
      *out_minute = -1;
      return TRUE;
    }
  if (sscanf (trimmed, "%u:%u%c", &hours, &minutes, &end) != 2 || hours > 23 || minutes > 59)
    return FALSE;
  *out_minute = hours * 60 + minutes;
  return TRUE;
}

/* @text, or "" when it is the built-in text: kept in each user's language. */
static char *
own_text (const char *text,
          const char *built_in)
{
  return g_strdup (g_strcmp0 (text, built_in) == 0 ? "" : text);
}

/* Saves the rule as the row shows it; a refusal shows in @changed, the
 * row the user just changed, if it is an entry. */
static void
save (MesoReminderRuleRow *self,
      GtkWidget           *changed)
{
  g_autoptr(GError) error = NULL;
  MesoReminderRule built_in, rule;

  if (self->filling)
    return;
  meso_reminder_rule_init_default (&built_in, self->kind);
  meso_reminder_rule_init_default (&rule, self->kind);
  rule.enabled = adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (self));
  if (has_timing (self))
    rule.offset_minutes = gtk_spin_button_get_value_as_int (self->timing_spin) *
                          meso_reminder_kind_get_unit_minutes (self->kind);
  if (has_time_of_day (self) &&
      !parse_time_of_day (gtk_editable_get_text (GTK_EDITABLE (self->at_row)), &rule.at_minute))
    {
      meso_row_error_set (self->at_row, _("Use a time such as 10:00, or leave it empty."));
      goto out;
    }
  g_free (rule.summary);
  rule.summary = own_text (gtk_editable_get_text (GTK_EDITABLE (self->summary_row)),
                           meso_reminder_rule_get_summary (&built_in));
  g_free (rule.body);
  rule.body = own_text (gtk_editable_get_text (GTK_EDITABLE (self->body_row)),
                        meso_reminder_rule_get_body (&built_in));

  if (!meso_reminders_save_rule (reminders (self), &rule, &error))
    {
      if (ADW_IS_ENTRY_ROW (changed))
        meso_row_error_set (ADW_ENTRY_ROW (changed), error->message);
      else
        toast (self, error->message);
    }
  else
    {
      fill (self);
      /* Pending reminders follow the rule now, not at the next wake. */
      meso_reminders_run (reminders (self));
    }
out:
  meso_reminder_rule_clear (&built_in);
  meso_reminder_rule_clear (&rule);
}

static void
on_rule_changed_cb (GtkWidget           *widget,
                    MesoReminderRuleRow *self)
{
  save (self, widget);
}

static void
on_enabled_changed_cb (GObject             *row,
                       GParamSpec          *pspec,
                       MesoReminderRuleRow *self)
{
  save (self, GTK_WIDGET (row));
}

static void
on_reset_clicked_cb (GtkButton           *button,
                     MesoReminderRuleRow *self)
{
  g_autoptr(GError) error = NULL;

  if (!meso_reminders_reset_rule (reminders (self), self->kind, &error))
    {
      toast (self, error->message);
      return;
    }
  fill (self);
  meso_reminders_run (reminders (self));
}

static void
meso_reminder_rule_row_constructed (GObject *object)
{
  MesoReminderRuleRow *self = MESO_REMINDER_RULE_ROW (object);
  int unit = meso_reminder_kind_get_unit_minutes (self->kind);

  G_OBJECT_CLASS (meso_reminder_rule_row_parent_class)->constructed (object);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self),
                                 meso_reminder_kind_get_label (self->kind));
  gtk_widget_set_visible (GTK_WIDGET (self->timing_row), has_timing (self));
  gtk_widget_set_visible (GTK_WIDGET (self->at_row), has_time_of_day (self));
  if (has_timing (self))
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->timing_row),
                                     meso_reminder_kind_get_timing_label (self->kind));
      /* Up to a year, in the rule's unit. */
      gtk_spin_button_set_range (self->timing_spin, 0, MIN (365 * 24 * 60 / ABS (unit), 9999));
    }
  fill (self);
}

static void
meso_reminder_rule_row_dispose (GObject *object)
{
  MesoReminderRuleRow *self = MESO_REMINDER_RULE_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MESO_TYPE_REMINDER_RULE_ROW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (meso_reminder_rule_row_parent_class)->dispose (object);
}

static void
meso_reminder_rule_row_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  MesoReminderRuleRow *self = MESO_REMINDER_RULE_ROW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_reminder_rule_row_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  MesoReminderRuleRow *self = MESO_REMINDER_RULE_ROW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_reminder_rule_row_class_init (MesoReminderRuleRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = meso_reminder_rule_row_constructed;
  object_class->dispose = meso_reminder_rule_row_dispose;
  object_class->set_property = meso_reminder_rule_row_set_property;
  object_class->get_property = meso_reminder_rule_row_get_property;
  g_type_ensure (MESO_TYPE_TIME_ROW);

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MESO_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, MESO_TYPE_REMINDER_KIND, MESO_REMINDER_AFTERCARE_CALL,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mesodesk/Mesodesk/"
                                               "meso-reminder-rule-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MesoReminderRuleRow, timing_row);
  gtk_widget_class_bind_template_child (widget_class, MesoReminderRuleRow, timing_spin);
  gtk_widget_class_bind_template_child (widget_class, MesoReminderRuleRow, at_row);
  gtk_widget_class_bind_template_child (widget_class, MesoReminderRuleRow, summary_row);
  gtk_widget_class_bind_template_child (widget_class, MesoReminderRuleRow, body_row);
  gtk_widget_class_bind_template_child (widget_class, MesoReminderRuleRow, reset_button);
}

static void
meso_reminder_rule_row_init (MesoReminderRuleRow *self)
{
  /* Nothing is saved until the stored rule is shown (fill()). */
  self->filling = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  meso_row_error_attach (self->at_row);
  meso_row_error_attach (self->summary_row);
  meso_row_error_attach (self->body_row);
  g_signal_connect (self, "notify::enable-expansion", G_CALLBACK (on_enabled_changed_cb), self);
  g_signal_connect (self->timing_spin, "value-changed", G_CALLBACK (on_rule_changed_cb), self);
  g_signal_connect (self->at_row, "apply", G_CALLBACK (on_rule_changed_cb), self);
  g_signal_connect (self->summary_row, "apply", G_CALLBACK (on_rule_changed_cb), self);
  g_signal_connect (self->body_row, "apply", G_CALLBACK (on_rule_changed_cb), self);
  g_signal_connect (self->reset_button, "clicked", G_CALLBACK (on_reset_clicked_cb), self);
}

GtkWidget *
meso_reminder_rule_row_new (MesoContext      *context,
                            MesoReminderKind  kind)
{
  return g_object_new (MESO_TYPE_REMINDER_RULE_ROW, "context", context, "kind", kind, NULL);
}
