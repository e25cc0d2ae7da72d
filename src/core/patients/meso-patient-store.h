/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-store.h: patients and their screening records in the database. */
#pragma once

#include "meso-record-json.h"
#include "meso-db.h"
#include "meso-patient.h"
#include "meso-screening.h"

G_BEGIN_DECLS

/* The patients a search lists. */
typedef enum
{
  MESO_PATIENTS_CURRENT,
  MESO_PATIENTS_ARCHIVED,
  MESO_PATIENTS_RESTRICTED,
} MesoPatientShown;

#define MESO_TYPE_PATIENT_STORE (meso_patient_store_get_type ())
G_DECLARE_FINAL_TYPE (MesoPatientStore, meso_patient_store, MESO, PATIENT_STORE, GObject)

MesoPatientStore *meso_patient_store_new            (MesoDb           *db);
MesoDb           *meso_patient_store_get_db         (MesoPatientStore *self);

MesoPatient      *meso_patient_store_load           (MesoPatientStore *self,
                                                     gint64            id,
                                                     GError          **error);
gboolean          meso_patient_store_load_many      (MesoPatientStore *self,
                                                     const gint64     *ids,
                                                     guint             n_ids,
                                                     MesoPatient     **out_patients,
                                                     GError          **error);
gboolean          meso_patient_store_get_contact    (MesoPatientStore *self,
                                                     gint64            id,
                                                     char            **out_name,
                                                     char            **out_phone,
                                                     GError          **error);
gboolean          meso_patient_store_get_contacts   (MesoPatientStore *self,
                                                     const gint64     *ids,
                                                     guint             n_ids,
                                                     char            **out_names,
                                                     char            **out_phones,
                                                     GError          **error);
gboolean          meso_patient_store_get_contacts_unchecked (MesoPatientStore *self,
                                                             const gint64     *ids,
                                                             guint             n_ids,
                                                             char            **out_names,
                                                             char            **out_phones,
                                                             GError          **error);
MesoScreening    *meso_patient_store_load_screening (MesoPatientStore *self,
                                                     gint64            id,
                                                     GError          **error);
gboolean          meso_patient_store_get_screened_on (MesoPatientStore *self,
                                                     gint64            id,
                                                     char            **out_date,
                                                     GError          **error);
gboolean          meso_patient_store_get_screened_on_many (MesoPatientStore *self,
                                                           const gint64     *ids,
                                                           guint             n_ids,
                                                           char            **out_dates,
                                                           GError          **error);
gboolean          meso_patient_store_save           (MesoPatientStore *self,
                                                     MesoPatient      *patient,
                                                     MesoScreening    *screening,
                                                     GDate            *today,
                                                     GError          **error);
gboolean          meso_patient_store_insert_unchecked (MesoPatientStore *self,
                                                     MesoPatient      *patient,
                                                     MesoScreening    *screening,
                                                     GError          **error);
gboolean          meso_patient_store_set_archived   (MesoPatientStore *self,
                                                     gint64            id,
                                                     gboolean          archived,
                                                     GError          **error);
gboolean          meso_patient_store_set_name_order (MesoPatientStore *self,
                                                     const char       *language,
                                                     MesoScriptOrder   order,
                                                     gboolean          rebuild,
                                                     GError          **error);
