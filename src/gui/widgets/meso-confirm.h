/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-confirm.h: the question before a change that cannot be taken back. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

GtkWidget *meso_confirm_destructive (GtkWidget  *from,
                                     const char *heading,
                                     const char *body,
                                     const char *response,
                                     const char *label,
                                     GCallback   on_response,
                                     gpointer    object);

G_END_DECLS
