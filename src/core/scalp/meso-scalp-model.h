/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-scalp-model.h: the head the scalp map draws on: views, zones and SALT areas, in mm. */
#pragma once

#include "meso-geometry.h"

G_BEGIN_DECLS

typedef enum
{
  MESO_SCALP_VIEW_TOP,     /* from above, the face towards the top */
  MESO_SCALP_VIEW_FRONT,   /* facing the patient */
  MESO_SCALP_VIEW_BACK,
  MESO_SCALP_VIEW_LEFT,    /* the patient's left side, the face towards the left */
  MESO_SCALP_VIEW_RIGHT,
  MESO_SCALP_N_VIEWS
} MesoScalpView;

typedef enum
{
  MESO_SCALP_ZONE_NONE = -1,
  MESO_SCALP_ZONE_FRONTAL,
  MESO_SCALP_ZONE_LEFT_TEMPLE,
  MESO_SCALP_ZONE_RIGHT_TEMPLE,
  MESO_SCALP_ZONE_MID_SCALP,
  MESO_SCALP_ZONE_VERTEX,
  MESO_SCALP_ZONE_LEFT_PARIETAL,
  MESO_SCALP_ZONE_RIGHT_PARIETAL,
  MESO_SCALP_ZONE_OCCIPITAL,
  MESO_SCALP_N_ZONES
} MesoScalpZone;

/* The four areas of the SALT score, each seen in one view. */
typedef enum
{
  MESO_SALT_TOP,     /* 40 % of the scalp */
  MESO_SALT_BACK,    /* 24 % */
  MESO_SALT_LEFT,    /* 18 % */
  MESO_SALT_RIGHT,   /* 18 % */
  MESO_SALT_N_AREAS
} MesoSaltArea;

const char    *meso_scalp_view_get_name    (MesoScalpView  view);
const char    *meso_scalp_zone_get_name    (MesoScalpZone  zone);
const char    *meso_salt_area_get_name     (MesoSaltArea   area);

GArray        *meso_scalp_head_outline     (MesoScalpView  view);
GArray        *meso_scalp_zone_polygon     (MesoScalpZone  zone,
                                            MesoScalpView  view);
MesoScalpZone  meso_scalp_zone_at          (MesoScalpView  view,
                                            MesoVec2       point);
GArray        *meso_salt_area_polygon      (MesoSaltArea   area);
MesoScalpView  meso_salt_area_get_view     (MesoSaltArea   area);
double         meso_salt_area_get_weight   (MesoSaltArea   area);

G_END_DECLS
