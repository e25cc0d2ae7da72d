/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-db-pg.c: a clinic server on PostgreSQL behind MesoDb and MesoStmt:
 * the connection (libpq), its migrations, its statements and its errors.
 *
 * The stores' SQL is written with SQLite's ?1 parameters; they become $1
 * here. A failure is reported with the SQLite-numbered code the rest of
 * the core already speaks (see MesoStep), mapped from the SQLSTATE. */
#define G_LOG_DOMAIN "meso-db"

#include <glib/gi18n.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <string.h>

#include "meso-db-pg-private.h"
#include "meso-db-private.h"

/* The type OIDs libpq reports (pg_type.h is a server header). */
#define BOOL_OID    16
#define BYTEA_OID   17
#define INT8_OID    20
#define INT2_OID    21
#define INT4_OID    23
#define FLOAT4_OID  700
#define FLOAT8_OID  701
#define TEXT_OID    25
#define NUMERIC_OID 1700

/* The oldest server with everything the schema uses (sha256(), EXCLUDE
 * with btree_gist, generated identity columns), and still supported. */
#define OLDEST_SERVER 140000

gboolean
meso_pg_is_uri (const char *path)
{
  return path != NULL &&
         (g_str_has_prefix (path, "postgresql://") || g_str_has_prefix (path, "postgres://"));
}

/* Whether a connection to @host with @sslmode (%NULL: none given) gets
 * Mesodesk's default, verify-full: any host but this computer's loopback
 * or socket, unless the address or PGSSLMODE says otherwise. */
gboolean
meso_pg_wants_verify_full (const char *host,
                           const char *sslmode)
{
  gboolean local = host == NULL || *host == '\0' || *host == '/' ||
                   g_str_equal (host, "localhost") || g_str_equal (host, "127.0.0.1") ||
                   g_str_equal (host, "::1");

  return sslmode == NULL && !local && g_getenv ("PGSSLMODE") == NULL;
}

/* Why @conn could not connect, in words a receptionist can act on;
 * libpq's own text goes to the debug log. */
static void
set_connect_error (PGconn      *conn,
                   const char  *uri,
                   GError     **error)
{
  const char *detail = conn != NULL ? PQerrorMessage (conn) : "out of memory";
  const char *host = conn != NULL ? PQhost (conn) : NULL;
  const char *database = conn != NULL ? PQdb (conn) : NULL;

  g_debug ("Could not connect to the clinic server: %s", detail);
  if (conn != NULL && (PQconnectionNeedsPassword (conn) ||
                       strstr (detail, "password authentication failed") != NULL ||
                       strstr (detail, "no password supplied") != NULL))
    g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_SERVER_REFUSED,
                 _("The clinic server refused the user name or password. Check them in "
                   "Preferences, or ask whoever runs the server."));
  else if (strstr (detail, "does not exist") != NULL && database != NULL)
    g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_SERVER_REFUSED,
                 _("The clinic server has no database named “%s”, or does not let this user "
                   "use it. Ask whoever runs the server to create it."), database);
  else if (strstr (detail, "certificate") != NULL || strstr (detail, "SSL") != NULL)
    g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_SERVER_REFUSED,
                 _("The clinic server at “%s” could not prove who it is (its certificate). "
                   "Ask whoever runs the server to install one this computer trusts."),
                 host != NULL ? host : "");
  else
    g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_SERVER_UNREACHABLE,
                 _("Could not reach the clinic server at “%s”. Check that it is running and "
                   "that this computer is on the clinic’s network, then try again."),
                 host != NULL && *host != '\0' ? host : uri);
}

/* The server's notices ("already exists, skipping") are for the log. */
static void
on_notice (void       *data,
           const char *message)
{
  g_debug ("clinic server: %s", message);
}

/**
 * meso_pg_connect:
 * @uri: a libpq URI, postgresql://user@host/database
 *
 * Connects, with a time limit of ten seconds and, to a host that is not
 * this computer, only over TLS with a certificate that names the host
 * (sslmode=verify-full), unless @uri says otherwise.
 */
/* Where @conn is, as an address that reaches it again (libpq finds the
 * password where it found it the first time): safe to show and to log. */
static char *
address_without_password (PGconn *conn)
{
  g_autofree char *user = g_uri_escape_string (PQuser (conn), NULL, FALSE);
  g_autofree char *host = g_uri_escape_string (PQhost (conn), NULL, FALSE);
  g_autofree char *database = g_uri_escape_string (PQdb (conn), NULL, FALSE);

  return g_strdup_printf ("postgresql://%s@%s:%s/%s", user, host, PQport (conn), database);
}

