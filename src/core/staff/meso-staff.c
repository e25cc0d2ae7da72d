/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-staff.c: who may do what. Every core call that reads or writes
 * protected data asks here first, so that hiding a widget is never the only
 * guard. */
#define G_LOG_DOMAIN "meso-staff"

#include <glib/gi18n.h>

#include "meso-enum.h"
#include "meso-staff.h"

struct _MesoStaff
{
  GObject   parent_instance;

  gint64    id;
  char     *display_name;
  MesoRole  role;
  gboolean  active;
};

G_DEFINE_TYPE (MesoStaff, meso_staff, G_TYPE_OBJECT)

G_DEFINE_QUARK (meso-access-error-quark, meso_access_error)

enum {
  PROP_0,
  PROP_DISPLAY_NAME,
  PROP_ROLE_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The nicks are the codes stored in staff.role. */
G_DEFINE_ENUM_TYPE (MesoRole, meso_role,
  G_DEFINE_ENUM_VALUE (MESO_ROLE_RECEPTIONIST, "receptionist"),
  G_DEFINE_ENUM_VALUE (MESO_ROLE_PHYSICIAN, "physician"),
  G_DEFINE_ENUM_VALUE (MESO_ROLE_ADMINISTRATOR, "administrator"))

static const struct
{
  const char *label;
  guint       permissions;   /* bits of MesoPermission */
} roles[MESO_N_ROLES] = {
  [MESO_ROLE_RECEPTIONIST] = {
    N_("Receptionist"),
    1 << MESO_PERMISSION_READ_CONTACT | 1 << MESO_PERMISSION_WRITE_CONTACT },
  [MESO_ROLE_PHYSICIAN] = {
    N_("Physician"),
    1 << MESO_PERMISSION_READ_CONTACT | 1 << MESO_PERMISSION_WRITE_CONTACT |
    1 << MESO_PERMISSION_READ_CLINICAL | 1 << MESO_PERMISSION_WRITE_CLINICAL |
    1 << MESO_PERMISSION_READ_AUDIT },
  /* An administrator restores backups, which hold every record anyway, so
   * hiding clinical data from them would protect nothing. */
  [MESO_ROLE_ADMINISTRATOR] = {
    N_("Administrator"),
    1 << MESO_PERMISSION_READ_CONTACT | 1 << MESO_PERMISSION_WRITE_CONTACT |
    1 << MESO_PERMISSION_READ_CLINICAL | 1 << MESO_PERMISSION_WRITE_CLINICAL |
    1 << MESO_PERMISSION_READ_AUDIT | 1 << MESO_PERMISSION_MANAGE_STAFF |
    1 << MESO_PERMISSION_MANAGE_SETTINGS | 1 << MESO_PERMISSION_MANAGE_BACKUPS |
    1 << MESO_PERMISSION_MANAGE_RECORDS },
};

const char *
meso_role_get_code (MesoRole role)
{
  return meso_enum_to_code (MESO_TYPE_ROLE, role);
}

const char *
meso_role_get_label (MesoRole role)
{
  g_return_val_if_fail (role < MESO_N_ROLES, NULL);
  return _(roles[role].label);
}

gboolean
meso_role_from_code (const char *code,
                     MesoRole   *out_role)
{
  return meso_enum_from_code (MESO_TYPE_ROLE, code, (int *) out_role);
}

gboolean
meso_role_can (MesoRole       role,
               MesoPermission permission)
{
  g_return_val_if_fail (role < MESO_N_ROLES, FALSE);
  return (roles[role].permissions & (1u << permission)) != 0;
}

static void
meso_staff_finalize (GObject *object)
{
  MesoStaff *self = MESO_STAFF (object);

  g_free (self->display_name);

  G_OBJECT_CLASS (meso_staff_parent_class)->finalize (object);
}

static void
meso_staff_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MesoStaff *self = MESO_STAFF (object);

  switch (prop_id)
    {
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_ROLE_LABEL:
      g_value_set_string (value, meso_role_get_label (self->role));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_staff_class_init (MesoStaffClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = meso_staff_finalize;
  object_class->get_property = meso_staff_get_property;

  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROLE_LABEL] =
    g_param_spec_string ("role-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
meso_staff_init (MesoStaff *self)
{
}

/**
 * meso_staff_new:
 *
 * A staff member as the database holds them. The object does not change:
 * after an edit, load it again.
 */
MesoStaff *
meso_staff_new (gint64      id,
                const char *display_name,
                MesoRole    role,
                gboolean    active)
{
  MesoStaff *self = g_object_new (MESO_TYPE_STAFF, NULL);

  self->id = id;
  self->display_name = g_strdup (display_name);
  self->role = role;
  self->active = active;
  return self;
}

gint64
meso_staff_get_id (MesoStaff *self)
{
  return self->id;
}

const char *
meso_staff_get_display_name (MesoStaff *self)
{
  return self->display_name;
}

MesoRole
meso_staff_get_role (MesoStaff *self)
{
  return self->role;
}

gboolean
meso_staff_get_active (MesoStaff *self)
{
  return self->active;
}

gboolean
meso_staff_can (MesoStaff      *self,
                MesoPermission  permission)
{
  return self != NULL && self->active && meso_role_can (self->role, permission);
}

/**
 * meso_staff_require:
 * @self: (nullable): who is signed in, %NULL when nobody is
 *
 * Returns: %TRUE if @self may do @permission; otherwise sets a
 * %MESO_ACCESS_ERROR that says so.
 */
gboolean
meso_staff_require (MesoStaff       *self,
                    MesoPermission   permission,
                    GError         **error)
{
  if (self == NULL)
    {
      g_set_error_literal (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_NOT_SIGNED_IN,
                           _("Nobody is signed in."));
      return FALSE;
    }
  if (!meso_staff_can (self, permission))
    {
      g_autofree char *role = g_utf8_strdown (meso_role_get_label (self->role), -1);

      g_set_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN,
                   _("A %s’s account cannot do this."), role);
      return FALSE;
    }
  return TRUE;
}
