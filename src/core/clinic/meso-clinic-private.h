/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-clinic-private.h: MesoClinic's struct, shared by its files
 * (meso-clinic.c, meso-clinic-backup.c) and nothing else. */
#pragma once

#include "meso-clinic.h"

G_BEGIN_DECLS

struct _MesoClinic
{
  GObject  parent_instance;

  MesoDb  *db;
  char    *text[MESO_CLINIC_N_TEXT];
  guint    numbers[MESO_CLINIC_N_NUMBERS];
};

MesoStmt *meso_clinic_prepare_setting (MesoClinic  *self,
                                       const char  *key,
                                       GError     **error);

G_END_DECLS
