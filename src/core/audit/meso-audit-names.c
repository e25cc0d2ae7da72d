/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-audit-names.c: the names a page of audit entries refers to, read
 * from the stores that own them (the audit feature reads only its own
 * tables), a kind at a time. */
#define G_LOG_DOMAIN "meso-audit-names"

#include "meso-audit-names.h"
#include "meso-catalogue.h"
#include "meso-course.h"
#include "meso-patient-store.h"
#include "meso-schedule.h"
#include "meso-staff-store.h"
#include "meso-stock.h"
#include "meso-treatment-store.h"

struct _MesoAuditNames
{
  GHashTable *names[MESO_AUDIT_N_REFS];    /* gint64 * -> name */
  GArray     *wanted[MESO_AUDIT_N_REFS];   /* of gint64, each once */
  GHashTable *seen[MESO_AUDIT_N_REFS];     /* the wanted ids, as a set */
  GTimeZone  *zone;                        /* the clinic's, for instants */
};

/* Which kind of record a key's value is the id of. */
static const struct
{
  const char   *key;
  MesoAuditRef  ref;
} ref_keys[] = {
  { "practitioner_id", MESO_AUDIT_REF_PRACTITIONER },
  { "room_id", MESO_AUDIT_REF_ROOM },
  { "product_id", MESO_AUDIT_REF_PRODUCT },
  { "second_id", MESO_AUDIT_REF_INGREDIENT },
  { "protocol_id", MESO_AUDIT_REF_PROTOCOL },
};

MesoAuditNames *
meso_audit_names_new (void)
{
  MesoAuditNames *names = g_new0 (MesoAuditNames, 1);

  for (guint i = 0; i < MESO_AUDIT_N_REFS; i++)
    {
      names->names[i] = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
      names->seen[i] = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      names->wanted[i] = g_array_new (FALSE, FALSE, sizeof (gint64));
    }
  names->zone = g_time_zone_new_utc ();
  return names;
}

void
meso_audit_names_free (MesoAuditNames *names)
{
  if (names == NULL)
    return;
  for (guint i = 0; i < MESO_AUDIT_N_REFS; i++)
    {
      g_hash_table_unref (names->names[i]);
      g_hash_table_unref (names->seen[i]);
      g_array_unref (names->wanted[i]);
    }
  g_time_zone_unref (names->zone);
  g_free (names);
}

/**
 * meso_audit_names_set_zone:
 * @zone: the clinic's time zone, which stored instants are shown in
 */
void
meso_audit_names_set_zone (MesoAuditNames *names,
                           GTimeZone      *zone)
{
  g_time_zone_unref (names->zone);
  names->zone = g_time_zone_ref (zone);
}

/* @name: (nullable): %NULL adds nothing, so a lookup says "deleted". */
void
meso_audit_names_add (MesoAuditNames *names,
                      MesoAuditRef    ref,
                      gint64          id,
                      const char     *name)
{
  g_return_if_fail (ref >= 0 && ref < MESO_AUDIT_N_REFS);
  if (name != NULL)
    g_hash_table_insert (names->names[ref], g_memdup2 (&id, sizeof id), g_strdup (name));
}

/* Notes that a page refers to @id, so that its name is read with the
 * others of its kind in one go. */
void
meso_audit_names_want (MesoAuditNames *names,
                       MesoAuditRef    ref,
                       gint64          id)
{
  g_return_if_fail (ref >= 0 && ref < MESO_AUDIT_N_REFS);
  if (g_hash_table_contains (names->seen[ref], &id))
    return;
  g_hash_table_add (names->seen[ref], g_memdup2 (&id, sizeof id));
  g_array_append_val (names->wanted[ref], id);
}

/* Returns: (transfer none) (element-type gint64): the ids wanted of @ref. */
GArray *
meso_audit_names_get_wanted (MesoAuditNames *names,
                             MesoAuditRef    ref)
{
  g_return_val_if_fail (ref >= 0 && ref < MESO_AUDIT_N_REFS, NULL);
  return names->wanted[ref];
}

/* Returns: (transfer none): the zone set by meso_audit_names_set_zone(). */
GTimeZone *
meso_audit_names_get_zone (MesoAuditNames *names)
{
  return names->zone;
}

/* Returns: (nullable): the name, or %NULL if none was added (deleted). */
const char *
meso_audit_names_lookup (MesoAuditNames *names,
                         MesoAuditRef    ref,
                         gint64          id)
{
  g_return_val_if_fail (ref >= 0 && ref < MESO_AUDIT_N_REFS, NULL);
  return g_hash_table_lookup (names->names[ref], &id);
}

/* Returns: the kind of record the value of @key is the id of, or
 * %MESO_AUDIT_REF_NONE. */
MesoAuditRef
meso_audit_ref_for_key (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (ref_keys); i++)
    if (g_strcmp0 (key, ref_keys[i].key) == 0)
      return ref_keys[i].ref;
  return MESO_AUDIT_REF_NONE;
}

