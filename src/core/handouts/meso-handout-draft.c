/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-handout-draft.c: the values and tables a handout is filled with,
 * written the way of the patient's language: its words, dates, numbers. */
#define G_LOG_DOMAIN "meso-handout"

#include <stdio.h>

#include "meso-handout-private.h"

static const char * const zone_keys[MESO_SCALP_N_ZONES] = {
  "zone-frontal", "zone-left-temple", "zone-right-temple", "zone-mid-scalp", "zone-vertex",
  "zone-left-parietal", "zone-right-parietal", "zone-occipital",
};

static const char * const grade_keys[MESO_N_GRADES] = {
  "grade-none", "grade-mild", "grade-moderate", "grade-severe", "grade-no-follicles",
};

/* The scales' own names, the same in every language. */
static const char * const scale_names[MESO_N_HAIR_SCALES] = {
  "", "Hamilton–Norwood", "Ludwig", "Sinclair",
};

void
meso_handout_draft_set (MesoHandoutDraft *draft,
                        const char       *field,
                        char             *value)
{
  g_hash_table_insert (draft->values, (char *) field, value != NULL ? value : g_strdup ("—"));
}

/* One of the section's texts with the fields filled in so far. */
char *
meso_handout_draft_expand (MesoHandoutDraft *draft,
                           const char       *key)
{
  return meso_handout_texts_expand (meso_handout_texts_get (draft->texts, draft->section, key),
                                    draft->values);
}

const char *
meso_handout_draft_word (MesoHandoutDraft *draft,
                         const char       *key)
{
  return meso_handout_texts_get (draft->texts, "words", key);
}

char *
meso_handout_draft_date (MesoHandoutDraft *draft,
                         gint64            instant,
                         const char       *format)
{
  g_autoptr(GDateTime) local = meso_resources_to_local (draft->resources, instant);

  return meso_handout_texts_format_date (draft->texts, local, format);
}

char *
meso_handout_draft_time (MesoHandoutDraft *draft,
                         gint64            instant)
{
  g_autoptr(GDateTime) local = meso_resources_to_local (draft->resources, instant);

  return g_date_time_format (local, "%H:%M");
}

/* A stored calendar date (YYYY-MM-DD) in the language's numeric format. */
char *
meso_handout_draft_iso_date (MesoHandoutDraft *draft,
                             const char       *iso)
{
  int year, month, day;
  g_autoptr(GDateTime) when = NULL;

  if (iso == NULL || sscanf (iso, "%d-%d-%d", &year, &month, &day) != 3 ||
      !g_date_valid_dmy (day, month, year))
    return NULL;
  when = g_date_time_new_utc (year, month, day, 12, 0, 0);
  return meso_handout_texts_format_date (draft->texts, when, "numeric");
}

char *
meso_handout_draft_ml (MesoHandoutDraft *draft,
                       double            ml)
{
  g_autofree char *number = meso_handout_texts_format_number (draft->texts, ml, 2);

  return g_strdup_printf ("%s %s", number, meso_handout_draft_word (draft, "ml"));
}

const char *
meso_handout_draft_practitioner (MesoHandoutDraft *draft,
                                 gint64            id)
{
  MesoPractitioner *practitioner = meso_resources_find_practitioner (draft->resources, id);

  return practitioner != NULL ? practitioner->name : "";
}

const char *
meso_handout_draft_zone (MesoHandoutDraft *draft,
                         MesoScalpZone     zone)
{
  g_return_val_if_fail (zone >= 0 && zone < MESO_SCALP_N_ZONES, "");
  return meso_handout_draft_word (draft, zone_keys[zone]);
}

const char *
meso_handout_draft_grade (MesoHandoutDraft *draft,
                          MesoGrade         grade)
{
  g_return_val_if_fail (grade < MESO_N_GRADES, "");
  return meso_handout_draft_word (draft, grade_keys[grade]);
}

/**
 * meso_handout_draft_stage:
 *
 * Returns: (transfer full) (nullable): the map's hair-loss stage, such as
 * "Hamilton–Norwood III verteks", or %NULL when none was given.
 */
char *
meso_handout_draft_stage (MesoHandoutDraft *draft,
                          MesoScalpMap     *map)
{
  const char *stage = NULL;
  MesoHairScale scale = meso_scalp_map_get_scale (map, &stage);

  if (scale == MESO_HAIR_SCALE_NONE || stage == NULL)
    return NULL;
  /* The stored stage is data; its one word is in the patient's language. */
  if (scale == MESO_HAIR_SCALE_NORWOOD && g_str_equal (stage, MESO_NORWOOD_III_VERTEX))
    stage = meso_handout_draft_word (draft, "stage-iii-vertex");
  return g_strdup_printf ("%s %s", scale_names[scale], stage);
}

GPtrArray *
meso_handout_draft_table (MesoHandoutDraft *draft,
                          const char       *name)
{
  GPtrArray *rows = g_hash_table_lookup (draft->tables, name);

  if (rows == NULL)
    {
      rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
      g_hash_table_insert (draft->tables, (char *) name, rows);
    }
  return rows;
}

/* The blocks placed where the body names @name, such as a record's
 * {photos}: made before the body is read, as a table's rows are. */
GPtrArray *
meso_handout_draft_blocks (MesoHandoutDraft *draft,
                           const char       *name)
{
  GPtrArray *blocks = g_hash_table_lookup (draft->blocks, name);

  if (blocks == NULL)
    {
      blocks = g_ptr_array_new_with_free_func (meso_handout_block_free);
      g_hash_table_insert (draft->blocks, (char *) name, blocks);
    }
  return blocks;
}

void
meso_handout_draft_add_row (GPtrArray  *rows,
                            const char *first,
                            ...)
{
  g_autoptr(GStrvBuilder) cells = g_strv_builder_new ();
  va_list args;

  va_start (args, first);
  for (const char *cell = first; cell != NULL; cell = va_arg (args, const char *))
    g_strv_builder_add (cells, cell);
  va_end (args);
  g_ptr_array_add (rows, g_strv_builder_end (cells));
}