MesoPg *
meso_pg_connect (const char  *uri,
                 GError     **error)
{
  PQconninfoOption *options = PQconninfoParse (uri, NULL);
  /* The server lists who is connected by this name (pg_stat_activity). */
  g_autofree char *name = g_strconcat (MESO_PG_APPLICATION_PREFIX, g_get_host_name (), NULL);
  /* A server gone without a word (a cable pulled, a machine frozen) is
   * noticed within about half a minute, not when TCP gives up. */
  const char *keywords[9] = { "connect_timeout", "application_name", "keepalives_idle",
                              "keepalives_interval", "keepalives_count", "tcp_user_timeout" };
  const char *values[9] = { "10", name, "10", "5", "3", "25000" };
  const char *host = NULL, *sslmode = NULL;
  guint n = 6;
  MesoPg *pg;
  PGconn *conn;

  if (options == NULL)
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_SERVER_UNREACHABLE,
                   _("“%s” is not a clinic server address: write it as "
                     "postgresql://user@host/database."), uri);
      return NULL;
    }
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (g_str_equal (o->keyword, "host"))
        host = o->val;
      else if (g_str_equal (o->keyword, "sslmode"))
        sslmode = o->val;
    }
  /* Defaults first: what @uri says overrides them. */
  if (meso_pg_wants_verify_full (host, sslmode))
    {
      keywords[n] = "sslmode";
      values[n++] = "verify-full";
    }
  keywords[n] = "dbname";
  values[n++] = uri;
  conn = PQconnectdbParams (keywords, values, TRUE);
  PQconninfoFree (options);
  if (conn == NULL || PQstatus (conn) != CONNECTION_OK)
    {
      set_connect_error (conn, uri, error);
      PQfinish (conn);
      return NULL;
    }
  if (PQserverVersion (conn) < OLDEST_SERVER)
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_SERVER_UNSUITABLE,
                   _("The clinic server runs PostgreSQL %d; Mesodesk needs version %d or "
                     "newer."), PQserverVersion (conn) / 10000, OLDEST_SERVER / 10000);
      PQfinish (conn);
      return NULL;
    }

  PQsetNoticeProcessor (conn, on_notice, NULL);
  pg = g_new0 (MesoPg, 1);
  g_mutex_init (&pg->cancel_lock);
  pg->conn = conn;
  pg->cancel = PQgetCancel (conn);
  pg->uri = g_strdup (uri);
  pg->display_name = address_without_password (conn);
  return pg;
}

void
meso_pg_free (MesoPg *pg)
{
  if (pg == NULL)
    return;
  meso_pg_set_cancellable (pg, NULL);
  PQfreeCancel (pg->cancel);
  PQfinish (pg->conn);
  g_free (pg->uri);
  g_free (pg->display_name);
  g_free (pg->last_message);
  g_mutex_clear (&pg->cancel_lock);
  g_free (pg);
}

/* The address it was opened with, password included: for a worker's
 * connection only, never shown. */
const char *
meso_pg_get_uri (MesoPg *pg)
{
  return pg->uri;
}

/* Returns: user@host:port/database, to show and to log. */
const char *
meso_pg_get_display_name (MesoPg *pg)
{
  return pg->display_name;
}

/* The SQLite-numbered code for a failure with SQLSTATE @state. */
static int
code_for_state (const char *state)
{
  static const struct
  {
    const char *state;
    int         code;
  } codes[] = {
    { "23505", SQLITE_CONSTRAINT_UNIQUE },
    { "23503", SQLITE_CONSTRAINT_FOREIGNKEY },
    { "23502", SQLITE_CONSTRAINT_NOTNULL },
    { "23514", SQLITE_CONSTRAINT_CHECK },
    { "23P01", SQLITE_CONSTRAINT_TRIGGER },   /* an EXCLUDE constraint: a double booking */
    { "23000", SQLITE_CONSTRAINT_TRIGGER },   /* meso_refuse (): a rule of the schema */
    { "P0001", SQLITE_CONSTRAINT_TRIGGER },   /* RAISE EXCEPTION: meso_actor () */
    { "40001", SQLITE_BUSY },
    { "40P01", SQLITE_BUSY },
    { "55P03", SQLITE_BUSY },
    { "57014", SQLITE_INTERRUPT },
    { "53100", SQLITE_FULL },
    { "53200", SQLITE_NOMEM },
    { "42501", SQLITE_AUTH },
    { "XX001", SQLITE_CORRUPT },
    { "XX002", SQLITE_CORRUPT },
  };

  if (state == NULL)
    return SQLITE_IOERR;   /* no answer: the connection is gone */
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    if (g_str_equal (state, codes[i].state))
      return codes[i].code;
  if (g_str_has_prefix (state, "22"))
    return SQLITE_CONSTRAINT_CHECK;   /* a value the column's type refuses */
  if (g_str_has_prefix (state, "08") || g_str_has_prefix (state, "57P") ||
      g_str_has_prefix (state, "58"))
    return SQLITE_IOERR;
  return SQLITE_ERROR;
}

