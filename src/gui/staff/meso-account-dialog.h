/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-account-dialog.h: adds or changes one staff account. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_ACCOUNT_DIALOG (meso_account_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MesoAccountDialog, meso_account_dialog, MESO, ACCOUNT_DIALOG, AdwWindow)

MesoAccountDialog *meso_account_dialog_new (MesoContext *context,
                                            MesoStaff   *staff);

G_END_DECLS
