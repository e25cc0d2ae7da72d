/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-new-pin-dialog.h: asks whoever signed in with an outdated PIN for a new one. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_NEW_PIN_DIALOG (meso_new_pin_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MesoNewPinDialog, meso_new_pin_dialog, MESO, NEW_PIN_DIALOG, AdwWindow)

MesoNewPinDialog *meso_new_pin_dialog_new (MesoContext *context,
                                           MesoStaff   *staff);

G_END_DECLS
