/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui-validate-types.c: preloaded into gtk4-builder-tool so that it can
 * validate Mesodesk's templates. The 4.8 tool finds a template's parent
 * only among types already registered, so register them before it runs. */
#include <adwaita.h>

#include "meso-audit.h"
#include "meso-consent-row.h"
#include "meso-date-row.h"
#include "meso-patient-editor.h"
#include "meso-patient.h"
#include "meso-time-row.h"

__attribute__((constructor)) static void
register_types (void)
{
  /* Template parents. */
  g_type_ensure (ADW_TYPE_ACTION_ROW);
  g_type_ensure (ADW_TYPE_APPLICATION_WINDOW);
  g_type_ensure (ADW_TYPE_ENTRY_ROW);
  g_type_ensure (ADW_TYPE_EXPANDER_ROW);
  g_type_ensure (ADW_TYPE_PREFERENCES_PAGE);
  g_type_ensure (ADW_TYPE_PREFERENCES_WINDOW);
  g_type_ensure (ADW_TYPE_WINDOW);
  /* Mesodesk types used inside templates; the page, window and preferences
   * templates themselves are checked against stand-in types. */
  g_type_ensure (MESO_TYPE_AUDIT_ENTRY);
  g_type_ensure (MESO_TYPE_CONSENT_ROW);
  g_type_ensure (MESO_TYPE_DATE_ROW);
  g_type_ensure (MESO_TYPE_PATIENT);
  g_type_ensure (MESO_TYPE_PATIENT_EDITOR);
  g_type_ensure (MESO_TYPE_TIME_ROW);
}
