/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-sign-in-page.h: who is working: choose a name, type the PIN. */
#pragma once

#include <adwaita.h>

#include "meso-context.h"

G_BEGIN_DECLS

#define MESO_TYPE_SIGN_IN_PAGE (meso_sign_in_page_get_type ())
G_DECLARE_FINAL_TYPE (MesoSignInPage, meso_sign_in_page, MESO, SIGN_IN_PAGE, GtkWidget)

MesoSignInPage *meso_sign_in_page_new   (MesoContext    *context);
void            meso_sign_in_page_reset (MesoSignInPage *self,
                                         MesoStaff      *last);

G_END_DECLS