/**
 * meso_audit_names_read:
 *
 * Reads the names of the wanted ids (meso_audit_names_want()) from their
 * owners' stores, each kind in one go and only when a page refers to it;
 * an id with no record keeps no name (it was deleted).
 */
gboolean
meso_audit_names_read (MesoAuditNames  *names,
                       MesoDb          *db,
                       GError         **error)
{
  GArray *wanted;

  wanted = meso_audit_names_get_wanted (names, MESO_AUDIT_REF_PATIENT);
  if (wanted->len > 0)
    {
      g_autoptr(MesoPatientStore) patients = meso_patient_store_new (db);
      g_autofree char **found = g_new0 (char *, wanted->len);
      g_autofree char **phones = g_new0 (char *, wanted->len);
      gboolean ok = meso_patient_store_get_contacts (patients, (gint64 *) wanted->data,
                                                     wanted->len, found, phones, error);

      for (guint i = 0; i < wanted->len; i++)
        {
          if (ok)
            meso_audit_names_add (names, MESO_AUDIT_REF_PATIENT,
                                  g_array_index (wanted, gint64, i), found[i]);
          g_free (found[i]);
          g_free (phones[i]);
        }
      if (!ok)
        return FALSE;
    }

  wanted = meso_audit_names_get_wanted (names, MESO_AUDIT_REF_STAFF);
  if (wanted->len > 0)
    {
      g_autoptr(MesoStaffStore) staff = meso_staff_store_new (db);
      g_autoptr(GHashTable) members = meso_staff_store_list_names (staff, error);
      GHashTableIter iter;
      gpointer key, value;

      if (members == NULL)
        return FALSE;
      g_hash_table_iter_init (&iter, members);
      while (g_hash_table_iter_next (&iter, &key, &value))
        meso_audit_names_add (names, MESO_AUDIT_REF_STAFF, *(gint64 *) key, value);
    }

  if (meso_audit_names_get_wanted (names, MESO_AUDIT_REF_PRACTITIONER)->len > 0 ||
      meso_audit_names_get_wanted (names, MESO_AUDIT_REF_ROOM)->len > 0)
    {
      g_autoptr(MesoResources) resources = meso_resources_load (db, error);
      GPtrArray *list;

      if (resources == NULL)
        return FALSE;
      list = meso_resources_get_practitioners (resources);
      for (guint i = 0; i < list->len; i++)
        {
          MesoPractitioner *practitioner = g_ptr_array_index (list, i);

          meso_audit_names_add (names, MESO_AUDIT_REF_PRACTITIONER, practitioner->id,
                                practitioner->name);
        }
      list = meso_resources_get_rooms (resources);
      for (guint i = 0; i < list->len; i++)
        {
          MesoRoom *room = g_ptr_array_index (list, i);

          meso_audit_names_add (names, MESO_AUDIT_REF_ROOM, room->id, room->name);
        }
    }

  if (meso_audit_names_get_wanted (names, MESO_AUDIT_REF_PROTOCOL)->len > 0)
    {
      g_autoptr(MesoSchedule) schedule = meso_schedule_new (db);
      g_autoptr(GPtrArray) protocols = meso_schedule_list_protocols (schedule, error);

      if (protocols == NULL)
        return FALSE;
      for (guint i = 0; i < protocols->len; i++)
        {
          MesoProtocol *protocol = g_ptr_array_index (protocols, i);

          meso_audit_names_add (names, MESO_AUDIT_REF_PROTOCOL, protocol->id, protocol->name);
        }
    }

  if (meso_audit_names_get_wanted (names, MESO_AUDIT_REF_PRODUCT)->len > 0 ||
      meso_audit_names_get_wanted (names, MESO_AUDIT_REF_INGREDIENT)->len > 0)
    {
      g_autoptr(MesoTreatmentStore) treatment = meso_treatment_store_new (db);
      g_autoptr(MesoCatalogue) catalogue = meso_treatment_store_load_catalogue (treatment, error);
      g_autoptr(GPtrArray) products = NULL;
      GPtrArray *ingredients;

      if (catalogue == NULL ||
          (products = meso_treatment_store_list_products (treatment, error)) == NULL)
        return FALSE;
      ingredients = meso_catalogue_get_ingredients (catalogue);
      for (guint i = 0; i < ingredients->len; i++)
        {
          MesoIngredient *ingredient = g_ptr_array_index (ingredients, i);

          meso_audit_names_add (names, MESO_AUDIT_REF_INGREDIENT, ingredient->id,
                                ingredient->name);
        }
      for (guint i = 0; i < products->len; i++)
        {
          MesoProduct *product = g_ptr_array_index (products, i);
          MesoIngredient *ingredient = meso_catalogue_find (catalogue, product->ingredient_id);
          g_autofree char *name = ingredient != NULL
                                  ? g_strdup_printf ("%s (%s)", product->brand, ingredient->name)
                                  : g_strdup (product->brand);

          meso_audit_names_add (names, MESO_AUDIT_REF_PRODUCT, product->id, name);
        }
    }
  return TRUE;
}

