/* meso-clinic.h: the clinic's own data and defaults, kept in its database. */
#pragma once

#include "meso-db.h"

G_BEGIN_DECLS

typedef enum
{
  MESO_CLINIC_NAME,
  MESO_CLINIC_ADDRESS,
  MESO_CLINIC_PHONE,
  MESO_CLINIC_LOGO_FILE,
  MESO_CLINIC_LANGUAGE,
  MESO_CLINIC_N_TEXT
} MesoClinicText;

#define MESO_CLINIC_MIN_SESSION_MINUTES 10
#define MESO_CLINIC_MAX_SESSION_MINUTES 240

#define MESO_TYPE_CLINIC (meso_clinic_get_type ())
G_DECLARE_FINAL_TYPE (MesoClinic, meso_clinic, MESO, CLINIC, GObject)

MesoClinic *meso_clinic_load                (MesoDb          *db,
                                             GError         **error);
const char *meso_clinic_get_text            (MesoClinic      *self,
                                             MesoClinicText   field);
char       *meso_clinic_check_text          (MesoClinicText   field,
                                             const char      *value);
gboolean    meso_clinic_set_text            (MesoClinic      *self,
                                             MesoClinicText   field,
                                             const char      *value,
                                             GError         **error);
guint       meso_clinic_get_session_minutes (MesoClinic      *self);
gboolean    meso_clinic_set_session_minutes (MesoClinic      *self,
                                             guint            minutes,
                                             GError         **error);

G_END_DECLS