/* Keeps what @result says went wrong (or the connection, if it said
 * nothing) for meso_pg_set_error(). Returns: its code. */
static int
record_failure (MesoPg   *pg,
                PGresult *result)
{
  const char *state = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *primary = result != NULL ? PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY)
                                       : NULL;
  const char *constraint = result != NULL ? PQresultErrorField (result, PG_DIAG_CONSTRAINT_NAME)
                                          : NULL;

  pg->last_code = code_for_state (state);
  g_free (pg->last_message);
  /* An EXCLUDE constraint says which; the rule it keeps has SQLite's name. */
  if (g_strcmp0 (state, "23P01") == 0 && constraint != NULL &&
      g_str_has_prefix (constraint, "appointment_no_double_booking"))
    pg->last_message = g_strdup ("double booking");
  else if (primary != NULL)
    pg->last_message = g_strdup (primary);
  else
    pg->last_message = g_strdup (g_strstrip (PQerrorMessage (pg->conn)));
  g_debug ("clinic server refused a statement: %s (%s)", pg->last_message,
           state != NULL ? state : "no answer");
  return pg->last_code;
}

/**
 * meso_pg_set_error:
 *
 * Reports the connection's last failure as meso_db_set_error() does for
 * SQLite: "@what. What happened and what to do", the server's own words in
 * the debug log only.
 */
void
meso_pg_set_error (MesoPg      *pg,
                   GError     **error,
                   int          code,
                   const char  *what)
{
  const char *detail = pg->last_message != NULL ? pg->last_message : "";

  if (code == SQLITE_IOERR)
    {
      g_debug ("%s: clinic server: %s", what, detail);
      g_set_error (error, MESO_DB_ERROR, code,
                   _("%s. The connection to the clinic server was lost: check the network, "
                     "then try again."), what);
      return;
    }
  if (code == SQLITE_AUTH)
    {
      g_debug ("%s: clinic server: %s", what, detail);
      g_set_error (error, MESO_DB_ERROR, code,
                   _("%s. The clinic server does not let this user make that change: ask "
                     "whoever runs the server."), what);
      return;
    }
  meso_db_set_engine_error (error, code, detail, what);
}

/**
 * meso_pg_exec:
 * @sql: one or more statements, with no parameters
 */
gboolean
meso_pg_exec (MesoPg      *pg,
              const char  *sql,
              GError     **error)
{
  PGresult *result = PQexec (pg->conn, sql);
  ExecStatusType status = PQresultStatus (result);

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      int code = record_failure (pg, result);

      PQclear (result);
      meso_pg_set_error (pg, error, code, _("Nothing was changed"));
      return FALSE;
    }
  PQclear (result);
  return TRUE;
}

/* Starts @sql, a COPY ... FROM STDIN, in the transaction under way: rows in
 * COPY's text format go with meso_pg_copy_put(), all in one round trip,
 * until meso_pg_copy_end(); nothing else runs on the connection between. */
gboolean
meso_pg_copy_begin (MesoPg      *pg,
                    const char  *sql,
                    GError     **error)
{
  PGresult *result = PQexec (pg->conn, sql);

  if (PQresultStatus (result) != PGRES_COPY_IN)
    {
      int code = record_failure (pg, result);

      PQclear (result);
      meso_pg_set_error (pg, error, code, _("Nothing was changed"));
      return FALSE;
    }
  PQclear (result);
  return TRUE;
}

