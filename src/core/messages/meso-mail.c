/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-mail.c: one e-mail through the clinic's mail server. libcurl speaks
 * SMTP and builds the MIME parts; this file makes the headers (names and
 * subjects in any script, as RFC 2047 encoded words; the date in RFC 5322's
 * English form whatever the locale) and says what a failure means: the
 * server's own answer, and whether trying later may help. */
#define G_LOG_DOMAIN "meso-messages"

#include <curl/curl.h>
#include <glib/gi18n.h>
#include <string.h>

#include "meso-mail.h"

G_DEFINE_QUARK (meso-mail-error-quark, meso_mail_error)

/* No answer at all for this long is a server down, not a slow one. */
#define CONNECT_TIMEOUT_SECONDS 20
#define STALLED_SECONDS 60

/* An encoded word is at most 75 characters: 45 bytes of text make 60 of
 * base64, with "=?UTF-8?B?" and "?=" 72. */
#define ENCODED_WORD_BYTES 45

gboolean
meso_mail_error_is_temporary (const GError *error)
{
  return g_error_matches (error, MESO_MAIL_ERROR, MESO_MAIL_ERROR_UNREACHABLE) ||
         g_error_matches (error, MESO_MAIL_ERROR, MESO_MAIL_ERROR_TEMPORARY);
}

guint
meso_mail_security_port (MesoMailSecurity security)
{
  switch (security)
    {
    case MESO_MAIL_SECURITY_TLS:
      return 465;
    case MESO_MAIL_SECURITY_NONE:
      return 25;
    case MESO_MAIL_SECURITY_STARTTLS:
    default:
      return 587;
    }
}

/* An address a server can be given in MAIL FROM or RCPT TO: one @, a
 * local part and a dotted domain, nothing that would end the command or
 * the angle brackets around it. */
gboolean
meso_mail_address_is_valid (const char *address)
{
  const char *at;

  if (address == NULL || strlen (address) > 254 || !g_utf8_validate (address, -1, NULL))
    return FALSE;
  at = strchr (address, '@');
  if (at == NULL || at == address || strchr (at + 1, '@') != NULL)
    return FALSE;
  for (const char *c = address; *c != '\0'; c++)
    if ((guchar) *c <= ' ' || *c == 0x7f || strchr ("<>()[],;:\"\\", *c) != NULL)
      return FALSE;
  /* The domain: labels separated by single dots, at least two of them. */
  if (at[1] == '.' || strchr (at + 1, '.') == NULL || g_str_has_suffix (at, ".") ||
      strstr (at, "..") != NULL)
    return FALSE;
  return TRUE;
}

void
meso_mail_server_clear (MesoMailServer *server)
{
  g_clear_pointer (&server->host, g_free);
  g_clear_pointer (&server->user, g_free);
  g_clear_pointer (&server->sender_name, g_free);
  g_clear_pointer (&server->sender_address, g_free);
  g_clear_pointer (&server->certificate, g_free);
}

static void
attachment_free (gpointer data)
{
  MesoMailAttachment *attachment = data;

  g_free (attachment->file_name);
  g_free (attachment->content_type);
  g_bytes_unref (attachment->data);
  g_free (attachment);
}

void
meso_mail_clear (MesoMail *mail)
{
  g_clear_pointer (&mail->to_name, g_free);
  g_clear_pointer (&mail->to_address, g_free);
  g_clear_pointer (&mail->subject, g_free);
  g_clear_pointer (&mail->body, g_free);
  g_clear_pointer (&mail->message_id, g_free);
  g_clear_pointer (&mail->date, g_date_time_unref);
  g_clear_pointer (&mail->attachments, g_ptr_array_unref);
}

void
meso_mail_add_attachment (MesoMail   *mail,
                          const char *file_name,
                          const char *content_type,
                          GBytes     *data)
{
  MesoMailAttachment *attachment = g_new0 (MesoMailAttachment, 1);

  attachment->file_name = g_strdup (file_name);
  attachment->content_type = g_strdup (content_type);
  attachment->data = g_bytes_ref (data);
  if (mail->attachments == NULL)
    mail->attachments = g_ptr_array_new_with_free_func (attachment_free);
  g_ptr_array_add (mail->attachments, attachment);
}

