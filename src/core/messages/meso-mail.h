/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-mail.h: one e-mail sent through the clinic's own mail server
 * (SMTP with STARTTLS or implicit TLS and a login, through libcurl). It
 * blocks: call it from a worker thread. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MESO_MAIL_ERROR (meso_mail_error_quark ())

/* The longest one message may take to send, attachments and all. */
#define MESO_MAIL_SEND_SECONDS 300

/* What went wrong, as the outbox and Preferences say it. UNREACHABLE and
 * TEMPORARY are worth trying again later; the others need a person. */
typedef enum
{
  MESO_MAIL_ERROR_UNREACHABLE,   /* no answer: network or server down */
  MESO_MAIL_ERROR_TEMPORARY,     /* the server said 4xx: try later */
  MESO_MAIL_ERROR_LOGIN,         /* user or password refused */
  MESO_MAIL_ERROR_CERTIFICATE,   /* the server's certificate is not trusted or not its */
  MESO_MAIL_ERROR_NO_TLS,        /* the server offers no STARTTLS */
  MESO_MAIL_ERROR_REFUSED,       /* the server said 5xx (a recipient, the sender) */
  MESO_MAIL_ERROR_INVALID,       /* an address or setting that cannot be sent to */
} MesoMailError;

typedef enum
{
  MESO_MAIL_SECURITY_STARTTLS,   /* port 587: plain, then STARTTLS before the login */
  MESO_MAIL_SECURITY_TLS,        /* port 465: TLS from the first byte */
  MESO_MAIL_SECURITY_NONE,       /* a relay on this machine or network, no login */
} MesoMailSecurity;

/* @port 0 is the security's usual port. @certificate (PEM), when set, is
 * the only one trusted: a clinic server's own; otherwise the system's
 * authorities are. */
typedef struct
{
  char             *host;
  guint             port;
  MesoMailSecurity  security;
  char             *user;
  char             *sender_name;
  char             *sender_address;
  char             *certificate;
} MesoMailServer;

typedef struct
{
  char   *file_name;
  char   *content_type;
  GBytes *data;
} MesoMailAttachment;

/* @message_id is kept by the caller (the outbox row's), so a message sent
 * again after a crash carries the same one and mail programs show it
 * once. @date is when it was queued, from the clinic's clock. */
typedef struct
{
  char       *to_name;
  char       *to_address;
  char       *subject;
  char       *body;
  char       *message_id;
  GDateTime  *date;
  GPtrArray  *attachments;   /* of MesoMailAttachment, may be NULL */
} MesoMail;

GQuark    meso_mail_error_quark          (void);
gboolean  meso_mail_error_is_temporary   (const GError          *error);
gboolean  meso_mail_address_is_valid     (const char            *address);
guint     meso_mail_security_port        (MesoMailSecurity       security);
void      meso_mail_server_clear         (MesoMailServer        *server);
void      meso_mail_clear                (MesoMail              *mail);
void      meso_mail_add_attachment       (MesoMail              *mail,
                                          const char            *file_name,
                                          const char            *content_type,
                                          GBytes                *data);
gboolean  meso_mail_send                 (const MesoMailServer  *server,
                                          const char            *password,
                                          const MesoMail        *mail,
                                          GCancellable          *cancellable,
                                          GError               **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MesoMailServer, meso_mail_server_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MesoMail, meso_mail_clear)

G_END_DECLS