/* Rows for the COPY under way: whole lines, each ending in a newline. */
gboolean
meso_pg_copy_put (MesoPg      *pg,
                  const char  *data,
                  gsize        size,
                  GError     **error)
{
  if (size > G_MAXINT || PQputCopyData (pg->conn, data, (int) size) != 1)
    {
      int code = record_failure (pg, NULL);

      meso_pg_set_error (pg, error, code, _("Nothing was changed"));
      return FALSE;
    }
  return TRUE;
}

/* Ends the COPY under way (given up, failing, with @abort_reason) and waits
 * for the server's verdict: a refused row fails it and the transaction. */
gboolean
meso_pg_copy_end (MesoPg      *pg,
                  const char  *abort_reason,
                  GError     **error)
{
  PGresult *result = PQputCopyEnd (pg->conn, abort_reason) == 1 ? PQgetResult (pg->conn) : NULL;
  gboolean ok = PQresultStatus (result) == PGRES_COMMAND_OK;
  const char *where = PQresultErrorField (result, PG_DIAG_CONTEXT);
  int code = ok ? SQLITE_OK : record_failure (pg, result);

  /* Which row: "COPY appointment, line 12: …". */
  if (!ok && where != NULL)
    g_debug ("clinic server: %s", where);
  PQclear (result);
  while (result != NULL && (result = PQgetResult (pg->conn)) != NULL)
    PQclear (result);
  if (!ok && abort_reason == NULL)
    meso_pg_set_error (pg, error, code, _("Nothing was changed"));
  return ok;
}

static void
on_cancelled (GCancellable *cancellable,
              MesoPg       *pg)
{
  char message[256];

  /* Thread-safe, unlike the connection: asks the server to stop the
   * statement running, which then fails with 57014. A worker's new
   * session may be replacing it meanwhile. */
  g_mutex_lock (&pg->cancel_lock);
  PQcancel (pg->cancel, message, sizeof message);
  g_mutex_unlock (&pg->cancel_lock);
}

/* meso_db_set_cancellable() on a server: see meso-db-interrupt.c. */
void
meso_pg_set_cancellable (MesoPg       *pg,
                         GCancellable *cancellable)
{
  if (pg->cancellable != NULL)
    g_cancellable_disconnect (pg->cancellable, pg->cancelled_id);
  g_clear_object (&pg->cancellable);
  pg->cancelled_id = 0;
  if (cancellable == NULL || pg->cancel == NULL)
    return;
  pg->cancellable = g_object_ref (cancellable);
  pg->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), pg, NULL);
}

/* Rewrites ?1 (and a bare ?) to $1, outside quoted text and names.
 * Returns: (transfer full): the SQL; *@out_n_params: the highest number. */
static char *
rewrite_parameters (const char *sql,
                    int        *out_n_params)
{
  GString *out = g_string_sized_new (strlen (sql) + 8);
  char quote = 0;
  int next = 1, highest = 0;

  for (const char *p = sql; *p != '\0'; p++)
    {
      if (quote != 0)
        {
          if (*p == quote)
            quote = 0;
          g_string_append_c (out, *p);
          continue;
        }
      if (*p == '\'' || *p == '"')
        quote = *p;
      if (*p != '?')
        {
          g_string_append_c (out, *p);
          continue;
        }
      if (g_ascii_isdigit (p[1]))
        {
          char *end;
          long n = strtol (p + 1, &end, 10);

          g_string_append_printf (out, "$%ld", n);
          highest = MAX (highest, (int) n);
          next = (int) n + 1;
          p = end - 1;
        }
      else
        {
          g_string_append_printf (out, "$%d", next);
          highest = MAX (highest, next);
          next++;
        }
    }
  *out_n_params = highest;
  return g_string_free (out, FALSE);
}

/* Nothing is sent until the first step: the parameters' types, which
 * PostgreSQL needs where the SQL does not imply them, come from the
 * bindings. */
MesoPgStmt *
meso_pg_stmt_new (MesoPg      *pg,
                  const char  *sql,
                  GError     **error)
{
  MesoPgStmt *stmt = g_new0 (MesoPgStmt, 1);

  stmt->pg = pg;
  stmt->sql = rewrite_parameters (sql, &stmt->n_params);
  stmt->values = g_new0 (char *, stmt->n_params + 1);
  stmt->lengths = g_new0 (int, stmt->n_params + 1);
  stmt->types = g_new0 (guint, stmt->n_params + 1);
  stmt->prepared = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  meso_pg_stmt_clear_bindings (stmt);
  return stmt;
}

