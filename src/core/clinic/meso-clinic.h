/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-clinic.h: the clinic's own data and defaults, kept in its database. */
#pragma once

#include "meso-backup.h"
#include "meso-db.h"
#include "meso-mail.h"

G_BEGIN_DECLS

typedef enum
{
  MESO_CLINIC_NAME,
  MESO_CLINIC_ADDRESS,
  MESO_CLINIC_PHONE,
  MESO_CLINIC_LOGO_FILE,
  MESO_CLINIC_LANGUAGE,
  MESO_CLINIC_BACKUP_FOLDER,
  MESO_CLINIC_TIME_ZONE,          /* IANA name; empty: the workstation's zone */
  MESO_CLINIC_PAPER,              /* handouts' paper: "a4" or "letter" */
  MESO_CLINIC_ICAL_DOMAIN,        /* the domain of exported events' UIDs */
  MESO_CLINIC_MAIL_HOST,          /* the clinic's SMTP server; empty: no e-mail */
  MESO_CLINIC_MAIL_USER,          /* its login; empty: none (its password in the keyring) */
  MESO_CLINIC_MAIL_SENDER_NAME,
  MESO_CLINIC_MAIL_SENDER_ADDRESS,
  MESO_CLINIC_MAIL_CERTIFICATE,   /* PEM: the server's own, trusted alone; empty: the system's */
  MESO_CLINIC_BACKUP_SECOND_FOLDER, /* each daily backup copied here too; empty: none */
  MESO_CLINIC_BACKUP_PASSPHRASE_CHECK, /* Argon2id hash of the backups' passphrase; empty: plain */
  MESO_CLINIC_N_TEXT
} MesoClinicText;

typedef enum
{
  MESO_CLINIC_SESSION_MINUTES,
  MESO_CLINIC_FIRST_SESSION_MINUTES, /* the first of a course includes the scalp analysis */
  MESO_CLINIC_LOCK_MINUTES,       /* idle time before the workstation locks */
  MESO_CLINIC_BACKUP_DAILY,       /* how many daily backups to keep */
  MESO_CLINIC_BACKUP_WEEKLY,
  MESO_CLINIC_BACKUP_MONTHLY,
  MESO_CLINIC_SCREENING_DAYS,     /* answers older than this are asked again */
  MESO_CLINIC_EXPIRY_WARNING_DAYS,
  MESO_CLINIC_LOW_STOCK_ML,
  MESO_CLINIC_MIX_HOURS,          /* a prepared mixture keeps this long */
  MESO_CLINIC_AFTERCARE_HAT,      /* 1: advise a loose hat in the sun; 0: no hat */
  MESO_CLINIC_NO_ALCOHOL_HOURS,   /* no smoking or alcohol this long after a session */
  MESO_CLINIC_NO_DYE_DAYS,        /* no dye or perm this long before and after */
  MESO_CLINIC_NAMES_WHEN_LOCKED,  /* 1: notifications name patients while nobody is signed in */
  MESO_CLINIC_SCRIPT_ORDER,       /* a MesoScriptOrder: Cyrillic names interleaved or after Latin */
  MESO_CLINIC_MAIL_SECURITY,      /* a MesoMailSecurity */
  MESO_CLINIC_MAIL_PORT,          /* 0: the security's usual port */
  MESO_CLINIC_AGENDA_INITIALS,    /* 1: a practitioner's exported agenda names patients by initials */
  MESO_CLINIC_MESSAGE_CONFIRMATION, /* 1: patients who agreed get these messages */
  MESO_CLINIC_MESSAGE_NEXT_SESSION,
  MESO_CLINIC_MESSAGE_AFTERCARE,
  MESO_CLINIC_MESSAGE_MAINTENANCE,
  MESO_CLINIC_MESSAGE_MINUTE,     /* the time of day (minutes) confirmations and notices go */
  MESO_CLINIC_MESSAGE_NEXT_SESSION_DAYS, /* the next session is announced this long ahead */
  MESO_CLINIC_MESSAGE_AFTERCARE_MINUTES, /* the aftercare goes this long after the session ends */
  MESO_CLINIC_RETENTION_YEARS,    /* a restricted patient is kept this long after the last visit */
  MESO_CLINIC_N_NUMBERS
} MesoClinicNumber;

/* A clinic server's daily backup claimed by a workstation that never says
 * how it went (switched off in the middle) may be claimed again after
 * this long: a dump of a large clinic takes minutes, not hours. */
#define MESO_CLINIC_BACKUP_CLAIM_SECONDS (3 * 60 * 60)

#define MESO_TYPE_CLINIC (meso_clinic_get_type ())
G_DECLARE_FINAL_TYPE (MesoClinic, meso_clinic, MESO, CLINIC, GObject)

MesoClinic *meso_clinic_load                (MesoDb          *db,
                                             GError         **error);
gboolean    meso_clinic_reload              (MesoClinic      *self,
                                             GError         **error);
const char *meso_clinic_get_text            (MesoClinic      *self,
                                             MesoClinicText   field);
char       *meso_clinic_check_text          (MesoClinicText   field,
                                             const char      *value);
gboolean    meso_clinic_set_text            (MesoClinic      *self,
                                             MesoClinicText   field,
                                             const char      *value,
                                             GError         **error);
guint       meso_clinic_get_number          (MesoClinic      *self,
                                             MesoClinicNumber field);
gboolean    meso_clinic_set_number          (MesoClinic      *self,
                                             MesoClinicNumber field,
                                             guint            value,
                                             GError         **error);
gboolean    meso_clinic_get_mail_server     (MesoClinic      *self,
                                             MesoMailServer  *out_server);
char       *meso_clinic_check_mail_server   (const MesoMailServer *server,
                                             MesoClinicText  *out_field);
gboolean    meso_clinic_set_mail_server     (MesoClinic      *self,
                                             const MesoMailServer *server,
                                             GError         **error);
char       *meso_clinic_dup_backup_folder   (MesoClinic      *self);
MesoBackupPolicy meso_clinic_get_backup_policy (MesoClinic   *self);
gint64      meso_clinic_read_mark           (MesoClinic      *self,
                                             const char      *key);
gboolean    meso_clinic_write_mark          (MesoClinic      *self,
                                             const char      *key,
                                             gint64           value,
                                             GError         **error);
gboolean    meso_clinic_claim_backup        (MesoClinic      *self,
                                             GDateTime       *now,
                                             const char      *claimer,
                                             gboolean        *out_won,
                                             GError         **error);
gboolean    meso_clinic_end_backup          (MesoClinic      *self,
                                             GDateTime       *claimed_at,
                                             gboolean         made,
                                             GError         **error);
gboolean    meso_clinic_encrypts_backups    (MesoClinic      *self);
void        meso_clinic_back_up_daily_async (MesoClinic      *self,
                                             const char      *address,
                                             const char      *passphrase,
                                             GDateTime       *now,
                                             GCancellable    *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer         user_data);
char       *meso_clinic_back_up_daily_finish (MesoClinic     *self,
                                             GAsyncResult    *result,
                                             GError         **error);

G_END_DECLS
