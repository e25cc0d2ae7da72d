/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-scalp-window.c: where the physician works on a session's scalp
 * map. The map opens as the session's own, or as a copy of the previous
 * session's; nothing is stored until Save. The side panel follows the
 * selected zone, and shows totals, readings, the stage with the core's
 * suggestion, the SALT score, and the course's progress. A save refused
 * because another workstation saved first says who, when and what they
 * changed, and offers to reload their map with the user's marks on top. */
#define G_LOG_DOMAIN "meso-scalp-window"

#include <glib/gi18n.h>

#include "meso-date-format.h"
#include "meso-file-chooser.h"
#include "meso-health-banner.h"
#include "meso-photo-count.h"
#include "meso-progress-chart.h"
#include "meso-scalp-export.h"
#include "meso-scalp-map-view.h"
#include "meso-scalp-renderer.h"
#include "meso-scalp-store.h"
#include "meso-scalp-window.h"
#include "meso-wrap-box.h"

struct _MesoScalpWindow
{
  AdwWindow             parent_instance;

  MesoContext          *context;
  MesoScalpStore       *store;
  MesoAppointment      *session;
  MesoScalpMap         *map;
  MesoScalpMap         *base;          /* the map as read or last saved: what the user changed is
                                        * the difference from it */
  MesoScalpMapView     *map_view;
  GArray               *history;       /* of MesoScalpSummary, earlier sessions */
  guint                 view;
  guint                 tool;
  gboolean              updating;
  MesoHairScale         references_shown;   /* the scale the reference drawings are for */
  GtkFileChooserNative *chooser;
  char                 *export_format;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkWidget            *conflict_box;
  GtkLabel             *conflict_label;
  GtkBox               *map_box;
  AdwPreferencesGroup  *zone_group;
  AdwComboRow          *grade_row;
  GtkLabel             *follicles_label;
  GtkSpinButton        *depth_spin;
  GtkSpinButton        *volume_spin;
  GtkSpinButton        *spacing_spin;
  AdwActionRow         *totals_row;
  GtkButton            *grid_button;
  AdwEntryRow          *spot_row;
  GtkSpinButton        *density_spin;
  GtkSpinButton        *diameter_spin;
  AdwActionRow         *readings_row;
  GtkButton            *reading_button;
  AdwComboRow          *pull_row;
  AdwComboRow          *scale_row;
  AdwEntryRow          *stage_row;
  GtkFlowBox           *reference_box;
  AdwActionRow         *suggestion_row;
  GtkButton            *suggestion_button;
  AdwActionRow         *salt_row;
  MesoProgressChart    *chart;
  AdwComboRow          *compare_row;
  GtkDrawingArea       *compare_drawing;
  GtkLabel             *compare_label;
  MesoScalpMap         *compare_map;   /* the earlier session compared with, or NULL */
};