static gboolean
is_plain_ascii (const char *text)
{
  for (const char *c = text; *c != '\0'; c++)
    if ((guchar) *c < ' ' || (guchar) *c > '~')
      return FALSE;
  return TRUE;
}

/* @text as it may stand in a header: as is when plain ASCII, otherwise as
 * encoded words, each cut between characters. Line breaks become spaces,
 * so a header is never ended early. */
static void
append_header_text (GString    *header,
                    const char *text)
{
  g_autofree char *flat = g_strdup (text);
  const char *p = flat;

  g_strdelimit (flat, "\r\n\t", ' ');
  if (is_plain_ascii (flat))
    {
      g_string_append (header, flat);
      return;
    }
  while (*p != '\0')
    {
      const char *end = p;
      g_autofree char *encoded = NULL;

      while (*end != '\0')
        {
          const char *next = g_utf8_next_char (end);

          if (next - p > ENCODED_WORD_BYTES)
            break;
          end = next;
        }
      encoded = g_base64_encode ((const guchar *) p, end - p);
      g_string_append_printf (header, "%s=?UTF-8?B?%s?=", p == flat ? "" : " ", encoded);
      p = end;
    }
}

/* "Name <address>", the name quoted or encoded. */
static void
append_mailbox (GString    *header,
                const char *name,
                const char *address)
{
  if (name != NULL && *name != '\0')
    {
      if (is_plain_ascii (name) && strpbrk (name, "\"\\<>()[],;:@.") == NULL)
        g_string_append (header, name);
      else if (is_plain_ascii (name) && strpbrk (name, "\"\\") == NULL)
        g_string_append_printf (header, "\"%s\"", name);
      else
        append_header_text (header, name);
      g_string_append_c (header, ' ');
    }
  g_string_append_printf (header, "<%s>", address);
}

/* RFC 5322's date: English names, the clinic's offset. */
static char *
format_date (GDateTime *date)
{
  static const char * const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  gint64 offset = g_date_time_get_utc_offset (date) / G_TIME_SPAN_MINUTE;

  return g_strdup_printf ("%s, %02d %s %04d %02d:%02d:%02d %c%02d%02d",
                          days[g_date_time_get_day_of_week (date) - 1],
                          g_date_time_get_day_of_month (date),
                          months[g_date_time_get_month (date) - 1],
                          g_date_time_get_year (date), g_date_time_get_hour (date),
                          g_date_time_get_minute (date), g_date_time_get_second (date),
                          offset < 0 ? '-' : '+', (int) (ABS (offset) / 60),
                          (int) (ABS (offset) % 60));
}

static struct curl_slist *
make_headers (const MesoMailServer *server,
              const MesoMail       *mail)
{
  g_autoptr(GString) line = g_string_new ("From: ");
  g_autofree char *date = format_date (mail->date);
  struct curl_slist *headers = NULL;

  append_mailbox (line, server->sender_name, server->sender_address);
  headers = curl_slist_append (headers, line->str);
  g_string_assign (line, "To: ");
  append_mailbox (line, mail->to_name, mail->to_address);
  headers = curl_slist_append (headers, line->str);
  g_string_assign (line, "Subject: ");
  append_header_text (line, mail->subject);
  headers = curl_slist_append (headers, line->str);
  g_string_printf (line, "Date: %s", date);
  headers = curl_slist_append (headers, line->str);
  g_string_printf (line, "Message-ID: <%s>", mail->message_id);
  headers = curl_slist_append (headers, line->str);
  headers = curl_slist_append (headers, "MIME-Version: 1.0");
  return headers;
}

static curl_mime *
make_parts (CURL           *curl,
            const MesoMail *mail)
{
  curl_mime *mime = curl_mime_init (curl);
  curl_mimepart *part = curl_mime_addpart (mime);

  curl_mime_data (part, mail->body, CURL_ZERO_TERMINATED);
  curl_mime_type (part, "text/plain; charset=UTF-8");
  curl_mime_encoder (part, "quoted-printable");
  for (guint i = 0; mail->attachments != NULL && i < mail->attachments->len; i++)
    {
      MesoMailAttachment *attachment = mail->attachments->pdata[i];
      gsize size;
      const char *data = g_bytes_get_data (attachment->data, &size);

      part = curl_mime_addpart (mime);
      curl_mime_data (part, data, size);
      curl_mime_filename (part, attachment->file_name);
      curl_mime_type (part, attachment->content_type);
      curl_mime_encoder (part, "base64");
    }
  return mime;
}

