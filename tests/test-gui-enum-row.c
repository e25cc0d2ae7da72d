/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-enum-row.c: the pickers fed by an enum type show the core's label
 * for each value, in the enum's order, and give back the value chosen. */
#include "meso-appointment.h"
#include "meso-enum-row.h"
#include "meso-patient.h"
#include "meso-staff.h"
#include "meso-test-gui.h"

/* The text @row shows for its item at @position. */
static char *
shown_label (AdwComboRow *row,
             guint        position)
{
  g_autoptr(GObject) item = g_list_model_get_item (adw_combo_row_get_model (row), position);
  g_auto(GValue) value = G_VALUE_INIT;

  g_assert_true (gtk_expression_evaluate (adw_combo_row_get_expression (row), item, &value));
  return g_value_dup_string (&value);
}

static void
check_row (GType              type,
           guint              n_values,
           MesoEnumLabelFunc  get_label)
{
  AdwComboRow *row = g_object_ref_sink (ADW_COMBO_ROW (adw_combo_row_new ()));

  meso_enum_row_set_enum (row, type, get_label);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (row)), ==, n_values);
  for (guint v = 0; v < n_values; v++)
    {
      g_autofree char *label = shown_label (row, v);

      g_assert_cmpstr (label, ==, get_label (v));
    }
  /* Chosen from the last value back, so that a row stuck on one value fails. */
  for (int v = n_values - 1; v >= 0; v--)
    {
      meso_enum_row_set_value (row, v);
      g_assert_cmpint (meso_enum_row_get_value (row), ==, v);
      g_assert_cmpuint (adw_combo_row_get_selected (row), ==, v);
    }
  g_assert_finalize_object (row);
}

static void
test_labels_and_values (void)
{
  check_row (MESO_TYPE_APPOINTMENT_KIND, MESO_N_KINDS,
             (MesoEnumLabelFunc) meso_appointment_kind_get_label);
  check_row (MESO_TYPE_APPOINTMENT_STATUS, MESO_N_STATUSES,
             (MesoEnumLabelFunc) meso_appointment_status_get_label);
  check_row (MESO_TYPE_ROLE, MESO_N_ROLES, (MesoEnumLabelFunc) meso_role_get_label);
  check_row (MESO_TYPE_SEX, MESO_N_SEXES, (MesoEnumLabelFunc) meso_sex_get_label);
}

int
main (int   argc,
      char *argv[])
{
  if (!meso_test_gui_init (&argc, &argv))
    return 0;
  g_test_add_func ("/meso/gui/enum-row/labels-and-values", test_labels_and_values);
  return g_test_run ();
}
