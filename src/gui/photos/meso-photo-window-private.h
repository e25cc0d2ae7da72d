/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-photo-window-private.h: what the photos window's files share. */
#pragma once

#include "meso-hair-counter.h"
#include "meso-photo-compare.h"
#include "meso-photo-folder.h"
#include "meso-photo-window.h"
#include "meso-scalp-overlay.h"

G_BEGIN_DECLS

/* One row of the session: a view, and for trichoscopy one of its spots. */
typedef struct
{
  gint64  view_id;
  char   *spot;
  char   *label;
  int     scalp_view;   /* the scalp map's view of the same part, or -1 */
} Slot;

struct _MesoPhotoWindow
{
  AdwWindow             parent_instance;

  MesoContext          *context;
  MesoPhotoStore       *store;
  MesoAppointment      *session;
  GPtrArray            *photos;       /* MesoPhoto: the patient's, oldest session first */
  GPtrArray            *slots;        /* Slot: the rows of the view list */
  guint                 selected;     /* the selected slot */
  GListStore           *history;      /* MesoPhoto: the selected slot over the course */
  GHashTable           *thumbnails;   /* photo id (gint64 *) -> GdkTexture */
  GCancellable         *cancellable;  /* the window's decoding, imports and choosers */
  GtkFileChooserNative *chooser;
  GQueue                imports;      /* files waiting to be imported, one at a time */
  gboolean              importing;
  MesoPhotoFolder      *folder;
  GSettings            *settings;
  gboolean              updating;
  gboolean              guide_shown;  /* the selected view has a guide, and it is wanted */
  gint64                compared[2];  /* the photos last compared, before and after */

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack         *view_stack;
  GtkListBox           *view_list;
  AdwComboRow          *new_consent_row;
  AdwActionRow         *folder_row;
  GtkOverlay           *preview_overlay;
  GtkPicture           *photo_picture;
  GtkPicture           *guide_picture;
  AdwStatusPage        *empty_page;
  GtkLabel             *import_error_label;
  GtkCheckButton       *guide_check;
  GtkDropDown          *consent_dropdown;
  GtkCheckButton       *record_check;
  GHashTable           *on_record;    /* photo ids (gint64 *) chosen for the record handout */
  GtkToggleButton      *count_button;
  MesoHairCounter      *counter;
  GtkWidget            *count_toolbar;
  GtkToggleButton      *terminal_button;
  GtkLabel             *count_label;
  GtkToggleButton      *map_button;
  MesoScalpOverlay     *map_overlay;
  GtkWidget            *map_toolbar;
  GtkListView          *strip;
  GtkDropDown          *before_dropdown;
  GtkDropDown          *after_dropdown;
  GtkToggleButton      *side_button;
  GtkToggleButton      *overlay_button;
  GtkToggleButton      *wipe_button;
  GtkAdjustment        *position_adjustment;
  GtkWidget            *position_scale;
  GtkToggleButton      *align_button;
  GtkLabel             *compare_label;
  MesoPhotoCompare     *compare;
};

Slot *meso_photo_window_get_selected_slot (MesoPhotoWindow *self);
void  meso_photo_window_toast           (MesoPhotoWindow *self,
                                         const char      *message);
void  meso_photo_window_show_problem    (MesoPhotoWindow *self,
                                         const char      *message);
char *meso_photo_window_format_session  (MesoPhotoWindow *self,
                                         gint64           starts_at);
void  meso_photo_window_decode_thread   (GTask           *task,
                                         gpointer         source,
                                         gpointer         data,
                                         GCancellable    *cancellable);
MesoPhoto *meso_photo_window_get_session_photo (MesoPhotoWindow *self);
void  meso_photo_window_update_compare  (MesoPhotoWindow *self);
void  meso_photo_window_count_init      (MesoPhotoWindow *self);
void  meso_photo_window_print_init      (MesoPhotoWindow *self);
void  meso_photo_window_import_file     (MesoPhotoWindow *self,
                                         GFile           *file,
                                         gboolean         to_selected);
void  meso_photo_window_folder_init     (MesoPhotoWindow *self);
void  meso_photo_window_take_folder     (MesoPhotoWindow *self);
void  meso_photo_window_choose_folder   (GtkWidget       *widget,
                                         const char      *action,
                                         GVariant        *parameter);
void  meso_photo_window_stop_folder     (GtkWidget       *widget,
                                         const char      *action,
                                         GVariant        *parameter);
void  meso_photo_window_print_progress  (GtkWidget       *widget,
                                         const char      *action,
                                         GVariant        *parameter);
void  meso_photo_window_print_record    (GtkWidget       *widget,
                                         const char      *action,
                                         GVariant        *parameter);
void  meso_photo_window_save_count      (GtkWidget       *widget,
                                         const char      *action,
                                         GVariant        *parameter);
void  meso_photo_window_clear_count     (GtkWidget       *widget,
                                         const char      *action,
                                         GVariant        *parameter);
void  meso_photo_window_compare_init    (MesoPhotoWindow *self);
void  meso_photo_window_map_init        (MesoPhotoWindow *self);
void  meso_photo_window_save_map        (GtkWidget       *widget,
                                         const char      *action,
                                         GVariant        *parameter);
void  meso_photo_window_fit_map         (GtkWidget       *widget,
                                         const char      *action,
                                         GVariant        *parameter);
void  meso_photo_window_save_alignment  (GtkWidget       *widget,
                                         const char      *action,
                                         GVariant        *parameter);

G_END_DECLS
