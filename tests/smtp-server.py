#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A real SMTP server on loopback for the mail tests (aiosmtpd).

Prints its port on the first line of stdout once it accepts connections,
and writes each message it takes to DIR/NNNN.message as a GKeyFile the C
tests read: the envelope, the headers decoded, the text body and each
attachment's name, type and SHA-256 (its bytes in DIR/NNNN.message.I). A
recipient at refused.example is refused with 550; the login is USER /
PASSWORD.

  smtp-server.py --dir DIR [--security starttls|tls|none] [--cert-name NAME]
                 [--port PORT] [--user USER --password PASSWORD]
"""
import argparse
import asyncio
import email
import email.policy
import hashlib
import os
import signal
import socket
import ssl
import subprocess
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def key_file_value(text):
    """A value as GKeyFile reads it back."""
    text = text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
    text = text.replace("\t", "\\t")
    return "\\s" + text[1:] if text.startswith(" ") else text


class Handler:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.endswith("@refused.example"):
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        lines = ["[message]",
                 "envelope_from=" + key_file_value(envelope.mail_from),
                 "envelope_to=" + key_file_value(";".join(envelope.rcpt_tos) + ";")]
        for name in ("From", "To", "Subject", "Date", "Message-ID", "MIME-Version"):
            value = message.get(name)
            lines.append(name.lower().replace("-", "_") + "=" + key_file_value(str(value or "")))
        body = message.get_body(preferencelist=("plain",))
        text = body.get_content().replace("\r\n", "\n") if body else ""
        lines.append("body=" + key_file_value(text))
        attachments = list(message.iter_attachments())
        lines.append("attachments=%d" % len(attachments))
        for i, part in enumerate(attachments):
            data = part.get_payload(decode=True)
            lines += ["[attachment%d]" % i,
                      "file_name=" + key_file_value(part.get_filename() or ""),
                      "content_type=" + key_file_value(part.get_content_type()),
                      "size=%d" % len(data),
                      "sha256=" + hashlib.sha256(data).hexdigest()]
        with self.lock:
            self.count += 1
            name = os.path.join(self.folder, "%04d.message" % self.count)
        # Each attachment's bytes beside it, for a test that reads them.
        for i, part in enumerate(attachments):
            with open("%s.%d" % (name, i), "wb") as out:
                out.write(part.get_payload(decode=True))
        with open(name + ".part", "w", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
        os.rename(name + ".part", name)
        return "250 2.0.0 Message accepted"


def make_certificate(folder, name):
    cert = os.path.join(folder, "server.crt")
    key = os.path.join(folder, "server.key")
    if not os.path.exists(cert):
        alt = ("IP:" if name.replace(".", "").isdigit() else "DNS:") + name
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                        "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=" + name,
                        "-addext", "subjectAltName=" + alt],
                       check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--security", choices=("starttls", "tls", "none"), default="starttls")
    parser.add_argument("--cert-name", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--user", default="clinic")
    parser.add_argument("--password", default="secret")
    args = parser.parse_args()

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (auth_data.login.decode() == args.user and
              auth_data.password.decode() == args.password)
        return AuthResult(success=ok, handled=False)

    handler = Handler(args.dir)
    port = args.port or free_port()
    options = {}
    if args.security == "starttls":
        options = dict(tls_context=make_certificate(args.dir, args.cert_name),
                       require_starttls=True, authenticator=authenticate, auth_required=True)
    elif args.security == "tls":
        options = dict(ssl_context=make_certificate(args.dir, args.cert_name),
                       authenticator=authenticate, auth_required=True,
                       auth_require_tls=False)
    controller = Controller(handler, hostname="127.0.0.1", port=port,
                            ready_timeout=30, **options)
    controller.start()
    print(port, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    # The test holds our stdin: when it dies (a failed assertion), so do we,
    # rather than keep its output open until the suite's timeout.
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    while not stop.wait(1):
        pass
    controller.stop()


if __name__ == "__main__":
    main()
