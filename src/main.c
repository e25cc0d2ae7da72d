/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: binds the text domain and runs the application. */
#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <locale.h>

#include "config.h"
#include "meso-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MesoApplication) app = NULL;

  /* The user's language and formats, but numbers in C's: Debian's SQLite
   * reads JSON numbers with strtod(), so "0.5" would read as 0 where the
   * decimal separator is a comma (Spanish, Russian, Turkish), and a scalp
   * map's or a recipe's numbers with it. GTK would set them all again. */
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "");
  setlocale (LC_NUMERIC, "C");
  /* An uninstalled build finds its translations in the build folder. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("MESODESK_LOCALEDIR") != NULL
                                   ? g_getenv ("MESODESK_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = meso_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
