/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-list.h: a list model of the patients matching a search. */
#pragma once

#include "meso-patient-store.h"

G_BEGIN_DECLS

#define MESO_TYPE_PATIENT_LIST (meso_patient_list_get_type ())
G_DECLARE_FINAL_TYPE (MesoPatientList, meso_patient_list, MESO, PATIENT_LIST, GObject)

MesoPatientList *meso_patient_list_new          (MesoPatientStore *store);
gboolean         meso_patient_list_set_query    (MesoPatientList  *self,
                                                 const char       *query,
                                                 MesoPatientShown  shown,
                                                 GError          **error);
void             meso_patient_list_set_query_async (MesoPatientList     *self,
                                                    const char          *query,
                                                    MesoPatientShown     shown,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean         meso_patient_list_set_query_finish (MesoPatientList  *self,
                                                     GAsyncResult     *result,
                                                     GError          **error);
void             meso_patient_list_set_today    (MesoPatientList  *self,
                                                 const GDate      *today);
guint            meso_patient_list_find         (MesoPatientList  *self,
                                                 gint64            id);

G_END_DECLS
