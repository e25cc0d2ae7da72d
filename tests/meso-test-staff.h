/* meso-test-staff.h: signing tests in as a member of staff of each role. */
#pragma once

#include "meso-secret.h"
#include "meso-staff-store.h"

#define MESO_TEST_PIN "2468"

/* One hash for the whole test program: each takes 150 ms on purpose. */
static inline const char *
meso_test_pin_hash (void)
{
  static char *hash;

  if (hash == NULL)
    {
      g_autoptr(GError) error = NULL;

      hash = meso_secret_hash (MESO_TEST_PIN, &error);
      g_assert_no_error (error);
    }
  return hash;
}

/* Adds an account of @role (and an administrator first when the database
 * has none, as the first account must be one) and signs it in on @db.
 * Returns: (transfer full): the account. */
static inline MesoStaff *
meso_test_sign_in (MesoDb     *db,
                   MesoRole    role,
                   const char *name)
{
  g_autoptr(MesoStaffStore) store = meso_staff_store_new (db);
  g_autoptr(GError) error = NULL;
  MesoStaff *staff;

  if (meso_staff_store_count (store, NULL) == 0)
    {
      g_autoptr(MesoStaff) admin = meso_staff_store_add (store, "Test Administrator",
                                                         MESO_ROLE_ADMINISTRATOR,
                                                         meso_test_pin_hash (), &error);
      g_assert_no_error (error);
      meso_db_set_actor (db, admin);
      if (role == MESO_ROLE_ADMINISTRATOR)
        return g_steal_pointer (&admin);
    }
  meso_db_set_actor (db, NULL);
  if (meso_staff_store_count (store, NULL) > 0)
    {
      /* Only an administrator may add the account. */
      g_autoptr(MesoStaff) admin = meso_staff_store_load (store, 1, &error);
      g_assert_no_error (error);
      meso_db_set_actor (db, admin);
    }
  staff = meso_staff_store_add (store, name, role, meso_test_pin_hash (), &error);
  g_assert_no_error (error);
  meso_db_set_actor (db, staff);
  return staff;
}