G_DEFINE_FINAL_TYPE (MesoScalpWindow, meso_scalp_window, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_VIEW,
  PROP_TOOL,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
toast (MesoScalpWindow *self,
       const char      *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* A reference drawing: the top view with a stage's typical grades. */
static void
draw_reference (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        data)
{
  MesoScalpStyle style;

  meso_scalp_map_view_init_style (GTK_WIDGET (area), &style);
  meso_scalp_render (cr, MESO_SCALP_MAP (data), MESO_SCALP_VIEW_TOP, width, height, &style);
}

static void
on_reference_clicked_cb (GtkButton       *button,
                         MesoScalpWindow *self)
{
  meso_scalp_map_set_scale (self->map, self->references_shown,
                            g_object_get_data (G_OBJECT (button), "stage"));
}

/* Small drawings of each stage of the chosen scale, to compare and pick. */
static void
show_references (MesoScalpWindow *self,
                 MesoHairScale    scale)
{
  const char * const *stages;
  GtkWidget *child;

  if (scale == MESO_HAIR_SCALE_NONE)
    scale = MESO_HAIR_SCALE_NORWOOD;
  if (scale == self->references_shown)
    return;
  self->references_shown = scale;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->reference_box))) != NULL)
    gtk_flow_box_remove (self->reference_box, child);
  stages = meso_hair_scale_get_stages (scale);
  for (guint i = 0; stages[i] != NULL; i++)
    {
      g_autoptr(MesoScalpMap) reference = meso_scalp_map_new ();
      MesoGrade grades[MESO_SCALP_N_ZONES];
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *drawing = gtk_drawing_area_new ();
      GtkWidget *button = gtk_button_new ();
      const char *label = meso_hair_scale_get_stage_label (scale, stages[i]);
      g_autofree char *name = g_strdup_printf (_("Stage %s"), label);

      meso_hair_scale_reference_grades (scale, stages[i], grades);
      for (MesoScalpZone zone = 0; zone < MESO_SCALP_N_ZONES; zone++)
        meso_scalp_map_set_grade (reference, zone, grades[zone]);
      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (drawing), 54);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (drawing), 66);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (drawing), draw_reference,
                                      g_object_ref (reference), g_object_unref);
      gtk_box_append (GTK_BOX (box), drawing);
      gtk_box_append (GTK_BOX (box), gtk_label_new (label));
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      name, -1);
      g_object_set_data (G_OBJECT (button), "stage", (gpointer) stages[i]);
      g_signal_connect (button, "clicked", G_CALLBACK (on_reference_clicked_cb), self);
      gtk_flow_box_append (self->reference_box, button);
      /* The button is the stop; its flow box child would be a second,
       * nameless one. */
      gtk_widget_set_focusable (gtk_widget_get_parent (button), FALSE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (button)),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }
}

static void
update_panel (MesoScalpWindow *self)
{
  MesoScalpZone zone = meso_scalp_map_view_get_selected (self->map_view);
  GArray *points = meso_scalp_map_get_points (self->map);
  GPtrArray *readings = meso_scalp_map_get_measurements (self->map);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *suggestion = NULL;
  g_autofree char *salt = NULL;
  const char *stage;
  MesoHairScale scale = meso_scalp_map_get_scale (self->map, &stage);
  guint deep = 0;

  self->updating = TRUE;
  adw_preferences_group_set_title (self->zone_group, zone != MESO_SCALP_ZONE_NONE
                                                     ? meso_scalp_zone_get_name (zone)
                                                     : _("Zone"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->grade_row), zone != MESO_SCALP_ZONE_NONE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->grid_button), zone != MESO_SCALP_ZONE_NONE);
  adw_combo_row_set_selected (self->grade_row, zone != MESO_SCALP_ZONE_NONE
                                               ? meso_scalp_map_get_grade (self->map, zone) : 0);
  gtk_widget_set_visible (GTK_WIDGET (self->follicles_label),
                          zone != MESO_SCALP_ZONE_NONE &&
                          meso_scalp_map_get_grade (self->map, zone) == MESO_GRADE_NO_FOLLICLES);

  for (guint i = 0; i < points->len; i++)
    deep += g_array_index (points, MesoInjectionPoint, i).depth_mm > MESO_INJECTION_MAX_DEPTH_MM;
  g_string_printf (text, ngettext ("%u point · %.2f ml to prepare", "%u points · %.2f ml to prepare",
                                   points->len),
                   points->len, meso_scalp_map_total_volume (self->map));
  if (deep > 0)
    g_string_append_printf (text, ngettext (" · %u deeper than 2 mm", " · %u deeper than 2 mm",
                                            deep), deep);
  adw_action_row_set_subtitle (self->totals_row, text->str);

  g_string_truncate (text, 0);
  for (guint i = 0; i < readings->len; i++)
    {
      MesoTrichoscopy *reading = g_ptr_array_index (readings, i);

      g_string_append_printf (text, "%s%s: %.0f/cm², %.0f µm", i > 0 ? "\n" : "", reading->spot,
                              reading->density, reading->diameter_um);
    }
  adw_action_row_set_subtitle (self->readings_row, text->len > 0 ? text->str : _("None yet"));
  adw_combo_row_set_selected (self->pull_row, meso_scalp_map_get_pull_test (self->map));
  adw_combo_row_set_selected (self->scale_row, scale);
  show_references (self, scale);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->stage_row)), stage) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->stage_row), stage);
  suggestion = meso_scalp_map_suggest_stage (self->map, scale != MESO_HAIR_SCALE_NONE
                                                        ? scale : MESO_HAIR_SCALE_NORWOOD);
  adw_action_row_set_subtitle (self->suggestion_row,
                               meso_hair_scale_get_stage_label (scale != MESO_HAIR_SCALE_NONE
                                                                ? scale : MESO_HAIR_SCALE_NORWOOD,
                                                                suggestion));
  {
    GPtrArray *regions = meso_scalp_map_get_regions (self->map);
    double area = 0;

    for (guint i = 0; i < regions->len; i++)
      area += meso_scalp_region_area_cm2 (g_ptr_array_index (regions, i));
    salt = g_strdup_printf (ngettext ("%.1f · %u painted area, %.1f cm²",
                                      "%.1f · %u painted areas, %.1f cm²", regions->len),
                            meso_scalp_map_salt_score (self->map), regions->len, area);
  }
  adw_action_row_set_subtitle (self->salt_row, salt);
  self->updating = FALSE;
}