/* The server's last refusal (a 4xx or 5xx line), which a failure quotes;
 * not its "221 Bye" to the QUIT that follows. */
static int
on_debug (CURL          *curl,
          curl_infotype  type,
          char          *data,
          size_t         size,
          void          *user_data)
{
  GString *answer = user_data;

  if (type == CURLINFO_HEADER_IN && size > 0 && (data[0] == '4' || data[0] == '5'))
    {
      g_string_truncate (answer, 0);
      g_string_append_len (answer, data, size);
      while (answer->len > 0 && g_ascii_isspace (answer->str[answer->len - 1]))
        g_string_truncate (answer, answer->len - 1);
    }
  return 0;
}

static int
on_progress (void       *user_data,
             curl_off_t  download_total,
             curl_off_t  downloaded,
             curl_off_t  upload_total,
             curl_off_t  uploaded)
{
  return g_cancellable_is_cancelled (user_data) ? 1 : 0;
}

static void
set_error (GError               **error,
           const MesoMailServer  *server,
           CURLcode               code,
           long                   response,
           const char            *answer,
           const char            *detail)
{
  /* The server's answer when it gave one, curl's words otherwise. */
  const char *why = *answer != '\0' && response >= 400 ? answer
                    : *detail != '\0' ? detail : curl_easy_strerror (code);

  switch (code)
    {
    case CURLE_LOGIN_DENIED:
      g_set_error (error, MESO_MAIL_ERROR, MESO_MAIL_ERROR_LOGIN,
                   _("The mail server refused the user name or password (%s)."), why);
      return;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
      g_set_error (error, MESO_MAIL_ERROR, MESO_MAIL_ERROR_CERTIFICATE,
                   _("The mail server %s could not prove it is that server (%s). "
                     "Check its name and its security setting."), server->host, why);
      return;
    case CURLE_USE_SSL_FAILED:
      g_set_error (error, MESO_MAIL_ERROR, MESO_MAIL_ERROR_NO_TLS,
                   _("The mail server %s offers no STARTTLS, so the password would be sent "
                     "unprotected. Choose TLS, or ask the server's administrator."),
                   server->host);
      return;
    case CURLE_URL_MALFORMAT:
    case CURLE_COULDNT_RESOLVE_HOST:
      g_set_error (error, MESO_MAIL_ERROR, MESO_MAIL_ERROR_INVALID,
                   _("There is no mail server called “%s”."), server->host);
      return;
    default:
      break;
    }
  if (response >= 500)
    g_set_error (error, MESO_MAIL_ERROR, MESO_MAIL_ERROR_REFUSED,
                 _("The mail server refused the message: %s"), why);
  else if (response >= 400)
    g_set_error (error, MESO_MAIL_ERROR, MESO_MAIL_ERROR_TEMPORARY,
                 _("The mail server cannot take the message now: %s"), why);
  else
    g_set_error (error, MESO_MAIL_ERROR, MESO_MAIL_ERROR_UNREACHABLE,
                 _("The mail server %s does not answer (%s)."), server->host, why);
}

static gboolean
check_addresses (const MesoMailServer  *server,
                 const MesoMail        *mail,
                 GError               **error)
{
  if (server->host == NULL || *server->host == '\0' ||
      strpbrk (server->host, "/@?# \t\r\n") != NULL)
    {
      g_set_error_literal (error, MESO_MAIL_ERROR, MESO_MAIL_ERROR_INVALID,
                           _("The mail server's name is missing or not a name."));
      return FALSE;
    }
  if (!meso_mail_address_is_valid (server->sender_address))
    {
      g_set_error (error, MESO_MAIL_ERROR, MESO_MAIL_ERROR_INVALID,
                   _("The sender's address “%s” is not an e-mail address."),
                   server->sender_address != NULL ? server->sender_address : "");
      return FALSE;
    }
  if (!meso_mail_address_is_valid (mail->to_address))
    {
      g_set_error (error, MESO_MAIL_ERROR, MESO_MAIL_ERROR_INVALID,
                   _("“%s” is not an e-mail address."),
                   mail->to_address != NULL ? mail->to_address : "");
      return FALSE;
    }
  return TRUE;
}

