/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-sign-in-page.c: the screen at start and after a lock. Lists the
 * active accounts; the PIN is checked in a worker thread so the window
 * never stalls. On an empty database it creates the first account, an
 * administrator's. */
#define G_LOG_DOMAIN "meso-sign-in-page"

#include <glib/gi18n.h>

#include "meso-demo.h"
#include "meso-row-error.h"
#include "meso-secret.h"
#include "meso-sign-in-page.h"

struct _MesoSignInPage
{
  GtkWidget           parent_instance;

  MesoContext        *context;
  GListModel         *staff;
  GCancellable       *cancellable;
  gboolean            busy;

  /* Template children */
  AdwStatusPage      *status_page;
  GtkListBox         *staff_list;
  GtkWidget          *pin_box;
  AdwPasswordEntryRow *pin_row;
  GtkButton          *sign_in_button;
  GtkWidget          *setup_box;
  AdwEntryRow        *name_row;
  AdwPasswordEntryRow *new_pin_row;
  AdwPasswordEntryRow *repeat_pin_row;
  GtkButton          *create_button;
  GtkLabel           *error_label;
  GtkLabel           *hint_label;
};

G_DEFINE_FINAL_TYPE (MesoSignInPage, meso_sign_in_page, GTK_TYPE_WIDGET)

enum {
  SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
meso_sign_in_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MesoSignInPage *self = MESO_SIGN_IN_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
show_error (MesoSignInPage *self,
            const char     *message)
{
  meso_row_error_show_label (self->error_label, GTK_WIDGET (self->pin_row), message);
}

/* While a PIN is checked. The entries keep their focus: making them
 * insensitive would take it away mid-typing. */
static void
set_busy (MesoSignInPage *self,
          gboolean        busy)
{
  self->busy = busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->staff_list), !busy);
}

static MesoStaff *
selected_staff (MesoSignInPage *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->staff_list);

  if (row == NULL)
    return NULL;
  return g_list_model_get_item (self->staff, gtk_list_box_row_get_index (row));
}

static GtkWidget *
create_staff_row (gpointer item,
                  gpointer user_data)
{
  MesoStaff *staff = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *avatar = adw_avatar_new (32, meso_staff_get_display_name (staff), TRUE);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), meso_staff_get_display_name (staff));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               meso_role_get_label (meso_staff_get_role (staff)));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), avatar);
  return row;
}

/* After the click that selected a row is over, or the row takes the focus
 * back from the PIN. */
static gboolean
focus_pin_cb (gpointer user_data)
{
  MesoSignInPage *self = user_data;

  gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
  return G_SOURCE_REMOVE;
}

static void
on_staff_list_row_selected_cb (MesoSignInPage *self,
                               GtkListBoxRow  *row)
{
  g_autoptr(MesoStaff) staff = NULL;
  g_autofree char *title = NULL;

  /* Disposing the list unselects its rows; nothing is left to update. */
  if (self->staff_list == NULL)
    return;
  staff = selected_staff (self);
  gtk_widget_set_visible (self->pin_box, staff != NULL);
  show_error (self, NULL);
  if (staff == NULL)
    return;
  title = g_strdup_printf (_("PIN for %s"), meso_staff_get_display_name (staff));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->pin_row), title);
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, focus_pin_cb, g_object_ref (self), g_object_unref);
}

static void
on_signed_in_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MesoSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoStaff) staff = NULL;

  staff = meso_staff_store_sign_in_finish (MESO_STAFF_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  if (staff == NULL)
    {
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->new_pin_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->repeat_pin_row), "");
  g_signal_emit (self, signals[SIGNED_IN], 0, staff);
}

static void
sign_in (MesoSignInPage *self,
         gint64          id,
         const char     *secret)
{
  set_busy (self, TRUE);
  show_error (self, NULL);
  meso_staff_store_sign_in_async (meso_context_get_staff_store (self->context), id, secret,
                                  self->cancellable, on_signed_in_cb, g_object_ref (self));
}

