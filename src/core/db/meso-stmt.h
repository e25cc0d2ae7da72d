/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-stmt.h: a prepared statement, the one way the stores talk to the
 * database engine. The stores bind, step and read columns through these
 * calls and never through an engine's own API, so that the engine behind
 * a MesoDb can change under them (see HACKING.md, "The engine seam"). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _MesoStmt MesoStmt;

/**
 * MesoStep:
 * @MESO_STEP_ROW: meso_stmt_step() made a row ready to read
 * @MESO_STEP_DONE: the statement ran to its end
 *
 * What meso_stmt_step() returns when it succeeds. Any other value is a
 * failure, to pass to meso_db_set_error() or to test with
 * meso_step_is_constraint().
 */
typedef enum
{
  MESO_STEP_ROW = 100,
  MESO_STEP_DONE = 101,
} MesoStep;

/**
 * MesoValueType:
 *
 * The type of a column's value in the current row, for the range checks
 * that refuse a damaged or doctored value where it is read.
 */
typedef enum
{
  MESO_VALUE_INTEGER = 1,
  MESO_VALUE_FLOAT,
  MESO_VALUE_TEXT,
  MESO_VALUE_BLOB,
  MESO_VALUE_NULL,
} MesoValueType;

/* Parameters and columns count from 1 and 0, as in SQL and in SQLite. */
void           meso_stmt_bind_int64      (MesoStmt      *stmt,
                                          int            index,
                                          gint64         value);
void           meso_stmt_bind_int        (MesoStmt      *stmt,
                                          int            index,
                                          int            value);
void           meso_stmt_bind_double     (MesoStmt      *stmt,
                                          int            index,
                                          double         value);
void           meso_stmt_bind_text       (MesoStmt      *stmt,
                                          int            index,
                                          const char    *value);
void           meso_stmt_bind_text_len   (MesoStmt      *stmt,
                                          int            index,
                                          const char    *value,
                                          gsize          length);
void           meso_stmt_bind_blob       (MesoStmt      *stmt,
                                          int            index,
                                          GBytes        *value);
void           meso_stmt_bind_null       (MesoStmt      *stmt,
                                          int            index);

int            meso_stmt_count_parameters (MesoStmt     *stmt);

int            meso_stmt_step            (MesoStmt      *stmt);
void           meso_stmt_reset           (MesoStmt      *stmt);
gint64         meso_stmt_changes         (MesoStmt      *stmt);

int            meso_stmt_column_count    (MesoStmt      *stmt);
const char    *meso_stmt_column_name     (MesoStmt      *stmt,
                                          int            column);
MesoValueType  meso_stmt_column_type     (MesoStmt      *stmt,
                                          int            column);
gint64         meso_stmt_column_int64    (MesoStmt      *stmt,
                                          int            column);
int            meso_stmt_column_int      (MesoStmt      *stmt,
                                          int            column);
double         meso_stmt_column_double   (MesoStmt      *stmt,
                                          int            column);
const char    *meso_stmt_column_text     (MesoStmt      *stmt,
                                          int            column);
const void    *meso_stmt_column_blob     (MesoStmt      *stmt,
                                          int            column);
gsize          meso_stmt_column_bytes    (MesoStmt      *stmt,
                                          int            column);
gboolean       meso_stmt_column_int_in   (MesoStmt      *stmt,
                                          int            column,
                                          gint64         min,
                                          gint64         max);

gboolean       meso_step_is_constraint   (int            step);
gboolean       meso_step_is_unique       (int            step);
gboolean       meso_step_is_foreign_key  (int            step);

G_END_DECLS
