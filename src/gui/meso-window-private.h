/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-window-private.h: what meso-window.c (the window, its pages and
 * actions) and meso-window-lock.c (the lock and the windows hidden behind
 * it) share, and nothing else includes. */
#pragma once

#include "meso-calendar-page.h"
#include "meso-health-banner.h"
#include "meso-idle-timer.h"
#include "meso-patients-page.h"
#include "meso-sign-in-page.h"
#include "meso-today-page.h"
#include "meso-window.h"

G_BEGIN_DECLS

struct _MesoWindow
{
  AdwApplicationWindow  parent_instance;

  MesoContext          *context;
  GSettings            *settings;
  MesoPatientsPage     *patients_page;   /* made once, emptied for each new person */
  MesoCalendarPage     *calendar_page;
  MesoTodayPage        *today_page;     /* each NULL until first shown */
  AdwViewStackPage     *today_stack_page;
  AdwBin               *today_bin;      /* the stack's pages: each holds its page once built */
  AdwBin               *calendar_bin;
  AdwBin               *patients_bin;
  MesoNotifier         *notifier;
  GBinding             *notifier_locked;  /* this window's lock, told to the notifier */
  gint64                reminder_to_open; /* asked for while locked: opened at sign-in */
  gboolean              open_reminder_at_sign_in;
  MesoSignInPage       *sign_in_page;
  MesoStaff            *staff;           /* signed in, or last signed in while locked */
  gboolean              locked;
  gboolean              close_confirmed; /* losing the work hidden behind the lock */
  MesoIdleTimer        *idle_timer;
  GtkWindow            *new_pin_dialog;  /* while an outdated PIN must be replaced */
  GPtrArray            *hidden;          /* of GWeakRef: windows hidden by the lock, in
                                          * stacking order, the one in use last */
  GHashTable           *discarded;       /* staff id -> what of theirs was closed */
  guint                 backup_source;
  char                 *backup_check;       /* the clinic's passphrase check ... */
  char                 *backup_passphrase;  /* ... and the passphrase found for it */
  guint                 first_frame_source;   /* after the first frame, till idle */
  gboolean              waiting_for_first_frame;
  gboolean              first_frame_presented;
  GCancellable         *cancellable;
  AdwToast             *toast;           /* the result shown now, if any */
  gint64                toast_added_at;  /* monotonic */
  GQueue                next_toasts;     /* AdwToast, waiting their turn */
  guint                 next_toast_source;
  GtkWindow            *spare_preferences;   /* built ahead, not shown yet */
  guint                 spare_source;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  MesoHealthBanner     *sign_in_banner;
  MesoHealthBanner     *work_banner;
  GtkBox               *sign_in_box;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack         *view_stack;
  GtkLabel             *user_label;
  GMenu                *demo_section;     /* "Open the Demo Clinic", not shown in the demo */
};

/* meso-window.c */
void       meso_window_update_actions               (MesoWindow *self);
gboolean   meso_window_may                          (MesoWindow     *self,
                                                     MesoPermission  permission);
void       meso_window_update_subtitle              (MesoWindow *self);
gint64     meso_window_lock_limit                   (MesoWindow *self);

/* meso-window-preferences.c */
void       meso_window_prepare_preferences          (MesoWindow *self);
void       meso_window_drop_spare_preferences       (MesoWindow *self);
void       meso_window_preferences_action           (GtkWidget  *widget,
                                                     const char *action_name,
                                                     GVariant   *parameter);
void       meso_window_restore_latest_backup_action (GtkWidget  *widget,
                                                     const char *action_name,
                                                     GVariant   *parameter);

/* meso-window-lock.c */
void       meso_window_lock                         (MesoWindow *self);
void       meso_window_close_transient_windows      (MesoWindow *self);
GPtrArray *meso_window_take_hidden_windows          (MesoWindow *self);
void       meso_window_discard_hidden_windows       (MesoWindow *self,
                                                     MesoStaff  *staff);
void       meso_window_show_hidden_windows          (MesoWindow *self);
gboolean   meso_window_confirm_close_hidden_windows (MesoWindow *self);
void       meso_window_free_weak_ref                (gpointer    data);
void       meso_window_on_toplevels_changed_cb      (GListModel *toplevels,
                                                     guint       position,
                                                     guint       removed,
                                                     guint       added,
                                                     gpointer    user_data);

G_END_DECLS
