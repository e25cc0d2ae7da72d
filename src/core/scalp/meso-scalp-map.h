/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-scalp-map.h: one session's scalp map: zone grades, hair-loss regions, injection points, measurements. */
#pragma once

#include <glib-object.h>

#include "meso-scalp-model.h"

G_BEGIN_DECLS

/* The one stage with a word in it, stored as written here whatever the
 * language (it is data); meso_hair_scale_get_stage_label() shows it. */
#define MESO_NORWOOD_III_VERTEX "III vertex"

/* How thin the hair is in a zone. At NO_FOLLICLES mesotherapy cannot
 * regrow hair: only transplantation can. */
typedef enum
{
  MESO_GRADE_NONE,
  MESO_GRADE_MILD,
  MESO_GRADE_MODERATE,
  MESO_GRADE_SEVERE,
  MESO_GRADE_NO_FOLLICLES,
  MESO_N_GRADES
} MesoGrade;

typedef enum
{
  MESO_HAIR_SCALE_NONE,
  MESO_HAIR_SCALE_NORWOOD,   /* Hamilton-Norwood I-VII, with the a variants and III vertex */
  MESO_HAIR_SCALE_LUDWIG,    /* I-III */
  MESO_HAIR_SCALE_SINCLAIR,  /* 1-5 */
  MESO_N_HAIR_SCALES
} MesoHairScale;

#define MESO_TYPE_HAIR_SCALE (meso_hair_scale_get_type ())
GType meso_hair_scale_get_type (void);

typedef enum
{
  MESO_PULL_TEST_NOT_DONE,
  MESO_PULL_TEST_NEGATIVE,
  MESO_PULL_TEST_POSITIVE,
} MesoPullTest;

/* A painted region where hair is lost, as a polygon in one view. */
typedef struct
{
  MesoScalpView  view;
  GArray        *outline;   /* of MesoVec2 */
} MesoScalpRegion;

typedef struct
{
  MesoScalpView view;
  MesoVec2      at;
  double        depth_mm;
  double        volume_ml;
} MesoInjectionPoint;

/* A trichoscopy reading at a named spot. */
typedef struct
{
  char   *spot;
  double  density;       /* hairs per cm² */
  double  diameter_um;   /* mean shaft diameter */
} MesoTrichoscopy;

/* Injections deeper than this are flagged: mesotherapy stays in the dermis. */
#define MESO_INJECTION_MAX_DEPTH_MM 2.0

#define MESO_TYPE_SCALP_MAP (meso_scalp_map_get_type ())
G_DECLARE_FINAL_TYPE (MesoScalpMap, meso_scalp_map, MESO, SCALP_MAP, GObject)

MesoScalpMap *meso_scalp_map_new               (void);
MesoScalpMap *meso_scalp_map_copy              (MesoScalpMap       *self);
gint64        meso_scalp_map_get_revision      (MesoScalpMap       *self);
void          meso_scalp_map_set_revision      (MesoScalpMap       *self,
                                                gint64              revision);
void          meso_scalp_map_replace           (MesoScalpMap       *self,
                                                MesoScalpMap       *content);
MesoScalpMap *meso_scalp_map_merge             (MesoScalpMap       *base,
                                                MesoScalpMap       *mine,
                                                MesoScalpMap       *theirs);
char         *meso_scalp_map_describe_changes  (MesoScalpMap       *from,
                                                MesoScalpMap       *to);

MesoGrade     meso_scalp_map_get_grade         (MesoScalpMap       *self,
                                                MesoScalpZone       zone);
void          meso_scalp_map_set_grade         (MesoScalpMap       *self,
                                                MesoScalpZone       zone,
                                                MesoGrade           grade);
GPtrArray    *meso_scalp_map_get_regions       (MesoScalpMap       *self);
void          meso_scalp_map_add_region        (MesoScalpMap       *self,
                                                MesoScalpView       view,
                                                const MesoVec2     *outline,
                                                guint               n_points);
void          meso_scalp_map_remove_region     (MesoScalpMap       *self,
                                                guint               index);
GArray       *meso_scalp_map_get_points        (MesoScalpMap       *self);
void          meso_scalp_map_add_point         (MesoScalpMap       *self,
                                                const MesoInjectionPoint *point);
void          meso_scalp_map_remove_point      (MesoScalpMap       *self,
                                                guint               index);
guint         meso_scalp_map_add_grid          (MesoScalpMap       *self,
                                                MesoScalpView       view,
                                                guint               zones,
                                                double              spacing_mm,
                                                double              depth_mm,
                                                double              volume_ml);
GPtrArray    *meso_scalp_map_get_measurements  (MesoScalpMap       *self);
void          meso_scalp_map_set_measurement   (MesoScalpMap       *self,
                                                const char         *spot,
                                                double              density,
                                                double              diameter_um);
void          meso_scalp_map_remove_measurement
                                               (MesoScalpMap       *self,
                                                const char         *spot);
MesoPullTest  meso_scalp_map_get_pull_test     (MesoScalpMap       *self);
void          meso_scalp_map_set_pull_test     (MesoScalpMap       *self,
                                                MesoPullTest        result);
MesoHairScale meso_scalp_map_get_scale         (MesoScalpMap       *self,
                                                const char        **out_stage);
void          meso_scalp_map_set_scale         (MesoScalpMap       *self,
                                                MesoHairScale       scale,
                                                const char         *stage);
void          meso_scalp_map_clear_session     (MesoScalpMap       *self);
void          meso_scalp_map_restore           (MesoScalpMap       *self,
                                                const MesoGrade    *grades,
                                                GPtrArray          *regions,
                                                GArray             *points,
                                                GPtrArray          *measurements,
                                                MesoPullTest        pull_test,
                                                MesoHairScale       scale,
                                                const char         *stage);
MesoScalpRegion *meso_scalp_region_new         (MesoScalpView       view);
MesoTrichoscopy *meso_trichoscopy_new          (const char         *spot,
                                                double              density,
                                                double              diameter_um);

gboolean      meso_scalp_map_can_undo          (MesoScalpMap       *self);
gboolean      meso_scalp_map_can_redo          (MesoScalpMap       *self);
void          meso_scalp_map_undo              (MesoScalpMap       *self);
void          meso_scalp_map_redo              (MesoScalpMap       *self);

double        meso_scalp_map_salt_score        (MesoScalpMap       *self);
double        meso_scalp_region_area_cm2       (const MesoScalpRegion *region);
guint         meso_scalp_map_count_points      (MesoScalpMap       *self);
double        meso_scalp_map_total_volume      (MesoScalpMap       *self);
double        meso_scalp_map_mean_density      (MesoScalpMap       *self);
char         *meso_scalp_map_suggest_stage     (MesoScalpMap       *self,
                                                MesoHairScale       scale);
char         *meso_scalp_map_to_json           (MesoScalpMap       *self);

const char * const *meso_hair_scale_get_stages  (MesoHairScale       scale);
const char   *meso_hair_scale_get_stage_label  (MesoHairScale       scale,
                                               const char         *stage);
gboolean      meso_hair_scale_reference_grades (MesoHairScale       scale,
                                                const char         *stage,
                                                MesoGrade          *out_grades);
const char   *meso_grade_get_label             (MesoGrade           grade);
const char   *meso_hair_scale_get_code         (MesoHairScale       scale);
gboolean      meso_hair_scale_from_code        (const char         *code,
                                                MesoHairScale      *out_scale);

G_END_DECLS
