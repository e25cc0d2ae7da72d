/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-enum.c: database codes as the nicks of enum types, so that each code
 * table is written once, in its G_DEFINE_ENUM_TYPE. */
#define G_LOG_DOMAIN "meso-enum"

#include "meso-enum.h"

/* The class of a static enum type is never freed: keeping the first
 * reference spares a lock on every code read from the database. */
static GEnumClass *
enum_class (GType enum_type)
{
  gpointer klass = g_type_class_peek (enum_type);

  return klass != NULL ? klass : g_type_class_ref (enum_type);
}

/**
 * meso_enum_from_code:
 * @enum_type: an enum type whose nicks are database codes
 * @code: (nullable): a code, as read from the database or a caller
 * @out_value: (out) (optional): the value whose code is @code; untouched if
 *   unknown
 *
 * Returns: whether @code is one of @enum_type's codes; %NULL is not.
 */
gboolean
meso_enum_from_code (GType       enum_type,
                     const char *code,
                     int        *out_value)
{
  GEnumValue *value;

  g_return_val_if_fail (G_TYPE_IS_ENUM (enum_type), FALSE);

  if (code == NULL)
    return FALSE;
  value = g_enum_get_value_by_nick (enum_class (enum_type), code);
  if (value == NULL)
    return FALSE;
  if (out_value != NULL)
    *out_value = value->value;
  return TRUE;
}

/**
 * meso_enum_to_code:
 * @enum_type: an enum type whose nicks are database codes
 * @value: one of its values
 *
 * Returns: (transfer none): the database code of @value, or %NULL (with a
 *   critical) if @value is not one of @enum_type's values.
 */
const char *
meso_enum_to_code (GType enum_type,
                   int   value)
{
  GEnumValue *found;

  g_return_val_if_fail (G_TYPE_IS_ENUM (enum_type), NULL);

  found = g_enum_get_value (enum_class (enum_type), value);
  g_return_val_if_fail (found != NULL, NULL);
  return found->value_nick;
}

/**
 * meso_enum_count:
 * @enum_type: an enum type
 *
 * Returns: how many values @enum_type has (its codes, for a code table).
 */
guint
meso_enum_count (GType enum_type)
{
  g_return_val_if_fail (G_TYPE_IS_ENUM (enum_type), 0);

  return enum_class (enum_type)->n_values;
}