void
meso_pg_stmt_free (MesoPgStmt *stmt)
{
  meso_pg_stmt_reset (stmt);
  meso_pg_stmt_clear_bindings (stmt);
  g_free (stmt->sql);
  g_free (stmt->values);
  g_free (stmt->lengths);
  g_free (stmt->types);
  g_hash_table_unref (stmt->prepared);
  g_free (stmt);
}

void
meso_pg_stmt_clear_bindings (MesoPgStmt *stmt)
{
  for (int i = 0; i < stmt->n_params; i++)
    {
      g_clear_pointer (&stmt->values[i], g_free);
      stmt->lengths[i] = 0;
      stmt->types[i] = MESO_VALUE_NULL;
    }
}

/* @index counts from 1, as in SQL; one out of range is ignored, as SQLite
 * does (with SQLITE_RANGE). */
void
meso_pg_stmt_bind (MesoPgStmt    *stmt,
                   int            index,
                   MesoValueType  type,
                   const char    *value,
                   gsize          length)
{
  if (index < 1 || index > stmt->n_params)
    return;
  g_free (stmt->values[index - 1]);
  /* A blob is sent as bytes (bytea's binary format), text nul-terminated. */
  stmt->values[index - 1] = value == NULL ? NULL : type == MESO_VALUE_BLOB
                            ? g_memdup2 (value, MAX (length, 1)) : g_strndup (value, length);
  stmt->lengths[index - 1] = value != NULL ? (int) length : 0;
  stmt->types[index - 1] = value != NULL ? type : MESO_VALUE_NULL;
}

int
meso_pg_stmt_count_parameters (MesoPgStmt *stmt)
{
  return stmt->n_params;
}

/* Returns: (transfer none): the name of the statement prepared for the
 * bound parameters' types, or %NULL if the server refused it. */
static const char *
ensure_prepared (MesoPgStmt *stmt)
{
  g_autofree guint *oids = g_new0 (guint, stmt->n_params + 1);
  GString *signature = g_string_sized_new (stmt->n_params + 1);
  gboolean in_transaction;
  const char *name, *state;
  PGresult *result;

  for (int i = 0; i < stmt->n_params; i++)
    {
      /* Numbers and blobs are typed; text and NULL are left to the server
       * to infer from where they stand, as a literal would be. */
      static const guint typed[] = { [MESO_VALUE_INTEGER] = INT8_OID,
                                     [MESO_VALUE_FLOAT] = FLOAT8_OID,
                                     [MESO_VALUE_BLOB] = BYTEA_OID, [MESO_VALUE_NULL] = 0 };

      oids[i] = typed[stmt->types[i]];
      g_string_append_c (signature, "?iftbt"[stmt->types[i]]);
    }
  if (stmt->session != stmt->pg->session)
    {
      g_hash_table_remove_all (stmt->prepared);
      stmt->session = stmt->pg->session;
    }
  name = g_hash_table_lookup (stmt->prepared, signature->str);
  if (name != NULL)
    {
      g_string_free (signature, TRUE);
      return name;
    }

  name = g_strdup_printf ("meso_%u", ++stmt->pg->n_statements);
  /* A refused prepare would abort the transaction it is in: try it
   * under a savepoint. */
  in_transaction = PQtransactionStatus (stmt->pg->conn) == PQTRANS_INTRANS;
  if (in_transaction)
    PQclear (PQexec (stmt->pg->conn, "SAVEPOINT meso_prepare"));
  result = PQprepare (stmt->pg->conn, name, stmt->sql, stmt->n_params, oids);
  /* "?1 IS NULL" alone, or a number the SQL skips, does not say what the
   * parameter is: text, then. */
  state = PQresultErrorField (result, PG_DIAG_SQLSTATE);
  if (g_strcmp0 (state, "42P18") == 0 || g_strcmp0 (state, "42P08") == 0)
    {
      for (int i = 0; i < stmt->n_params; i++)
        oids[i] = oids[i] != 0 ? oids[i] : TEXT_OID;
      PQclear (result);
      if (in_transaction)
        PQclear (PQexec (stmt->pg->conn, "ROLLBACK TO SAVEPOINT meso_prepare"));
      result = PQprepare (stmt->pg->conn, name, stmt->sql, stmt->n_params, oids);
    }
  if (in_transaction)
    PQclear (PQexec (stmt->pg->conn, PQresultStatus (result) == PGRES_COMMAND_OK
                                       ? "RELEASE SAVEPOINT meso_prepare"
                                       : "ROLLBACK TO SAVEPOINT meso_prepare"));
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      record_failure (stmt->pg, result);
      PQclear (result);
      g_free ((char *) name);
      g_string_free (signature, TRUE);
      return NULL;
    }
  PQclear (result);
  g_hash_table_insert (stmt->prepared, g_string_free (signature, FALSE), (char *) name);
  return name;
}

