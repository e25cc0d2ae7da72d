/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-lazy-page.h: a preferences page whose groups are built, and whose
 * data is read, when it is first shown, not with its window. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef void (*MesoLazyPageBuild) (AdwPreferencesPage *page);

void        meso_lazy_page_build_when_shown (AdwPreferencesPage *page,
                                             MesoLazyPageBuild   build);
void        meso_lazy_page_build_now        (AdwPreferencesPage *page);
gboolean    meso_lazy_page_is_built         (AdwPreferencesPage *page);
GtkBuilder *meso_lazy_page_add_groups       (AdwPreferencesPage *page,
                                             const char         *resource,
                                             const char * const *group_ids);
void        meso_lazy_page_bind             (GtkBuilder         *builder,
                                             gpointer            instance,
                                             const char         *id,
                                             gsize               offset);

G_END_DECLS
