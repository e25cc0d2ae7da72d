/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-test-staff.h: signing tests in as a member of staff of each role. */
#pragma once

#include "meso-secret.h"
#include "meso-staff-store.h"

#define MESO_TEST_PIN "472913"

/* A PIN from before the rules asked for six characters, and its hash as an
 * older Mesodesk stored it. */
#define MESO_TEST_OLD_PIN "2468"
#define MESO_TEST_OLD_PIN_HASH \
  "$argon2id$v=19$m=65536,t=2,p=1$qCYsM/wf7ednlEPUMfSKWg$VspSQSAk+Jc+9j8s1YHeZ3uT4Bl08//lWQS+FMLeaiY"

/* One hash for the whole test program: each takes tens of milliseconds on
 * purpose. */
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

/* Adds an account of @role named @name and signs it in on @db. The first
 * account of a database must be an administrator's: for another role an
 * administrator "Test Administrator" is added first, and adds it.
 * Returns: (transfer full): the account. */
static inline MesoStaff *
meso_test_sign_in (MesoDb     *db,
                   MesoRole    role,
                   const char *name)
{
  g_autoptr(MesoStaffStore) store = meso_staff_store_new (db);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaff) admin = NULL;
  MesoStaff *staff;

  if (meso_staff_store_count (store, NULL) == 0)
    {
      admin = meso_staff_store_add (store,
                                    role == MESO_ROLE_ADMINISTRATOR ? name : "Test Administrator",
                                    MESO_ROLE_ADMINISTRATOR, meso_test_pin_hash (), &error);
      g_assert_no_error (error);
      meso_db_set_actor (db, admin);
      if (role == MESO_ROLE_ADMINISTRATOR)
        return g_steal_pointer (&admin);
    }
  else
    {
      admin = meso_staff_store_load (store, 1, &error);
      g_assert_no_error (error);
      meso_db_set_actor (db, admin);
    }
  staff = meso_staff_store_add (store, name, role, meso_test_pin_hash (), &error);
  g_assert_no_error (error);
  meso_db_set_actor (db, staff);
  return staff;
}