static void
on_sign_in_cb (MesoSignInPage *self)
{
  g_autoptr(MesoStaff) staff = selected_staff (self);
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->pin_row));

  if (staff == NULL || self->busy)
    return;
  if (*pin == '\0')
    {
      show_error (self, _("Type your PIN."));
      return;
    }
  sign_in (self, meso_staff_get_id (staff), pin);
}

static void
on_first_hash_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(MesoSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = meso_secret_hash_finish (result, &error);
  g_autoptr(MesoStaff) staff = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (hash != NULL)
    staff = meso_staff_store_add (meso_context_get_staff_store (self->context),
                                  gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                  MESO_ROLE_ADMINISTRATOR, hash, &error);
  if (staff == NULL)
    {
      set_busy (self, FALSE);
      show_error (self, error->message);
      return;
    }
  sign_in (self, meso_staff_get_id (staff), gtk_editable_get_text (GTK_EDITABLE (self->new_pin_row)));
}

static void
on_create_cb (MesoSignInPage *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->new_pin_row));
  const char *repeat = gtk_editable_get_text (GTK_EDITABLE (self->repeat_pin_row));
  g_autofree char *trimmed = g_strstrip (g_strdup (name));
  g_autofree char *problem = NULL;

  if (self->busy)
    return;
  problem = meso_staff_store_check_name (meso_context_get_staff_store (self->context), 0, trimmed);
  if (problem == NULL)
    problem = meso_secret_check (pin);
  if (problem == NULL && g_strcmp0 (pin, repeat) != 0)
    problem = g_strdup (_("The two PINs differ: type the same one twice."));
  if (problem != NULL)
    {
      show_error (self, problem);
      return;
    }
  set_busy (self, TRUE);
  show_error (self, NULL);
  meso_secret_hash_async (pin, self->cancellable, on_first_hash_cb, g_object_ref (self));
}

/**
 * meso_sign_in_page_reset:
 * @last: (nullable): who was signed in before the lock, selected first
 *
 * Lists the accounts again (an administrator may have added some) and
 * clears anything typed.
 */
void
meso_sign_in_page_reset (MesoSignInPage *self,
                         MesoStaff      *last)
{
  MesoStaffStore *store = meso_context_get_staff_store (self->context);
  MesoClinic *clinic = meso_context_get_clinic (self->context);
  g_autoptr(GError) error = NULL;
  g_autofree char *hint = NULL;
  g_autofree char *clinic_name = NULL;
  guint n;

  g_clear_object (&self->staff);
  self->staff = meso_staff_store_list (store, FALSE, &error);
  if (self->staff == NULL)
    {
      show_error (self, error->message);
      return;
    }
  gtk_list_box_bind_model (self->staff_list, self->staff, create_staff_row, NULL, NULL);
  n = g_list_model_get_n_items (self->staff);

  /* The description is markup: a clinic may well be "Hair & Scalp". */
  clinic_name = g_markup_escape_text (meso_clinic_get_text (clinic, MESO_CLINIC_NAME), -1);
  adw_status_page_set_description (self->status_page, clinic_name);
  /* The list's own scroller, the nearest: the status page has another. */
  gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (self->staff_list),
                                                   GTK_TYPE_SCROLLED_WINDOW), n > 0);
  gtk_widget_set_visible (self->setup_box, n == 0);
  gtk_widget_set_visible (self->pin_box, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  show_error (self, NULL);

  if (n == 0)
    {
      adw_status_page_set_title (self->status_page, _("Create the Administrator Account"));
      gtk_label_set_text (self->hint_label,
                          _("Everyone who uses Mesodesk signs in with their own account. Start "
                            "with the account of the person who manages accounts and backups."));
      gtk_widget_set_visible (GTK_WIDGET (self->hint_label), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self));
      return;
    }

  adw_status_page_set_title (self->status_page, _("Who Is Working?"));
  hint = g_strdup_printf (_("Demo clinic: every account’s PIN is %s."), MESO_DEMO_PIN);
  gtk_label_set_text (self->hint_label, hint);
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), meso_context_is_demo (self->context));
  for (guint i = 0; last != NULL && i < n; i++)
    {
      g_autoptr(MesoStaff) staff = g_list_model_get_item (self->staff, i);

      if (meso_staff_get_id (staff) == meso_staff_get_id (last))
        {
          gtk_list_box_select_row (self->staff_list,
                                   gtk_list_box_get_row_at_index (self->staff_list, i));
          return;
        }
    }
  gtk_list_box_unselect_all (self->staff_list);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

