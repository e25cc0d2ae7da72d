/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-patient-import.h: patients brought in from the file of the system a
 * clinic leaves (CSV or vCard): read, mapped to fields, checked row by row
 * and against the patients the clinic has, then written in one go. */
#pragma once

#include "meso-patient-store.h"
#include "meso-text-encoding.h"

G_BEGIN_DECLS

/* The largest file read: 100,000 patients take about 7 MB. */
#define MESO_PATIENT_IMPORT_MAX_BYTES (64 * 1024 * 1024)

typedef enum
{
  MESO_IMPORT_FORMAT_CSV,
  MESO_IMPORT_FORMAT_VCARD,
} MesoImportFormat;

/* Its nicks are the codes of patient_import.format. */
#define MESO_TYPE_IMPORT_FORMAT (meso_import_format_get_type ())
GType meso_import_format_get_type (void);

/* How a date like 03/04/1980 is read; year-first dates are always read as such. */
typedef enum
{
  MESO_DATE_ORDER_DAY_FIRST,
  MESO_DATE_ORDER_MONTH_FIRST,
} MesoDateOrder;

#define MESO_TYPE_PATIENT_IMPORT (meso_patient_import_get_type ())
G_DECLARE_FINAL_TYPE (MesoPatientImport, meso_patient_import, MESO, PATIENT_IMPORT, GObject)

const char        *meso_patient_import_field_label     (MesoPatientField    field);

MesoPatientImport *meso_patient_import_new             (const char         *source,
                                                        GBytes             *contents,
                                                        MesoEncoding        encoding,
                                                        GError            **error);
MesoPatientImport *meso_patient_import_new_for_path    (const char         *path,
                                                        const char         *database,
                                                        MesoEncoding        encoding,
                                                        GError            **error);
void               meso_patient_import_new_for_path_async (const char         *path,
                                                           const char         *database,
                                                           GCancellable       *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer            user_data);
MesoPatientImport *meso_patient_import_new_for_path_finish (GAsyncResult      *result,
                                                            GError           **error);

const char        *meso_patient_import_get_source      (MesoPatientImport  *self);
MesoImportFormat   meso_patient_import_get_format      (MesoPatientImport  *self);
MesoEncoding       meso_patient_import_get_encoding    (MesoPatientImport  *self);
void               meso_patient_import_reread_async    (MesoPatientImport  *self,
                                                        MesoEncoding        encoding,
                                                        char                delimiter,
                                                        GCancellable       *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data);
gboolean           meso_patient_import_reread_finish   (MesoPatientImport  *self,
                                                        GAsyncResult       *result,
                                                        GError            **error);
char               meso_patient_import_get_delimiter   (MesoPatientImport  *self);
gboolean           meso_patient_import_get_has_header  (MesoPatientImport  *self);
void               meso_patient_import_set_has_header  (MesoPatientImport  *self,
                                                        gboolean            has_header);
MesoDateOrder      meso_patient_import_get_date_order  (MesoPatientImport  *self);
void               meso_patient_import_set_date_order  (MesoPatientImport  *self,
                                                        MesoDateOrder       order);

guint              meso_patient_import_get_n_columns   (MesoPatientImport  *self);
char              *meso_patient_import_dup_column_name (MesoPatientImport  *self,
                                                        guint               column);
char              *meso_patient_import_dup_column_sample (MesoPatientImport *self,
                                                          guint              column);
int                meso_patient_import_get_column_field (MesoPatientImport *self,
                                                         guint              column);
void               meso_patient_import_set_column_field (MesoPatientImport *self,
                                                         guint              column,
                                                         int                field);

gboolean           meso_patient_import_check           (MesoPatientImport  *self,
                                                        MesoPatientStore   *store,
                                                        GDate              *today,
                                                        GError            **error);
void               meso_patient_import_check_async     (MesoPatientImport  *self,
                                                        MesoPatientStore   *store,
                                                        GDate              *today,
                                                        GCancellable       *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data);
gboolean           meso_patient_import_check_finish    (MesoPatientImport  *self,
                                                        GAsyncResult       *result,
                                                        GError            **error);
guint              meso_patient_import_get_n_rows      (MesoPatientImport  *self);
guint              meso_patient_import_get_row_line    (MesoPatientImport  *self,
                                                        guint               row);
MesoPatient       *meso_patient_import_get_row_patient (MesoPatientImport  *self,
                                                        guint               row);
const char        *meso_patient_import_get_row_problems (MesoPatientImport *self,
                                                         guint              row);
gint64             meso_patient_import_get_row_duplicate (MesoPatientImport *self,
                                                          guint              row);
const char        *meso_patient_import_get_row_duplicate_name (MesoPatientImport *self,
                                                               guint              row);
const char        *meso_patient_import_get_row_duplicate_phone (MesoPatientImport *self,
                                                                guint              row);
guint              meso_patient_import_get_row_duplicate_line (MesoPatientImport *self,
                                                               guint              row);
gboolean           meso_patient_import_get_row_included (MesoPatientImport *self,
                                                         guint              row);
gboolean           meso_patient_import_set_row_included (MesoPatientImport *self,
                                                         guint              row,
                                                         gboolean           included);
guint              meso_patient_import_count_included  (MesoPatientImport  *self);
guint              meso_patient_import_count_problems  (MesoPatientImport  *self);
guint              meso_patient_import_count_duplicates (MesoPatientImport *self);

gint64             meso_patient_import_run             (MesoPatientImport  *self,
                                                        MesoPatientStore   *store,
                                                        GError            **error);
void               meso_patient_import_run_async       (MesoPatientImport  *self,
                                                        MesoPatientStore   *store,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data);
gint64             meso_patient_import_run_finish      (MesoPatientImport  *self,
                                                        GAsyncResult       *result,
                                                        GError            **error);

G_END_DECLS
