/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-staff-store.h: staff accounts and signing in. */
#pragma once

#include "meso-clock.h"
#include "meso-db.h"
#include "meso-staff.h"

G_BEGIN_DECLS

#define MESO_STAFF_MAX_FAILED_SIGN_INS 5

#define MESO_TYPE_STAFF_STORE (meso_staff_store_get_type ())
G_DECLARE_FINAL_TYPE (MesoStaffStore, meso_staff_store, MESO, STAFF_STORE, GObject)

MesoStaffStore *meso_staff_store_new          (MesoDb              *db);
void            meso_staff_store_set_clock    (MesoStaffStore      *self,
                                               MesoClock           *clock);

gint64          meso_staff_store_count        (MesoStaffStore      *self,
                                               GError             **error);
GListModel     *meso_staff_store_list         (MesoStaffStore      *self,
                                               gboolean             include_inactive,
                                               GError             **error);
GHashTable     *meso_staff_store_list_names   (MesoStaffStore      *self,
                                               GError             **error);
MesoStaff      *meso_staff_store_load         (MesoStaffStore      *self,
                                               gint64               id,
                                               GError             **error);
char           *meso_staff_store_check_name   (MesoStaffStore      *self,
                                               gint64               id,
                                               const char          *name);
MesoStaff      *meso_staff_store_add          (MesoStaffStore      *self,
                                               const char          *name,
                                               MesoRole             role,
                                               const char          *secret_hash,
                                               GError             **error);
gboolean        meso_staff_store_update       (MesoStaffStore      *self,
                                               gint64               id,
                                               const char          *name,
                                               MesoRole             role,
                                               gboolean             active,
                                               const char          *secret_hash,
                                               GError             **error);
gboolean        meso_staff_store_set_secret   (MesoStaffStore      *self,
                                               gint64               id,
                                               const char          *secret_hash,
                                               GError             **error);

MesoStaff      *meso_staff_store_sign_in      (MesoStaffStore      *self,
                                               gint64               id,
                                               const char          *secret,
                                               GError             **error);
void            meso_staff_store_sign_in_async (MesoStaffStore     *self,
                                               gint64               id,
                                               const char          *secret,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
MesoStaff      *meso_staff_store_sign_in_finish (MesoStaffStore    *self,
                                               GAsyncResult        *result,
                                               GError             **error);
void            meso_staff_store_sign_out     (MesoStaffStore      *self);
gboolean        meso_staff_store_get_pin_outdated (MesoStaffStore  *self);
MesoStaff      *meso_staff_store_get_actor    (MesoStaffStore      *self);
void            meso_staff_store_set_actor    (MesoStaffStore      *self,
                                               MesoStaff           *actor);
char           *meso_staff_store_lookup_name  (MesoDb              *db,
                                               gint64               id);

G_END_DECLS
