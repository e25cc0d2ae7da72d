/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-notifier.h: shows one clinic's reminders as desktop notifications. */
#pragma once

#include <glib-object.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_NOTIFIER (meso_notifier_get_type ())
G_DECLARE_FINAL_TYPE (MesoNotifier, meso_notifier, MESO, NOTIFIER, GObject)

MesoNotifier *meso_notifier_new                  (MesoContext  *context);
void          meso_notifier_start                (MesoNotifier *self);
gboolean      meso_notifier_get_started          (MesoNotifier *self);
MesoContext  *meso_notifier_get_context          (MesoNotifier *self);
gboolean      meso_notifier_get_server_available (MesoNotifier *self);
void          meso_notifier_set_locked           (MesoNotifier *self,
                                                  gboolean      locked);
gboolean      meso_notifier_get_locked           (MesoNotifier *self);

G_END_DECLS
