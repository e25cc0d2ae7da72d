/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-appointment-dialog.h: book a new appointment, or change one. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_APPOINTMENT_DIALOG (meso_appointment_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MesoAppointmentDialog, meso_appointment_dialog, MESO, APPOINTMENT_DIALOG,
                      AdwWindow)

MesoAppointmentDialog *meso_appointment_dialog_new (GtkWindow       *parent,
                                                    MesoContext     *context,
                                                    MesoAppointment *appointment,
                                                    gint64           waitlist_entry_id);

G_END_DECLS
