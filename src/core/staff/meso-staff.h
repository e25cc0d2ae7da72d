/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-staff.h: a member of staff, their role, and what each role may do. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  MESO_ROLE_RECEPTIONIST,
  MESO_ROLE_PHYSICIAN,
  MESO_ROLE_ADMINISTRATOR,
  MESO_N_ROLES
} MesoRole;

#define MESO_TYPE_ROLE (meso_role_get_type ())
GType meso_role_get_type (void);

/**
 * MesoPermission:
 * @MESO_PERMISSION_READ_CONTACT: see patients' names and contact data
 * @MESO_PERMISSION_WRITE_CONTACT: add patients, change contact data, archive
 * @MESO_PERMISSION_READ_CLINICAL: see screening, clinical notes, scalp maps,
 *   cocktails and session records
 * @MESO_PERMISSION_WRITE_CLINICAL: change them
 * @MESO_PERMISSION_READ_AUDIT: see who changed a patient's record, and how
 * @MESO_PERMISSION_MANAGE_STAFF: add, change and deactivate staff accounts
 * @MESO_PERMISSION_MANAGE_SETTINGS: clinic and stock settings
 * @MESO_PERMISSION_MANAGE_BACKUPS: back up and restore the database
 * @MESO_PERMISSION_MANAGE_RECORDS: restrict and anonymise patients, and
 *   open restricted ones
 */
typedef enum
{
  MESO_PERMISSION_READ_CONTACT,
  MESO_PERMISSION_WRITE_CONTACT,
  MESO_PERMISSION_READ_CLINICAL,
  MESO_PERMISSION_WRITE_CLINICAL,
  MESO_PERMISSION_READ_AUDIT,
  MESO_PERMISSION_MANAGE_STAFF,
  MESO_PERMISSION_MANAGE_SETTINGS,
  MESO_PERMISSION_MANAGE_BACKUPS,
  MESO_PERMISSION_MANAGE_RECORDS,
} MesoPermission;

#define MESO_ACCESS_ERROR (meso_access_error_quark ())

typedef enum
{
  MESO_ACCESS_ERROR_NOT_SIGNED_IN,
  MESO_ACCESS_ERROR_FORBIDDEN,
  MESO_ACCESS_ERROR_WRONG_SECRET,
  MESO_ACCESS_ERROR_TOO_MANY_ATTEMPTS,
  MESO_ACCESS_ERROR_INACTIVE,
} MesoAccessError;

#define MESO_TYPE_STAFF (meso_staff_get_type ())
G_DECLARE_FINAL_TYPE (MesoStaff, meso_staff, MESO, STAFF, GObject)

GQuark      meso_access_error_quark   (void);

const char *meso_role_get_code        (MesoRole        role);
const char *meso_role_get_label       (MesoRole        role);
gboolean    meso_role_from_code       (const char     *code,
                                       MesoRole       *out_role);
gboolean    meso_role_can             (MesoRole        role,
                                       MesoPermission  permission);

MesoStaff  *meso_staff_new            (gint64          id,
                                       const char     *display_name,
                                       MesoRole        role,
                                       gboolean        active);
gint64      meso_staff_get_id         (MesoStaff      *self);
const char *meso_staff_get_display_name (MesoStaff    *self);
MesoRole    meso_staff_get_role       (MesoStaff      *self);
gboolean    meso_staff_get_active     (MesoStaff      *self);
gboolean    meso_staff_can            (MesoStaff      *self,
                                       MesoPermission  permission);
gboolean    meso_staff_require        (MesoStaff      *self,
                                       MesoPermission  permission,
                                       GError        **error);

G_END_DECLS