static void
on_grade_selected_cb (MesoScalpWindow *self)
{
  MesoScalpZone zone = meso_scalp_map_view_get_selected (self->map_view);

  if (!self->updating && zone != MESO_SCALP_ZONE_NONE)
    meso_scalp_map_set_grade (self->map, zone, adw_combo_row_get_selected (self->grade_row));
}

static void
on_pull_selected_cb (MesoScalpWindow *self)
{
  if (!self->updating)
    meso_scalp_map_set_pull_test (self->map, adw_combo_row_get_selected (self->pull_row));
}

static void
on_scale_selected_cb (MesoScalpWindow *self)
{
  if (!self->updating)
    meso_scalp_map_set_scale (self->map, adw_combo_row_get_selected (self->scale_row),
                              gtk_editable_get_text (GTK_EDITABLE (self->stage_row)));
}

static void
on_stage_apply_cb (MesoScalpWindow *self)
{
  meso_scalp_map_set_scale (self->map, adw_combo_row_get_selected (self->scale_row),
                            gtk_editable_get_text (GTK_EDITABLE (self->stage_row)));
}

static void
on_suggestion_clicked_cb (MesoScalpWindow *self)
{
  MesoHairScale scale = adw_combo_row_get_selected (self->scale_row);
  g_autofree char *stage = NULL;

  if (scale == MESO_HAIR_SCALE_NONE)
    scale = MESO_HAIR_SCALE_NORWOOD;
  stage = meso_scalp_map_suggest_stage (self->map, scale);
  meso_scalp_map_set_scale (self->map, scale, stage);
}

static void
on_injection_changed_cb (MesoScalpWindow *self)
{
  meso_scalp_map_view_set_injection (self->map_view, gtk_spin_button_get_value (self->depth_spin),
                                     gtk_spin_button_get_value (self->volume_spin));
}

static void
on_grid_clicked_cb (MesoScalpWindow *self)
{
  MesoScalpZone zone = meso_scalp_map_view_get_selected (self->map_view);
  guint view = meso_scalp_map_view_get_view (self->map_view);
  guint added;

  if (zone == MESO_SCALP_ZONE_NONE)
    return;
  /* In the overview the grid goes on the top view, where every zone is. */
  added = meso_scalp_map_add_grid (self->map, view < MESO_SCALP_N_VIEWS ? view
                                                                          : MESO_SCALP_VIEW_TOP,
                                   1u << zone, gtk_spin_button_get_value (self->spacing_spin),
                                   gtk_spin_button_get_value (self->depth_spin),
                                   gtk_spin_button_get_value (self->volume_spin));
  if (added == 0)
    toast (self, _("This zone cannot be seen in this view, or is full at this spacing."));
}