/* The first step runs the statement and fetches its rows; the next ones
 * walk them. Returns: %MESO_STEP_ROW, %MESO_STEP_DONE or a failure. */
int
meso_pg_stmt_step (MesoPgStmt *stmt)
{
  if (stmt->result == NULL)
    {
      const char *name;
      ExecStatusType status;

      /* A cancel sent while no statement ran is dropped by the server: a
       * cancelled connection starts none, as SQLite's progress handler
       * stops every statement once the cancellable is cancelled. */
      if (stmt->pg->cancellable != NULL && g_cancellable_is_cancelled (stmt->pg->cancellable))
        {
          stmt->pg->last_code = SQLITE_INTERRUPT;
          g_free (stmt->pg->last_message);
          stmt->pg->last_message = g_strdup ("canceling statement due to user request");
          return SQLITE_INTERRUPT;
        }
      g_autofree int *binary = g_new0 (int, stmt->n_params + 1);

      name = ensure_prepared (stmt);
      if (name == NULL)
        return stmt->pg->last_code;
      for (int i = 0; i < stmt->n_params; i++)
        binary[i] = stmt->types[i] == MESO_VALUE_BLOB;
      stmt->result = PQexecPrepared (stmt->pg->conn, name, stmt->n_params,
                                     (const char *const *) stmt->values, stmt->lengths,
                                     binary, 0);
      status = PQresultStatus (stmt->result);
      if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
        {
          int code = record_failure (stmt->pg, stmt->result);

          g_clear_pointer (&stmt->result, PQclear);
          return code;
        }
      stmt->n_rows = status == PGRES_TUPLES_OK ? PQntuples (stmt->result) : 0;
      stmt->changes = g_ascii_strtoll (PQcmdTuples (stmt->result), NULL, 10);
      stmt->row = -1;
    }
  g_clear_pointer (&stmt->blobs, g_ptr_array_unref);
  if (stmt->row < stmt->n_rows)
    stmt->row++;
  return stmt->row < stmt->n_rows ? MESO_STEP_ROW : MESO_STEP_DONE;
}

/* Forgets the rows, keeps the bindings (as sqlite3_reset() does). */
void
meso_pg_stmt_reset (MesoPgStmt *stmt)
{
  g_clear_pointer (&stmt->result, PQclear);
  g_clear_pointer (&stmt->blobs, g_ptr_array_unref);
  stmt->row = -1;
  stmt->n_rows = 0;
}

gint64
meso_pg_stmt_changes (MesoPgStmt *stmt)
{
  return stmt->changes;
}

static gboolean
has_value (MesoPgStmt *stmt,
           int         column)
{
  return stmt->result != NULL && stmt->row >= 0 && stmt->row < stmt->n_rows &&
         column >= 0 && column < PQnfields (stmt->result) &&
         !PQgetisnull (stmt->result, stmt->row, column);
}

/* The current result's columns: none before a step gave one. */
int
meso_pg_stmt_column_count (MesoPgStmt *stmt)
{
  return stmt->result != NULL ? PQnfields (stmt->result) : 0;
}

const char *
meso_pg_stmt_column_name (MesoPgStmt *stmt,
                          int         column)
{
  if (column < 0 || column >= meso_pg_stmt_column_count (stmt))
    return NULL;
  return PQfname (stmt->result, column);
}

MesoValueType
meso_pg_stmt_column_type (MesoPgStmt *stmt,
                          int         column)
{
  const char *value;

  if (!has_value (stmt, column))
    return MESO_VALUE_NULL;
  switch (PQftype (stmt->result, column))
    {
    case INT8_OID:
    case INT4_OID:
    case INT2_OID:
    case BOOL_OID:
      return MESO_VALUE_INTEGER;
    case FLOAT4_OID:
    case FLOAT8_OID:
      return MESO_VALUE_FLOAT;
    case NUMERIC_OID:
      /* sum() of integers is numeric: a whole one reads as SQLite's would. */
      value = PQgetvalue (stmt->result, stmt->row, column);
      return strpbrk (value, ".eEN") == NULL ? MESO_VALUE_INTEGER : MESO_VALUE_FLOAT;
    case BYTEA_OID:
      return MESO_VALUE_BLOB;
    default:
      return MESO_VALUE_TEXT;
    }
}

