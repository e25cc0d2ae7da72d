/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-demo.h: a believable demo clinic, and large synthetic databases. */
#pragma once

#include "meso-patient-store.h"

G_BEGIN_DECLS

#define MESO_DEMO_PATIENTS 200

/* Every demo account signs in with this PIN; the sign-in screen says so. */
#define MESO_DEMO_PIN "428571"

gboolean meso_demo_populate       (MesoPatientStore *store,
                                   guint             n_patients,
                                   guint32           seed,
                                   GDate            *today,
                                   GError          **error);

gboolean meso_demo_add_appointments (MesoDb       *db,
                                     guint32       seed,
                                     const GDate  *first_day,
                                     guint         n_days,
                                     guint         per_practitioner_day,
                                     const GDate  *today,
                                     GError      **error);

G_END_DECLS