/* The focus goes to what the page asks for next: the PIN, the accounts,
 * or the first account's form. A list box with no focused row passes the
 * focus on to nobody, and the window would give it to the menu button. */
static gboolean
meso_sign_in_page_grab_focus (GtkWidget *widget)
{
  MesoSignInPage *self = MESO_SIGN_IN_PAGE (widget);
  GtkListBoxRow *row;

  if (gtk_widget_get_visible (self->pin_box))
    return gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
  if (!gtk_widget_get_visible (GTK_WIDGET (self->staff_list)))
    return gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  row = gtk_list_box_get_selected_row (self->staff_list);
  if (row == NULL)
    row = gtk_list_box_get_row_at_index (self->staff_list, 0);
  return row != NULL && gtk_widget_grab_focus (GTK_WIDGET (row));
}

static void
meso_sign_in_page_dispose (GObject *object)
{
  MesoSignInPage *self = MESO_SIGN_IN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MESO_TYPE_SIGN_IN_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->staff);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (meso_sign_in_page_parent_class)->dispose (object);
}

/* The accounts to choose from, or the first account's form, once the
 * context is known. */
static void
meso_sign_in_page_constructed (GObject *object)
{
  G_OBJECT_CLASS (meso_sign_in_page_parent_class)->constructed (object);

  meso_sign_in_page_reset (MESO_SIGN_IN_PAGE (object), NULL);
}

static void
meso_sign_in_page_class_init (MesoSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = meso_sign_in_page_dispose;
  object_class->set_property = meso_sign_in_page_set_property;
  object_class->constructed = meso_sign_in_page_constructed;
  widget_class->grab_focus = meso_sign_in_page_grab_focus;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MESO_TYPE_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MesoSignInPage::signed-in:
   * @staff: who signed in; the context's database now works as them
   */
  signals[SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, MESO_TYPE_STAFF);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mesodesk/Mesodesk/meso-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MesoSignInPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, MesoSignInPage, staff_list);
  gtk_widget_class_bind_template_child (widget_class, MesoSignInPage, pin_box);
  gtk_widget_class_bind_template_child (widget_class, MesoSignInPage, pin_row);
  gtk_widget_class_bind_template_child (widget_class, MesoSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, MesoSignInPage, setup_box);
  gtk_widget_class_bind_template_child (widget_class, MesoSignInPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, MesoSignInPage, new_pin_row);
  gtk_widget_class_bind_template_child (widget_class, MesoSignInPage, repeat_pin_row);
  gtk_widget_class_bind_template_child (widget_class, MesoSignInPage, create_button);
  gtk_widget_class_bind_template_child (widget_class, MesoSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, MesoSignInPage, hint_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
meso_sign_in_page_init (MesoSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  g_signal_connect_swapped (self->staff_list, "row-selected",
                            G_CALLBACK (on_staff_list_row_selected_cb), self);
  g_signal_connect_swapped (self->pin_row, "entry-activated", G_CALLBACK (on_sign_in_cb), self);
  g_signal_connect_swapped (self->sign_in_button, "clicked", G_CALLBACK (on_sign_in_cb), self);
  g_signal_connect_swapped (self->repeat_pin_row, "entry-activated",
                            G_CALLBACK (on_create_cb), self);
  g_signal_connect_swapped (self->create_button, "clicked", G_CALLBACK (on_create_cb), self);
}

MesoSignInPage *
meso_sign_in_page_new (MesoContext *context)
{
  return g_object_new (MESO_TYPE_SIGN_IN_PAGE, "context", context, NULL);
}