/* Returns: (nullable): the value as text (a boolean as "1" or "0"), %NULL
 * for SQL NULL; valid until the next step or reset. */
const char *
meso_pg_stmt_column_text (MesoPgStmt *stmt,
                          int         column)
{
  const char *value;

  if (!has_value (stmt, column))
    return NULL;
  value = PQgetvalue (stmt->result, stmt->row, column);
  if (PQftype (stmt->result, column) == BOOL_OID)
    return value[0] == 't' ? "1" : "0";
  return value;
}

const void *
meso_pg_stmt_column_blob (MesoPgStmt *stmt,
                          int         column,
                          gsize      *out_size)
{
  size_t size = 0;

  *out_size = 0;
  if (!has_value (stmt, column))
    return NULL;
  if (PQftype (stmt->result, column) != BYTEA_OID)
    {
      *out_size = PQgetlength (stmt->result, stmt->row, column);
      return PQgetvalue (stmt->result, stmt->row, column);
    }
  /* Decoded once a row and column: as with SQLite, a pointer handed out
   * stays valid until the next step, whatever else is read. */
  if (stmt->blobs == NULL)
    stmt->blobs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  if ((guint) column >= stmt->blobs->len)
    g_ptr_array_set_size (stmt->blobs, column + 1);
  if (g_ptr_array_index (stmt->blobs, column) == NULL)
    {
      guchar *data = PQunescapeBytea ((const guchar *) PQgetvalue (stmt->result, stmt->row,
                                                                   column), &size);

      g_ptr_array_index (stmt->blobs, column) =
        g_bytes_new_with_free_func (data, size, (GDestroyNotify) PQfreemem, data);
    }
  return g_bytes_get_data (g_ptr_array_index (stmt->blobs, column), out_size);
}

/* Runs @sql, which returns one integer (or NULL, read as -1). */
static gboolean
query_int (MesoPg      *pg,
           const char  *sql,
           gint64      *out_value,
           GError     **error)
{
  PGresult *result = PQexec (pg->conn, sql);

  if (PQresultStatus (result) != PGRES_TUPLES_OK || PQntuples (result) != 1 ||
      PQnfields (result) != 1)
    {
      int code = record_failure (pg, result);

      PQclear (result);
      meso_pg_set_error (pg, error, code, _("Could not read the clinic server’s database"));
      return FALSE;
    }
  *out_value = PQgetisnull (result, 0, 0) ? -1
               : g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  return TRUE;
}

/* The schema's version, kept in a table of its own (PostgreSQL has no
 * user_version); -1 when the database has none. */
static gboolean
read_version (MesoPg  *pg,
              gint64  *out_version,
              GError **error)
{
  gint64 exists;

  /* Read from pg_class, not with to_regclass (): inside a transaction that
   * waited on the migration lock, its cached "no such table" is stale. */
  if (!query_int (pg, "SELECT count(*) FROM pg_class WHERE relname = 'mesodesk_schema'"
                      " AND relnamespace = current_schema ()::regnamespace", &exists, error))
    return FALSE;
  if (!exists)
    {
      *out_version = -1;
      return TRUE;
    }
  if (!query_int (pg, "SELECT max (version) FROM mesodesk_schema", out_version, error))
    return FALSE;
  if (*out_version < 0 || *out_version > G_MAXINT)
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_CORRUPT,
                   _("The clinic server’s database is damaged: its schema version cannot be "
                     "read. Restore the latest backup."));
      return FALSE;
    }
  return TRUE;
}

/* A new clinic goes only into an empty database: one holding tables of
 * its own belongs to another program. */
static gboolean
check_new_clinic (MesoPg  *pg,
                  GError **error)
{
  gint64 n_tables, n_gist;

  if (!query_int (pg, "SELECT count(*) FROM pg_class c"
                      " JOIN pg_namespace n ON n.oid = c.relnamespace"
                      " WHERE n.nspname = current_schema ()"
                      " AND c.relkind IN ('r', 'v', 'm', 'p', 'f')", &n_tables, error) ||
      !query_int (pg, "SELECT count(*) FROM pg_available_extensions WHERE name = 'btree_gist'",
                  &n_gist, error))
    return FALSE;
  if (n_tables > 0)
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_NOT_MESODESK,
                   _("The database “%s” holds another program’s data, not a Mesodesk clinic. "
                     "Give Mesodesk an empty database of its own."), pg->display_name);
      return FALSE;
    }
  if (n_gist == 0)
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_SERVER_UNSUITABLE,
                   _("The clinic server lacks the “btree_gist” extension, which keeps two "
                     "appointments from taking the same time. Ask whoever runs the server to "
                     "install PostgreSQL’s contrib package."));
      return FALSE;
    }
  return TRUE;
}