static void
on_reading_clicked_cb (MesoScalpWindow *self)
{
  g_autofree char *spot = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->spot_row))));

  if (*spot == '\0')
    {
      toast (self, _("Name the spot the reading was taken at."));
      return;
    }
  meso_scalp_map_set_measurement (self->map, spot, gtk_spin_button_get_value (self->density_spin),
                                  gtk_spin_button_get_value (self->diameter_spin));
}

static void
on_compare_selected_cb (MesoScalpWindow *self)
{
  guint index = adw_combo_row_get_selected (self->compare_row);
  g_autoptr(MesoScalpMap) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  g_clear_object (&self->compare_map);
  gtk_widget_set_visible (GTK_WIDGET (self->compare_drawing), FALSE);
  if (index == 0 || index > self->history->len)
    {
      gtk_label_set_label (self->compare_label, "");
      return;
    }
  if (!meso_scalp_store_load (self->store,
                              g_array_index (self->history, MesoScalpSummary, index - 1)
                                .appointment_id, &other, &error) || other == NULL)
    {
      gtk_label_set_label (self->compare_label, error != NULL ? error->message : "");
      return;
    }
  for (MesoScalpZone zone = 0; zone < MESO_SCALP_N_ZONES; zone++)
    {
      MesoGrade then = meso_scalp_map_get_grade (other, zone);
      MesoGrade now = meso_scalp_map_get_grade (self->map, zone);

      if (then == now)
        continue;
      g_string_append_printf (text, "%s%s: %s (%s → %s)", text->len > 0 ? "\n" : "",
                              meso_scalp_zone_get_name (zone),
                              now < then ? _("better") : _("worse"), meso_grade_get_label (then),
                              meso_grade_get_label (now));
    }
  g_string_append_printf (text, _("%sSALT %.1f → %.1f; points %u → %u"),
                          text->len > 0 ? "\n" : "", meso_scalp_map_salt_score (other),
                          meso_scalp_map_salt_score (self->map),
                          meso_scalp_map_count_points (other),
                          meso_scalp_map_count_points (self->map));
  gtk_label_set_label (self->compare_label, text->str);
  /* Side by side: the earlier map here, in the view the main map shows. */
  self->compare_map = g_steal_pointer (&other);
  gtk_widget_set_visible (GTK_WIDGET (self->compare_drawing), TRUE);
  gtk_widget_queue_draw (GTK_WIDGET (self->compare_drawing));
}

static void
draw_compare (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        data)
{
  MesoScalpWindow *self = data;
  MesoScalpStyle style;

  if (self->compare_map == NULL)
    return;
  meso_scalp_map_view_init_style (GTK_WIDGET (area), &style);
  meso_scalp_render (cr, self->compare_map, meso_scalp_map_view_get_view (self->map_view), width,
                     height, &style);
}

/* Actions ---------------------------------------------------------------- */

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  meso_scalp_map_undo (MESO_SCALP_WINDOW (widget)->map);
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  meso_scalp_map_redo (MESO_SCALP_WINDOW (widget)->map);
}

static void
update_actions (MesoScalpWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scalp-window.reload",
                                 gtk_widget_get_visible (self->conflict_box));
}

/* The map as stored now, or an empty one when none is (revision 0). */
static MesoScalpMap *
load_stored (MesoScalpWindow  *self,
             GError          **error)
{
  g_autoptr(MesoScalpMap) stored = NULL;

  if (!meso_scalp_store_load (self->store, self->session->id, &stored, error))
    return NULL;
  return stored != NULL ? g_steal_pointer (&stored) : meso_scalp_map_new ();
}

/* Another workstation saved first: who and when, and what they changed,
 * stay under Save until the map is reloaded; the user's marks stay. */
