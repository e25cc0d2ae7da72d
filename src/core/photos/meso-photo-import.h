/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-import.h: a photo file read, made into the stored copy and
 * stored, all in a worker thread, for the member of staff signed in. */
#pragma once

#include "meso-context.h"

G_BEGIN_DECLS

void     meso_photo_import_async  (MesoContext          *context,
                                   GFile                *file,
                                   gint64                appointment_id,
                                   gint64                view_id,
                                   const char           *spot,
                                   MesoPhotoConsent      consent,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
gboolean meso_photo_import_finish (GAsyncResult         *result,
                                   gint64               *out_view_id,
                                   char                **out_spot,
                                   GError              **error);

G_END_DECLS
