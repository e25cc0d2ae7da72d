/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-handout.h: a patient handout, composed in the patient's language and
 * ready to be laid out on pages. */
#pragma once

#include "meso-context.h"
#include "meso-handout-texts.h"
#include "meso-scalp-map.h"

G_BEGIN_DECLS

typedef enum
{
  MESO_HANDOUT_AFTERCARE,      /* after a session: do's and don'ts until when */
  MESO_HANDOUT_SCHEDULE,       /* the sessions of a course */
  MESO_HANDOUT_RECORD,         /* the session's record, for the clinic's file */
  MESO_HANDOUT_INSTRUCTIONS,   /* before a session */
  MESO_HANDOUT_RECORD_SUMMARY, /* a patient's whole record, for them to read (right of access) */
  MESO_HANDOUT_PROGRESS,       /* each photo view at the first and the latest session */
  MESO_HANDOUT_N_KINDS
} MesoHandoutKind;

#define MESO_TYPE_HANDOUT_KIND (meso_handout_kind_get_type ())
GType meso_handout_kind_get_type (void);

typedef enum
{
  MESO_HANDOUT_BLOCK_HEADING,
  MESO_HANDOUT_BLOCK_PARAGRAPH,
  MESO_HANDOUT_BLOCK_BULLET,
  MESO_HANDOUT_BLOCK_TABLE,
  MESO_HANDOUT_BLOCK_SCALP_MAP,
  MESO_HANDOUT_BLOCK_PHOTOS,
} MesoHandoutBlockType;

/**
 * MesoHandoutPhoto:
 * @image: the stored image (JPEG), read for printing
 * @width: its size in pixels, as @height
 * @caption: what is printed under it, lines separated by "\n"
 *
 * One photo of a %MESO_HANDOUT_BLOCK_PHOTOS block.
 */
typedef struct
{
  GBytes *image;
  guint   width;
  guint   height;
  char   *caption;
} MesoHandoutPhoto;

/**
 * MesoHandoutBlock:
 * @text: a heading's, paragraph's or bullet's text
 * @header: (nullable): a table's column titles
 * @rows: a table's rows, each a %NULL-terminated array of cells
 * @photos: a photos block's one or two #MesoHandoutPhoto, side by side,
 *   never split across pages
 *
 * One block of a handout's body, in reading order.
 */
typedef struct
{
  MesoHandoutBlockType  type;
  char                 *text;
  GStrv                 header;
  GPtrArray            *rows;
  GPtrArray            *photos;
} MesoHandoutBlock;

#define MESO_TYPE_HANDOUT (meso_handout_get_type ())
G_DECLARE_FINAL_TYPE (MesoHandout, meso_handout, MESO, HANDOUT, GObject)

const char      *meso_handout_kind_get_code       (MesoHandoutKind  kind);
gboolean         meso_handout_kind_from_code      (const char      *code,
                                                   MesoHandoutKind *out_kind);
const char      *meso_handout_kind_get_label      (MesoHandoutKind  kind);
MesoPermission   meso_handout_kind_get_permission (MesoHandoutKind  kind);
gboolean         meso_handout_kind_needs_done     (MesoHandoutKind  kind);

MesoHandout     *meso_handout_build               (MesoContext     *context,
                                                   MesoHandoutKind  kind,
                                                   gint64           appointment_id,
                                                   gint64           patient_id,
                                                   GDateTime       *now,
                                                   GError         **error);
MesoHandout     *meso_handout_build_full          (MesoContext     *context,
                                                   MesoHandoutKind  kind,
                                                   gint64           appointment_id,
                                                   gint64           patient_id,
                                                   const gint64    *photo_ids,
                                                   guint            n_photo_ids,
                                                   GDateTime       *now,
                                                   GError         **error);
MesoHandoutTexts *meso_handout_load_patient_texts (MesoContext     *context,
                                                   gint64           patient_id,
                                                   GError         **error);

MesoHandoutKind  meso_handout_get_kind            (MesoHandout     *self);
const char      *meso_handout_get_language        (MesoHandout     *self);
const char      *meso_handout_get_title           (MesoHandout     *self);
const char      *meso_handout_get_patient_name    (MesoHandout     *self);
const char      *meso_handout_get_printed         (MesoHandout     *self);
const char      *meso_handout_get_clinic_text     (MesoHandout     *self,
                                                   MesoClinicText   field);
GPtrArray       *meso_handout_get_blocks          (MesoHandout     *self);
MesoScalpMap    *meso_handout_get_scalp_map       (MesoHandout     *self);
char            *meso_handout_expand              (MesoHandout     *self,
                                                   const char      *section,
                                                   const char      *key);
char            *meso_handout_format_page         (MesoHandout     *self,
                                                   guint            page,
                                                   guint            pages);

G_END_DECLS