static void
show_conflict (MesoScalpWindow *self,
               const char      *message)
{
  g_autoptr(MesoScalpMap) theirs = load_stored (self, NULL);
  g_autofree char *changes = theirs != NULL ? meso_scalp_map_describe_changes (self->base, theirs)
                                            : NULL;
  g_autofree char *text = NULL;

  /* Translators: the refusal, then what the other workstation changed */
  text = changes != NULL ? g_strdup_printf (_("%s\nWhat they changed: %s."), message, changes)
                         : g_strdup (message);
  gtk_label_set_label (self->conflict_label, text);
  gtk_widget_set_visible (self->conflict_box, TRUE);
  update_actions (self);
  toast (self, _("Not saved: someone else changed this scalp map first"));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MesoScalpWindow *self = MESO_SCALP_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (meso_scalp_store_save (self->store, self->session->id, self->map, &error))
    {
      g_clear_object (&self->base);
      self->base = meso_scalp_map_copy (self->map);
      gtk_widget_set_visible (self->conflict_box, FALSE);
      update_actions (self);
      toast (self, _("The scalp map is saved."));
    }
  else if (g_error_matches (error, MESO_DB_ERROR, MESO_DB_ERROR_STALE))
    show_conflict (self, error->message);
  else
    toast (self, error->message);
}

/* The map saved since, with what the user changed since reading on top,
 * as one step that undo takes back; saving it then names its revision. */
static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MesoScalpWindow *self = MESO_SCALP_WINDOW (widget);
  g_autoptr(MesoScalpMap) theirs = NULL;
  g_autoptr(MesoScalpMap) merged = NULL;
  g_autoptr(GError) error = NULL;

  theirs = load_stored (self, &error);
  if (theirs == NULL)
    {
      toast (self, error->message);
      return;
    }
  merged = meso_scalp_map_merge (self->base, self->map, theirs);
  meso_scalp_map_replace (self->map, merged);
  meso_scalp_map_set_revision (self->map, meso_scalp_map_get_revision (theirs));
  g_set_object (&self->base, theirs);
  gtk_widget_set_visible (self->conflict_box, FALSE);
  update_actions (self);
  toast (self, _("Reloaded, with your changes on top: save to keep them."));
}

