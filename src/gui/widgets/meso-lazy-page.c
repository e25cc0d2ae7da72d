/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-lazy-page.c: a preferences page built when it is first shown. A
 * preferences window's pages are all measured with it, hidden ones too, so
 * a page that is built only when someone opens it costs the window's first
 * frame nothing: neither its widgets nor its reads of the database. */
#define G_LOG_DOMAIN "meso-lazy-page"

#include "meso-lazy-page.h"

#define BUILD_KEY "meso-lazy-page-build"

static void
on_first_map_cb (GtkWidget *page)
{
  MesoLazyPageBuild build = g_object_steal_data (G_OBJECT (page), BUILD_KEY);

  g_signal_handlers_disconnect_by_func (page, on_first_map_cb, NULL);
  if (build != NULL)
    build (ADW_PREFERENCES_PAGE (page));
}

/**
 * meso_lazy_page_build_when_shown:
 * @page: a page with a title and an icon, but no groups yet
 * @build: adds its groups and fills them
 *
 * Calls @build the first time @page is mapped: when its window shows it
 * first, or when the window switches to it. The switch maps it at once, so
 * what is on the page exists as soon as it is the visible page.
 */
void
meso_lazy_page_build_when_shown (AdwPreferencesPage *page,
                                 MesoLazyPageBuild   build)
{
  g_return_if_fail (ADW_IS_PREFERENCES_PAGE (page));

  g_object_set_data (G_OBJECT (page), BUILD_KEY, build);
  g_signal_connect (page, "map", G_CALLBACK (on_first_map_cb), NULL);
}

/**
 * meso_lazy_page_build_now:
 * @page: a page given to meso_lazy_page_build_when_shown()
 *
 * Builds @page now if it is not built yet: for code that needs its widgets
 * before the window has shown it.
 */
void
meso_lazy_page_build_now (AdwPreferencesPage *page)
{
  g_return_if_fail (ADW_IS_PREFERENCES_PAGE (page));

  if (!meso_lazy_page_is_built (page))
    on_first_map_cb (GTK_WIDGET (page));
}

/**
 * meso_lazy_page_is_built:
 * @page: a page given to meso_lazy_page_build_when_shown()
 *
 * Returns: whether its groups have been built.
 */
gboolean
meso_lazy_page_is_built (AdwPreferencesPage *page)
{
  return g_object_get_data (G_OBJECT (page), BUILD_KEY) == NULL;
}

/**
 * meso_lazy_page_add_groups:
 * @page: the page
 * @resource: a .ui file whose top-level objects are preferences groups
 * @group_ids: (array zero-terminated=1): their ids, in the page's order
 *
 * Returns: (transfer full): the builder, to look up the groups' widgets.
 */
GtkBuilder *
meso_lazy_page_add_groups (AdwPreferencesPage *page,
                           const char         *resource,
                           const char * const *group_ids)
{
  GtkBuilder *builder = gtk_builder_new_from_resource (resource);

  for (guint i = 0; group_ids[i] != NULL; i++)
    adw_preferences_page_add (page,
                              ADW_PREFERENCES_GROUP (gtk_builder_get_object (builder,
                                                                             group_ids[i])));
  return builder;
}

/**
 * meso_lazy_page_bind:
 * @builder: a builder from meso_lazy_page_add_groups()
 * @instance: the page's instance struct
 * @id: a widget's id in the .ui file
 * @offset: where @instance keeps it
 *
 * Sets the pointer at @offset in @instance to the widget @id, like a
 * template child; a missing id is a programming error.
 */
void
meso_lazy_page_bind (GtkBuilder *builder,
                     gpointer    instance,
                     const char *id,
                     gsize       offset)
{
  GObject *object = gtk_builder_get_object (builder, id);

  if (object == NULL)
    g_error ("no object “%s” in the page's .ui file", id);
  G_STRUCT_MEMBER (GObject *, instance, offset) = object;
}