void              meso_patient_store_set_name_order_async (MesoPatientStore    *self,
                                                           const char          *language,
                                                           MesoScriptOrder      order,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean          meso_patient_store_set_name_order_finish (MesoPatientStore  *self,
                                                            GAsyncResult      *result,
                                                            GError           **error);
gboolean          meso_patient_store_is_rebuilding  (MesoPatientStore *self);
gboolean          meso_patient_rebuild_names        (MesoDb           *db,
                                                     const char       *language,
                                                     MesoScriptOrder   order,
                                                     GError          **error);
gint64            meso_patient_store_count          (MesoPatientStore *self,
                                                     GError          **error);
GHashTable       *meso_patient_store_list_names     (MesoPatientStore *self,
                                                     GError          **error);
GArray           *meso_patient_store_search         (MesoPatientStore *self,
                                                     const char       *query,
                                                     MesoPatientShown  shown,
                                                     GError          **error);

/* One existing patient, as an import's search for duplicates reads it. */
typedef void (*MesoPatientIdentityFunc) (gint64       id,
                                         const char  *family_name,
                                         const char  *given_name,
                                         const char  *birth_date,
                                         const char  *phone,
                                         gpointer     user_data);

/* The latest import of patients from a file (see meso-patient-import.h). */
typedef struct
{
  gint64    id;           /* 0 when there has been none */
  char     *source;       /* the file's name */
  char     *staff_name;   /* who ran it */
  gint64    n_patients;
  char     *imported_at;  /* UTC, YYYY-MM-DDTHH:MM:SSZ */
  gboolean  undone;
} MesoPatientImportInfo;

void              meso_patient_import_info_clear    (MesoPatientImportInfo *info);

gboolean          meso_patient_store_foreach_identity (MesoPatientStore       *self,
                                                       MesoPatientIdentityFunc func,
                                                       gpointer                user_data,
                                                       GError                **error);
gint64            meso_patient_store_import         (MesoPatientStore *self,
                                                     const char       *source,
                                                     const char       *format,
                                                     GPtrArray        *patients,
                                                     const GDate      *today,
                                                     GError          **error);
gboolean          meso_patient_store_get_last_import (MesoPatientStore      *self,
                                                      MesoPatientImportInfo *out_info,
                                                      GError               **error);
gboolean          meso_patient_store_undo_import    (MesoPatientStore *self,
                                                     gint64            import_id,
                                                     GError          **error);
void              meso_patient_store_import_async   (MesoPatientStore    *self,
                                                     const char          *source,
                                                     const char          *format,
                                                     GPtrArray           *patients,
                                                     const GDate         *today,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gint64            meso_patient_store_import_finish  (MesoPatientStore  *self,
                                                     GAsyncResult      *result,
                                                     GError           **error);
void              meso_patient_store_undo_import_async (MesoPatientStore    *self,
                                                        gint64               import_id,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean          meso_patient_store_undo_import_finish (MesoPatientStore  *self,
                                                         GAsyncResult      *result,
                                                         GError           **error);
typedef struct _MesoPatientStoreWorker MesoPatientStoreWorker;

MesoPatientStoreWorker *meso_patient_store_worker_new  (MesoPatientStore        *self);
MesoPatientStore       *meso_patient_store_worker_open (MesoPatientStoreWorker  *worker,
                                                        GError                 **error);
void                    meso_patient_store_worker_free (MesoPatientStoreWorker  *worker);

gboolean          meso_patient_store_set_consent    (MesoPatientStore *self,
                                                     gint64            patient_id,
                                                     MesoChannel       channel,
                                                     const GDate      *agreed_on,
                                                     GError          **error);
gboolean          meso_patient_store_get_consent    (MesoPatientStore *self,
                                                     gint64            patient_id,
                                                     MesoChannel       channel,
                                                     GDate            *out_agreed_on,
                                                     GError          **error);

gboolean          meso_patient_store_check_access   (MesoPatientStore *self,
                                                     gint64            id,
                                                     GError          **error);
gboolean          meso_patient_store_restrict_in_write (MesoPatientStore *self,
                                                        gint64            id,
                                                        const char       *today,
                                                        GError          **error);
gboolean          meso_patient_store_lift_restriction (MesoPatientStore *self,
                                                       gint64            id,
                                                       GError          **error);
gboolean          meso_patient_store_get_anonymise_day (MesoPatientStore *self,
                                                        gint64            id,
                                                        gint64            last_visit,
                                                        GTimeZone        *zone,
                                                        GDate            *out_day,
                                                        GError          **error);
gboolean          meso_patient_store_anonymise_in_write (MesoPatientStore *self,
                                                         gint64            id,
                                                         GDateTime        *now,
                                                         gint64            last_visit,
                                                         const char       *marker,
                                                         gboolean         *out_anonymised,
                                                         GError          **error);
GHashTable       *meso_patients_read_restricted     (MesoDb           *db,
                                                     GError          **error);
gboolean          meso_patients_require_open        (MesoDb           *db,
                                                     gint64            patient_id,
                                                     GError          **error);

gboolean          meso_patient_store_add_to_record  (MesoPatientStore  *self,
                                                     gint64             id,
                                                     MesoRecordJson    *record,
                                                     GError           **error);

G_END_DECLS