static void
on_export_response_cb (GtkNativeDialog *chooser,
                       int              response,
                       MesoScalpWindow *self)
{
  g_autofree char *path = meso_file_chooser_get_path (chooser, response);
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return;
  if (meso_scalp_export (self->map, path, g_str_equal (self->export_format, "svg"), &error))
    toast (self, _("The map was exported."));
  else
    toast (self, error->message);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MesoScalpWindow *self = MESO_SCALP_WINDOW (widget);
  g_autofree char *name = NULL;

  g_free (self->export_format);
  self->export_format = g_variant_dup_string (parameter, NULL);
  name = g_strdup_printf ("scalp-map.%s", self->export_format);
  g_clear_object (&self->chooser);
  self->chooser = meso_file_chooser_new_export (GTK_WINDOW (self), _("Export the Scalp Map"), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* GObject ---------------------------------------------------------------- */

static void
meso_scalp_window_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MesoScalpWindow *self = MESO_SCALP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_uint (value, self->view);
      break;
    case PROP_TOOL:
      g_value_set_uint (value, self->tool);
      break;
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_scalp_window_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MesoScalpWindow *self = MESO_SCALP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      self->view = g_value_get_uint (value);
      if (self->map_view != NULL)
        meso_scalp_map_view_set_view (self->map_view, self->view);
      if (self->compare_drawing != NULL)
        gtk_widget_queue_draw (GTK_WIDGET (self->compare_drawing));
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_TOOL:
      self->tool = g_value_get_uint (value);
      if (self->map_view != NULL)
        meso_scalp_map_view_set_tool (self->map_view, self->tool);
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_scalp_window_constructed (GObject *object)
{
  MesoScalpWindow *self = MESO_SCALP_WINDOW (object);

  G_OBJECT_CLASS (meso_scalp_window_parent_class)->constructed (object);
  meso_health_banner_follow (GTK_WIDGET (self), MESO_TYPE_SCALP_WINDOW, self->context);

  g_return_if_fail (MESO_IS_CONTEXT (self->context));
  self->store = g_object_ref (meso_context_get_scalp_store (self->context));
}

static void
meso_scalp_window_dispose (GObject *object)
{
  MesoScalpWindow *self = MESO_SCALP_WINDOW (object);

  if (self->map != NULL)
    g_signal_handlers_disconnect_by_data (self->map, self);
  /* It reads the session, which goes now, not when the window is freed. */
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (meso_context_get_photo_store (self->context), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), MESO_TYPE_SCALP_WINDOW);
  g_clear_object (&self->chooser);
  g_clear_object (&self->map);
  g_clear_object (&self->base);
  g_clear_object (&self->compare_map);
  g_clear_object (&self->session);
  g_clear_object (&self->store);
  g_clear_object (&self->context);
  g_clear_pointer (&self->history, g_array_unref);
  g_clear_pointer (&self->export_format, g_free);

  G_OBJECT_CLASS (meso_scalp_window_parent_class)->dispose (object);
}

static void
meso_scalp_window_class_init (MesoScalpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = meso_scalp_window_get_property;
  object_class->set_property = meso_scalp_window_set_property;
  object_class->constructed = meso_scalp_window_constructed;
  object_class->dispose = meso_scalp_window_dispose;
  g_type_ensure (MESO_TYPE_WRAP_BOX);
  g_type_ensure (MESO_TYPE_PROGRESS_CHART);

  properties[PROP_VIEW] = g_param_spec_uint ("view", NULL, NULL, 0, MESO_SCALP_OVERVIEW, 0,
                                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                             G_PARAM_STATIC_STRINGS);
  properties[PROP_TOOL] = g_param_spec_uint ("tool", NULL, NULL, 0, MESO_SCALP_TOOL_PAINT, 0,
                                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                             G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MESO_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mesodesk/Mesodesk/meso-scalp-window.ui");
  meso_health_banner_class_bind (widget_class);
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, MesoScalpWindow, name)
  CHILD (toast_overlay);
  CHILD (window_title);
  CHILD (conflict_box);
  CHILD (conflict_label);
  CHILD (map_box);
  CHILD (zone_group);
  CHILD (grade_row);
  CHILD (follicles_label);
  CHILD (depth_spin);
  CHILD (volume_spin);
  CHILD (spacing_spin);
  CHILD (totals_row);
  CHILD (grid_button);
  CHILD (spot_row);
  CHILD (density_spin);
  CHILD (diameter_spin);
  CHILD (readings_row);
  CHILD (reading_button);
  CHILD (pull_row);
  CHILD (scale_row);
  CHILD (stage_row);
  CHILD (reference_box);
  CHILD (suggestion_row);
  CHILD (suggestion_button);
  CHILD (salt_row);
  CHILD (chart);
  CHILD (compare_row);
  CHILD (compare_drawing);
  CHILD (compare_label);
#undef CHILD

  gtk_widget_class_install_property_action (widget_class, "scalp-window.view", "view");
  gtk_widget_class_install_property_action (widget_class, "scalp-window.tool", "tool");
  gtk_widget_class_install_action (widget_class, "scalp-window.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "scalp-window.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "scalp-window.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "scalp-window.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "scalp-window.export", "s", export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK,
                                       "scalp-window.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "scalp-window.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "scalp-window.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static GListModel *
labels (const char *(*label) (guint),
        guint        n)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, label (i));
  return G_LIST_MODEL (list);
}

static const char *
scale_label (guint scale)
{
  static const char * const names[MESO_N_HAIR_SCALES] = {
    N_("Not staged"), N_("Hamilton-Norwood (I-VII)"), N_("Ludwig (I-III)"), N_("Sinclair (1-5)"),
  };

  return _(names[scale]);
}

static const char *
pull_label (guint result)
{
  static const char * const names[] = { N_("Not done"), N_("Negative"), N_("Positive") };

  return _(names[result]);
}

static void
meso_scalp_window_init (MesoScalpWindow *self)
{
  g_autoptr(GListModel) grades = NULL;
  g_autoptr(GListModel) scales = NULL;
  g_autoptr(GListModel) pulls = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->references_shown = MESO_HAIR_SCALE_NONE;
  self->history = g_array_new (FALSE, FALSE, sizeof (MesoScalpSummary));
  grades = labels ((const char *(*) (guint)) meso_grade_get_label, MESO_N_GRADES);
  scales = labels (scale_label, MESO_N_HAIR_SCALES);
  pulls = labels (pull_label, 3);
  adw_combo_row_set_model (self->grade_row, grades);
  adw_combo_row_set_model (self->scale_row, scales);
  adw_combo_row_set_model (self->pull_row, pulls);
  gtk_drawing_area_set_draw_func (self->compare_drawing, draw_compare, self, NULL);

  self->map_view = MESO_SCALP_MAP_VIEW (meso_scalp_map_view_new ());
  gtk_box_append (self->map_box, GTK_WIDGET (self->map_view));
  g_signal_connect_swapped (self->map_view, "selection-changed", G_CALLBACK (update_panel), self);
  g_signal_connect_swapped (self->grade_row, "notify::selected",
                            G_CALLBACK (on_grade_selected_cb), self);
  g_signal_connect_swapped (self->pull_row, "notify::selected", G_CALLBACK (on_pull_selected_cb),
                            self);
  g_signal_connect_swapped (self->scale_row, "notify::selected",
                            G_CALLBACK (on_scale_selected_cb), self);
  adw_entry_row_set_show_apply_button (self->stage_row, TRUE);
  g_signal_connect_swapped (self->stage_row, "apply", G_CALLBACK (on_stage_apply_cb), self);
  g_signal_connect_swapped (self->suggestion_button, "clicked",
                            G_CALLBACK (on_suggestion_clicked_cb), self);
  g_signal_connect_swapped (self->depth_spin, "value-changed",
                            G_CALLBACK (on_injection_changed_cb), self);
  g_signal_connect_swapped (self->volume_spin, "value-changed",
                            G_CALLBACK (on_injection_changed_cb), self);
  g_signal_connect_swapped (self->grid_button, "clicked", G_CALLBACK (on_grid_clicked_cb), self);
  g_signal_connect_swapped (self->reading_button, "clicked", G_CALLBACK (on_reading_clicked_cb),
                            self);
  g_signal_connect_swapped (self->compare_row, "notify::selected",
                            G_CALLBACK (on_compare_selected_cb), self);
}

/* For each session of the chart, the earlier ones then this one, the mean
 * hairs per cm² counted on its trichoscopy photos, or -1; read again when
 * a count is saved, here or at another workstation. */
static void
on_photos_changed_cb (MesoScalpWindow *self,
                      gint64           patient_id)
{
  MesoPhotoStore *photos = meso_context_get_photo_store (self->context);
  gint64 patient = self->session->patient_id;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GArray) counted = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *history = self->history;

  if (patient_id != 0 && patient_id != patient)
    return;
  counts = meso_photo_store_list_counts (photos, patient, NULL);
  for (guint i = 0; i <= history->len; i++)
    {
      gint64 id = i < history->len ? g_array_index (history, MesoScalpSummary, i).appointment_id
                                   : self->session->id;
      double sum = 0, mean;
      guint n = 0;

      for (guint j = 0; counts != NULL && j < counts->len; j++)
        if (g_array_index (counts, MesoHairCount, j).appointment_id == id)
          {
            sum += meso_hair_count_get_density (&g_array_index (counts, MesoHairCount, j));
            n++;
          }
      mean = n > 0 ? sum / n : -1;
      g_array_append_val (counted, mean);
    }
  meso_progress_chart_set_counted (self->chart, counted);
}

