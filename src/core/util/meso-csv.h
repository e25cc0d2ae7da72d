/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-csv.h: the one CSV writer every export uses. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _MesoCsv MesoCsv;

MesoCsv    *meso_csv_new       (void);
void        meso_csv_free      (MesoCsv     *self);
void        meso_csv_add_cell  (MesoCsv     *self,
                                const char  *value);
void        meso_csv_add_int   (MesoCsv     *self,
                                gint64       value);
void        meso_csv_end_row   (MesoCsv     *self);
void        meso_csv_add_row   (MesoCsv     *self,
                                const char  *first,
                                ...) G_GNUC_NULL_TERMINATED;
const char *meso_csv_get_text  (MesoCsv     *self,
                                gsize       *length);
gboolean    meso_csv_write     (MesoCsv     *self,
                                const char  *path,
                                GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MesoCsv, meso_csv_free)

G_END_DECLS
