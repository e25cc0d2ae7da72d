/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-composer-window-private.h: what meso-composer-window.c (the
 * composer) and meso-composer-window-screening.c (the patient's screening,
 * opened from it) share, and nothing else includes. */
#pragma once

#include "meso-composer-window.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 ingredient_id;
  gint64 lot_id;
  double concentration;   /* of the lot's product, kept so a recount reads no stock */
  double volume_ml;
} Item;

struct _MesoComposerWindow
{
  AdwWindow        parent_instance;

  MesoContext     *context;
  MesoAppointment *session;
  MesoPatient     *patient;
  MesoScreening   *screening;
  MesoCatalogue   *catalogue;
  GArray          *items;          /* of Item */
  GPtrArray       *item_lots;      /* for each item, the ids of its dropdown's lots */
  GPtrArray       *findings;       /* of MesoFinding, from the last screening */
  char            *finding_keys;   /* to rebuild their rows only when they change */
  GHashTable      *reasons;        /* finding key → reason typed */
  MesoCocktail    *cocktail;       /* as last computed */
  gboolean         computed;
  GtkStringList   *add_names;
  guint            map_points;     /* of the session's scalp map, read once */
  double           map_volume_ml;
  gint64           record_id;      /* the session's latest record, corrected by the next */

  /* Template children */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkButton       *administer_button;
  GtkLabel        *verdict_label;
  GtkLabel        *record_label;
  GtkListBox      *findings_list;
  AdwComboRow     *recipe_row;
  GtkSpinButton   *total_spin;
  GtkButton       *map_button;
  AdwComboRow     *add_row;
  AdwEntryRow     *save_recipe_row;
  GtkListBox      *items_list;
  GtkLabel        *summary_label;
  GtkLabel        *label_preview;
};

void meso_composer_window_refresh        (MesoComposerWindow *self);

/* meso-composer-window-screening.c */
void meso_composer_window_open_screening (MesoComposerWindow *self);

G_END_DECLS