static gpointer
init_curl (gpointer data)
{
  curl_global_init (CURL_GLOBAL_DEFAULT);
  return NULL;
}

/**
 * meso_mail_send:
 * @password: (nullable): the login's, from the keyring; %NULL or empty
 *   for a server without a login
 *
 * Sends @mail and returns once the server has taken it (its "250" after
 * the message) or refused it. Blocks: call it from a worker thread.
 * Every address is checked before anything is sent.
 *
 * Returns: %TRUE when the server took the message. On failure @error is
 *   in %MESO_MAIL_ERROR, with the server's answer where it gave one;
 *   meso_mail_error_is_temporary() says whether trying later may help.
 */
gboolean
meso_mail_send (const MesoMailServer  *server,
                const char            *password,
                const MesoMail        *mail,
                GCancellable          *cancellable,
                GError               **error)
{
  static GOnce curl_ready = G_ONCE_INIT;
  g_autoptr(GString) answer = g_string_new (NULL);
  g_autofree char *url = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autoptr(GCancellable) never = NULL;
  char detail[CURL_ERROR_SIZE] = "";
  struct curl_slist *recipients, *headers;
  curl_mime *mime;
  CURL *curl;
  CURLcode code;
  long response = 0;
  guint port;

  g_return_val_if_fail (mail->date != NULL && mail->message_id != NULL, FALSE);
  if (!check_addresses (server, mail, error))
    return FALSE;
  g_once (&curl_ready, init_curl, NULL);
  if (cancellable == NULL)
    cancellable = never = g_cancellable_new ();

  port = server->port != 0 ? server->port : meso_mail_security_port (server->security);
  url = g_strdup_printf (strchr (server->host, ':') != NULL ? "%s://[%s]:%u" : "%s://%s:%u",
                         server->security == MESO_MAIL_SECURITY_TLS ? "smtps" : "smtp",
                         server->host, port);
  from = g_strdup_printf ("<%s>", server->sender_address);
  to = g_strdup_printf ("<%s>", mail->to_address);

  curl = curl_easy_init ();
  if (curl == NULL)
    {
      g_set_error_literal (error, MESO_MAIL_ERROR, MESO_MAIL_ERROR_TEMPORARY,
                           _("The mail could not be prepared (out of memory)."));
      return FALSE;
    }
  recipients = curl_slist_append (NULL, to);
  headers = make_headers (server, mail);
  mime = make_parts (curl, mail);
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, detail);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, (long) CONNECT_TIMEOUT_SECONDS);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME, (long) STALLED_SECONDS);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, (long) MESO_MAIL_SEND_SECONDS);
  curl_easy_setopt (curl, CURLOPT_USE_SSL, server->security == MESO_MAIL_SECURITY_NONE
                                           ? (long) CURLUSESSL_NONE : (long) CURLUSESSL_ALL);
  if (server->certificate != NULL && *server->certificate != '\0')
    {
      struct curl_blob certificate = { server->certificate, strlen (server->certificate),
                                       CURL_BLOB_COPY };

      curl_easy_setopt (curl, CURLOPT_CAINFO_BLOB, &certificate);
      /* This libcurl also reads the system's folder of authorities. */
      curl_easy_setopt (curl, CURLOPT_CAPATH, NULL);
    }
  if (server->user != NULL && *server->user != '\0')
    {
      curl_easy_setopt (curl, CURLOPT_USERNAME, server->user);
      curl_easy_setopt (curl, CURLOPT_PASSWORD, password != NULL ? password : "");
    }
  curl_easy_setopt (curl, CURLOPT_MAIL_FROM, from);
  curl_easy_setopt (curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_MIMEPOST, mime);
  curl_easy_setopt (curl, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt (curl, CURLOPT_DEBUGFUNCTION, on_debug);
  curl_easy_setopt (curl, CURLOPT_DEBUGDATA, answer);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, cancellable);

  code = curl_easy_perform (curl);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &response);
  curl_easy_cleanup (curl);
  curl_mime_free (mime);
  curl_slist_free_all (headers);
  curl_slist_free_all (recipients);

  if (code == CURLE_OK)
    return TRUE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  set_error (error, server, code, response, answer->str, detail);
  return FALSE;
}