/* Begins a migrating transaction and takes its lock: a second workstation
 * migrating at the same moment waits on it, then finds the work done. (In
 * one PQexec () with the BEGIN, the lock did not hold.) */
static gboolean
begin_migrating (MesoPg  *pg,
                 GError **error)
{
  return meso_pg_exec (pg, "BEGIN", error) &&
         meso_pg_exec (pg, "SELECT pg_advisory_xact_lock (7226504)", error);
}

/* Makes an empty database a clinic of version 0, unless a workstation
 * migrating at the same moment did; refuses one that holds anything else. */
static gboolean
claim_database (MesoPg  *pg,
                GError **error)
{
  gint64 version;

  if (!begin_migrating (pg, error) ||
      !read_version (pg, &version, error) ||
      (version < 0 && (!check_new_clinic (pg, error) ||
                       !meso_pg_exec (pg, "CREATE TABLE mesodesk_schema (version integer NOT NULL);"
                                          "INSERT INTO mesodesk_schema (version) VALUES (0)",
                                      error))) ||
      !meso_pg_exec (pg, "COMMIT", error))
    {
      PQclear (PQexec (pg->conn, "ROLLBACK"));
      return FALSE;
    }
  return TRUE;
}

/* One version in one transaction, under the migration lock. */
static gboolean
migrate_one (MesoPg                *pg,
             MesoDb                *db,
             const MesoDbMigration *migration,
             GError               **error)
{
  g_autofree char *set_version = g_strdup_printf ("UPDATE mesodesk_schema SET version = %d",
                                                  migration->version);
  gint64 version;

  if (!begin_migrating (pg, error))
    goto failed;
  if (!query_int (pg, "SELECT max (version) FROM mesodesk_schema", &version, error))
    goto failed;
  if (version >= migration->version)
    return meso_pg_exec (pg, "COMMIT", error);
  if (!meso_pg_exec (pg, migration->sql, error) ||
      (migration->step != NULL && !migration->step (db, error)) ||
      !meso_pg_exec (pg, set_version, error) ||
      !meso_pg_exec (pg, "COMMIT", error))
    goto failed;
  return TRUE;

failed:
  g_prefix_error (error, _("Could not update the clinic server’s database to version %d: "),
                  migration->version);
  PQclear (PQexec (pg->conn, "ROLLBACK"));
  return FALSE;
}

/**
 * meso_pg_migrate:
 * @migrations: (array length=n_migrations): PostgreSQL's, by version
 * @may_migrate: %FALSE for a worker's connection, which only checks
 * @out_version: the schema's version after
 *
 * Checks that the database is a Mesodesk clinic of a version this build
 * knows, or empty, and brings it to the latest version.
 */
gboolean
meso_pg_migrate (MesoPg                *pg,
                 MesoDb                *db,
                 const MesoDbMigration *migrations,
                 guint                  n_migrations,
                 gboolean               may_migrate,
                 int                   *out_version,
                 GError               **error)
{
  int latest = migrations[n_migrations - 1].version;
  gint64 version;

  if (!read_version (pg, &version, error))
    return FALSE;
  if (version < 0 && !may_migrate)
    return check_new_clinic (pg, error);
  if (version < 0 && (!claim_database (pg, error) || !read_version (pg, &version, error)))
    return FALSE;
  if (version > latest)
    {
      g_set_error (error, MESO_DB_ERROR, MESO_DB_ERROR_TOO_NEW,
                   _("The clinic server’s database was written by a newer version of Mesodesk "
                     "(database version %d; this version understands up to %d). Update "
                     "Mesodesk on this computer."), (int) version, latest);
      return FALSE;
    }
  for (guint i = 0; may_migrate && i < n_migrations; i++)
    {
      if (migrations[i].version <= version)
        continue;
      if (!migrate_one (pg, db, &migrations[i], error))
        return FALSE;
      version = migrations[i].version;
    }
  *out_version = (int) MAX (version, 0);
  return TRUE;
}
