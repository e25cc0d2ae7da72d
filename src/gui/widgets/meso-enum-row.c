/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-enum-row.c: pickers fed by an enum type (AdwEnumListModel) and named by
 * the core's label function, so that no widget keeps its own list of values. */
#define G_LOG_DOMAIN "meso-enum-row"

#include "meso-enum-row.h"

static char *
label_cb (AdwEnumListItem   *item,
          int                value,
          MesoEnumLabelFunc  get_label)
{
  return g_strdup (get_label (value));
}

/**
 * meso_enum_row_set_enum:
 * @row: a combo row
 * @enum_type: the enum type whose values @row offers, in their order
 * @get_label: names a value, translated
 *
 * The rows' positions are the values' positions in @enum_type; use
 * meso_enum_row_get_value() and meso_enum_row_set_value() all the same.
 */
void
meso_enum_row_set_enum (AdwComboRow       *row,
                        GType              enum_type,
                        MesoEnumLabelFunc  get_label)
{
  g_autoptr(AdwEnumListModel) model = adw_enum_list_model_new (enum_type);
  GtkExpression *value = gtk_property_expression_new (ADW_TYPE_ENUM_LIST_ITEM, NULL, "value");

  adw_combo_row_set_expression (row, gtk_cclosure_expression_new (G_TYPE_STRING, NULL,
                                                                  1, &value,
                                                                  G_CALLBACK (label_cb),
                                                                  get_label, NULL));
  adw_combo_row_set_model (row, G_LIST_MODEL (model));
}

/* Returns: the value chosen in @row; rows are never left with none chosen. */
int
meso_enum_row_get_value (AdwComboRow *row)
{
  AdwEnumListItem *item = adw_combo_row_get_selected_item (row);

  return item != NULL ? adw_enum_list_item_get_value (item) : 0;
}

/* Chooses @value, which must be one of the row's enum's values. */
void
meso_enum_row_set_value (AdwComboRow *row,
                         int          value)
{
  AdwEnumListModel *model = ADW_ENUM_LIST_MODEL (adw_combo_row_get_model (row));

  adw_combo_row_set_selected (row, adw_enum_list_model_find_position (model, value));
}