/**
 * meso_scalp_window_load:
 * @self: a scalp window built with its context
 * @session: the appointment the map belongs to
 * @error: where to report why not
 *
 * Shows @session's map, with the patient's earlier sessions to compare:
 * the step a scalp window declared in a .ui file needs once built.
 *
 * Returns: %FALSE with @error when the map cannot be read (for one,
 * without the clinical permission)
 */
gboolean
meso_scalp_window_load (MesoScalpWindow  *self,
                        MesoAppointment  *session,
                        GError          **error)
{
  gboolean copied = FALSE;
  g_autoptr(MesoScalpMap) map = NULL;
  g_autoptr(GArray) history = NULL;
  MesoResources *resources = NULL;
  g_autoptr(GtkStringList) compare = gtk_string_list_new (NULL);
  g_autofree char *when = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (MESO_IS_SCALP_WINDOW (self), FALSE);
  g_return_val_if_fail (session != NULL, FALSE);
  g_return_val_if_fail (self->map == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  map = meso_scalp_store_open_session (self->store, session->id, &copied, error);
  history = map != NULL ? meso_scalp_store_history (self->store, session->patient_id, error)
                        : NULL;
  if (history == NULL)
    return FALSE;
  resources = meso_schedule_get_resources (meso_context_get_schedule (self->context), NULL);
  self->session = meso_appointment_copy (session);
  self->map = g_steal_pointer (&map);
  self->base = meso_scalp_map_copy (self->map);
  /* The chart shows earlier sessions, then this one as it is now. */
  gtk_string_list_append (compare, _("Nothing"));
  for (guint i = 0; i < history->len; i++)
    {
      MesoScalpSummary *summary = &g_array_index (history, MesoScalpSummary, i);
      g_autofree char *date = NULL;

      if (summary->appointment_id == session->id)
        continue;
      g_array_append_val (self->history, *summary);
      date = meso_resources_format (resources, summary->starts_at, _("Session of %-d %b %Y"));
      gtk_string_list_append (compare, date);
    }
  adw_combo_row_set_model (self->compare_row, G_LIST_MODEL (compare));
  meso_progress_chart_set_sessions (self->chart, self->history, self->map);
  on_photos_changed_cb (self, session->patient_id);
  g_signal_connect_object (meso_context_get_photo_store (self->context), "changed",
                           G_CALLBACK (on_photos_changed_cb), self, G_CONNECT_SWAPPED);

  when = meso_resources_format (resources, session->starts_at, meso_date_format_date ());
  title = g_strdup_printf (_("Scalp Map: %s"), session->patient_name);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, when);
  meso_scalp_map_view_set_map (self->map_view, self->map);
  g_signal_connect_swapped (self->map, "changed", G_CALLBACK (update_panel), self);
  on_injection_changed_cb (self);
  update_panel (self);
  update_actions (self);
  if (copied)
    toast (self, _("Started from the previous session’s map, without its readings."));
  gtk_widget_grab_focus (GTK_WIDGET (self->map_view));
  return TRUE;
}

/**
 * meso_scalp_window_new:
 * @session: the appointment the map belongs to
 *
 * Returns: (transfer floating) (nullable): the window, or %NULL with
 * @error when the map cannot be read (for one, without the clinical
 * permission).
 */
MesoScalpWindow *
meso_scalp_window_new (GtkWindow        *parent,
                       MesoContext      *context,
                       MesoAppointment  *session,
                       GError          **error)
{
  MesoScalpWindow *self = g_object_new (MESO_TYPE_SCALP_WINDOW,
                                        "transient-for", parent,
                                        "context", context,
                                        NULL);

  if (!meso_scalp_window_load (self, session, error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  return self;
}
