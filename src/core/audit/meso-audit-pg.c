/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-audit-pg.c: the audit trail's part of checking a clinic server
 * (--check): its hash chain, verified by the schema's own
 * meso_audit_link() (data/schema-pg/0010-audit-chain.sql). */
#define G_LOG_DOMAIN "meso-audit"

#include <glib/gi18n.h>

#include "meso-audit-pg.h"

/**
 * meso_audit_check_chain_server:
 * @problems: where each problem found is appended, one per line
 * @out_n_entries: (out): the number of audit entries
 *
 * Each audit row's link must be the hash of the link before it and the
 * row: the first entry where it is not (edited, or after a deleted one),
 * and a link whose entry is gone, are named in @problems.
 *
 * Returns: %FALSE with @error set when the check itself could not run
 */
gboolean
meso_audit_check_chain_server (MesoPg   *pg,
                               GString  *problems,
                               gint64   *out_n_entries,
                               GError  **error)
{
  g_autofree char *first_broken = NULL;
  g_autofree char *first_deleted = NULL;
  g_autofree char *n_entries = NULL;

  if (!meso_pg_query_value (pg, "SELECT min (id) FROM (SELECT a.*, c.hash,"
                                "  lag (c.hash) OVER (ORDER BY a.id) AS previous"
                                "  FROM audit a LEFT JOIN audit_chain c ON c.audit_id = a.id) AS r"
                                " WHERE r.hash IS NULL OR r.hash <> meso_audit_link (r.previous,"
                                "  r.id, r.at, r.staff_id, r.table_name, r.row_id, r.patient_id,"
                                "  r.action, r.old_values, r.new_values)", &first_broken, error) ||
      !meso_pg_query_value (pg, "SELECT min (audit_id) FROM audit_chain c"
                                " WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.id = c.audit_id)",
                            &first_deleted, error) ||
      !meso_pg_query_value (pg, "SELECT count(*) FROM audit", &n_entries, error))
    return FALSE;
  if (first_deleted != NULL)
    g_string_append_printf (problems, _("Audit entry %s was deleted.\n"), first_deleted);
  if (first_broken != NULL)
    g_string_append_printf (problems, _("Audit entry %s was changed, or entries before it were.\n"),
                            first_broken);
  *out_n_entries = g_ascii_strtoll (n_entries != NULL ? n_entries : "0", NULL, 10);
  return TRUE;
}
