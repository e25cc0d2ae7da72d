/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-health-banner.c: a strip across the top of a window, shown while
 * nothing can be saved: the database is being checked; it was found
 * damaged, with the way out (restore the latest backup that passes its
 * check: the win.restore-latest-backup action, an administrator's); or the
 * clinic server cannot be reached, with a way to try again at once. */
#define G_LOG_DOMAIN "meso-health-banner"

#include <glib/gi18n.h>

#include "meso-health-banner.h"

struct _MesoHealthBanner
{
  GtkWidget    parent_instance;

  MesoContext *context;
  GtkWidget   *revealer;
  GtkWidget   *box;
  GtkWidget   *label;
  GtkWidget   *restore_button;
  GtkWidget   *reconnect_button;
};

G_DEFINE_FINAL_TYPE (MesoHealthBanner, meso_health_banner, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (MesoHealthBanner *self)
{
  MesoDbHealth health = self->context != NULL ? meso_context_get_health (self->context)
                                              : MESO_DB_HEALTH_UNCHECKED;
  gboolean connected = self->context == NULL || meso_context_is_connected (self->context);
  const char *text = NULL;

  if (!connected)
    text = _("The clinic server cannot be reached. Keep working: what you type stays here, "
             "and Mesodesk reconnects by itself. Saving waits until it is back.");
  else if (health == MESO_DB_HEALTH_CHECKING)
    text = _("Checking the clinic database: it was not closed properly last time. Nothing can "
             "be saved until the check is done.");
  else if (health == MESO_DB_HEALTH_DAMAGED)
    text = _("The clinic database is damaged, so Mesodesk saves nothing more to it. Restore "
             "the latest backup that passes its check.");
  else if (self->context != NULL && meso_context_has_damaged_photos (self->context))
    text = _("Some scalp photos were damaged after they were stored and no longer open. "
             "Everything else is sound. The last backup that holds them whole is kept: "
             "“mesodesk --check” names the photos.");

  if (text != NULL)
    gtk_label_set_text (GTK_LABEL (self->label), text);
  gtk_widget_set_visible (self->restore_button, connected && health == MESO_DB_HEALTH_DAMAGED);
  gtk_widget_set_visible (self->reconnect_button, !connected);
  if (connected && health == MESO_DB_HEALTH_DAMAGED)
    {
      gtk_widget_remove_css_class (self->box, "checking");
      gtk_widget_add_css_class (self->box, "damaged");
    }
  else
    {
      gtk_widget_remove_css_class (self->box, "damaged");
      gtk_widget_add_css_class (self->box, "checking");
    }
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), text != NULL);
}

static void
on_reconnect_cb (MesoHealthBanner *self)
{
  if (self->context != NULL)
    meso_context_reconnect (self->context);
}

static void
meso_health_banner_dispose (GObject *object)
{
  MesoHealthBanner *self = MESO_HEALTH_BANNER (object);

  meso_health_banner_set_context (self, NULL);
  g_clear_pointer (&self->revealer, gtk_widget_unparent);

  G_OBJECT_CLASS (meso_health_banner_parent_class)->dispose (object);
}

static void
meso_health_banner_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MesoHealthBanner *self = MESO_HEALTH_BANNER (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_health_banner_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  MesoHealthBanner *self = MESO_HEALTH_BANNER (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      meso_health_banner_set_context (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
meso_health_banner_class_init (MesoHealthBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = meso_health_banner_dispose;
  object_class->get_property = meso_health_banner_get_property;
  object_class->set_property = meso_health_banner_set_property;

  /* Construct-only for a banner declared on its own; the window's template
   * children get theirs later, from meso_health_banner_set_context(). */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MESO_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "healthbanner");
  /* Read out when it appears, whatever has the focus. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT);
}

static void
meso_health_banner_init (MesoHealthBanner *self)
{
  self->revealer = gtk_revealer_new ();
  gtk_widget_set_parent (self->revealer, GTK_WIDGET (self));

  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (self->box, "health-banner");
  gtk_revealer_set_child (GTK_REVEALER (self->revealer), self->box);

  self->label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0);
  gtk_widget_set_hexpand (self->label, TRUE);
  gtk_box_append (GTK_BOX (self->box), self->label);

  self->restore_button = gtk_button_new_with_mnemonic (_("_Restore Latest Backup…"));
  gtk_widget_set_valign (self->restore_button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->restore_button),
                                  "win.restore-latest-backup");
  /* Insensitive unless an administrator is signed in. */
  gtk_widget_set_tooltip_text (self->restore_button,
                               _("An administrator signs in to restore a backup"));
  gtk_box_append (GTK_BOX (self->box), self->restore_button);

  self->reconnect_button = gtk_button_new_with_mnemonic (_("_Reconnect Now"));
  gtk_widget_set_valign (self->reconnect_button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (self->reconnect_button, "clicked", G_CALLBACK (on_reconnect_cb),
                            self);
  gtk_box_append (GTK_BOX (self->box), self->reconnect_button);

  gtk_accessible_update_relation (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->label, NULL, -1);
  update (self);
}

/* Follows the health of @context's database; %NULL hides the banner. */
void
meso_health_banner_set_context (MesoHealthBanner *self,
                                MesoContext      *context)
{
  g_return_if_fail (MESO_IS_HEALTH_BANNER (self));

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_set_object (&self->context, context);
  if (context != NULL)
    {
      g_signal_connect_swapped (context, "notify::health", G_CALLBACK (update), self);
      g_signal_connect_swapped (context, "notify::connected", G_CALLBACK (update), self);
    }
  update (self);
}

/**
 * meso_health_banner_class_bind:
 *
 * Lets the template of @widget_class declare a banner named
 * "health_banner", for meso_health_banner_follow().
 */
void
meso_health_banner_class_bind (GtkWidgetClass *widget_class)
{
  g_type_ensure (MESO_TYPE_HEALTH_BANNER);
  gtk_widget_class_bind_template_child_full (widget_class, "health_banner", FALSE, 0);
}

/**
 * meso_health_banner_follow:
 * @window: a window whose class called meso_health_banner_class_bind()
 * @window_type: the type whose template declares it
 *
 * Has @window's banner follow @context: how a window of its own says the
 * clinic server cannot be reached, or that nothing can be saved.
 */
void
meso_health_banner_follow (GtkWidget   *window,
                           GType        window_type,
                           MesoContext *context)
{
  GObject *banner = gtk_widget_get_template_child (window, window_type, "health_banner");

  g_return_if_fail (MESO_IS_HEALTH_BANNER (banner));
  meso_health_banner_set_context (MESO_HEALTH_BANNER (banner), context);
}
