# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""SMTP for every mail the collection sends: one session (connect, STARTTLS or implicit TLS,
login) reused for many messages, and the operator's cover message with its CSV attached.

operator_request sends one message per session (`send`); owner_notice sends many through one
`SmtpSession`. Both get the same French errors: they name the server and the step, never the
password.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import joined, os_reason, quoted
from ansible_collections.mssante.hygiene.plugins.module_utils.tls import describe_tls_error

SECURITIES = ("starttls", "tls", "none")
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
# the options to fix, with the inventory variable the roles build `smtp` from
WHERE = "vérifiez smtp.host et smtp.port (mssante_smtp.host, mssante_smtp.port)"


def smtp_suboptions():
    """host, port, security, username, password, sender: the server part of every `smtp` option
    (operator_request adds its recipients, owner_notice finds its own)."""
    return dict(
        host=dict(type="str", required=True), port=dict(type="int"),
        security=dict(type="str", choices=["starttls", "tls", "none"], default="starttls"),
        username=dict(type="str"), password=dict(type="str", no_log=True),
        sender=dict(type="str", required=True))


class SmtpError(MssanteError):
    """Sending failed; the message says which server and which step."""


class RecipientsRefused(SmtpError):
    """The server refused some recipients of one message; the session stays usable."""

    def __init__(self, message, refused):
        super().__init__(message)
        self.refused = sorted(refused)


class MessageRefused(SmtpError):
    """The server refused one message (its data); the session stays usable."""


class ConnectionLost(SmtpError):
    """The connection dropped while sending: reconnect before the next message."""


def headed_message(sender, recipients, subject, cc=(), message_id=None):
    """An empty EmailMessage with the headers every message the collection sends carries."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    if cc:
        message["Cc"] = ", ".join(cc)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = message_id or make_msgid(domain=sender.rpartition("@")[2] or None)
    return message


def build_message(sender, recipients, subject, body, attachments=(), cc=()):
    message = headed_message(sender, recipients, subject, cc=cc)
    message.set_content(body)
    for filename, data, mimetype in attachments:
        maintype, _sep, subtype = mimetype.partition("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message


def _smtp_reason(exc):
    """'code texte' of a server answer (bytes in smtplib), else the exception text."""
    code, text = getattr(exc, "smtp_code", None), getattr(exc, "smtp_error", b"")
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return "%s %s" % (code, text) if code else str(exc)


def _refusal(address, answer):
    """'address (550 5.1.1 reason)' from smtplib's (code, bytes) answer for one recipient."""
    try:
        code, text = answer
    except (TypeError, ValueError):
        return address
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return "%s (%s %s)" % (address, code, text)


class SmtpSession:
    """One authenticated SMTP connection, opened on first use and reused until closed.

    config: host, port, security, username, password (the `smtp` option).
    """

    def __init__(self, config, ssl_context, timeout=30):
        self.config = config
        self.security = config.get("security") or "starttls"
        if self.security not in SECURITIES:
            raise SmtpError("smtp.security doit valoir %s, reçu %s" % (joined(SECURITIES), quoted(self.security)))
        self.host = config["host"]
        self.port = int(config.get("port") or DEFAULT_PORTS[self.security])
        self.server = "%s:%d" % (self.host, self.port)
        self.ssl_context = ssl_context
        self.timeout = timeout
        self._client = None

    def _error(self, exc, step):
        """The French SmtpError for `exc` raised during `step` (order matters: most are OSErrors)."""
        server = self.server
        if isinstance(exc, ssl.SSLError):
            return SmtpError("smtp : %s" % describe_tls_error(exc, server))
        if isinstance(exc, smtplib.SMTPAuthenticationError):
            return SmtpError("smtp : %s refusée par %s (code %s) : vérifiez smtp.username et smtp.password "
                             "(mssante_smtp)" % (step, server, exc.smtp_code))
        if isinstance(exc, smtplib.SMTPNotSupportedError):
            return SmtpError("smtp : %s impossible, %s ne le propose pas : changez smtp.security (starttls, tls "
                             "ou none) ou retirez smtp.username" % (step, server))
        if isinstance(exc, smtplib.SMTPSenderRefused):
            return SmtpError("smtp : %s a refusé l'expéditeur smtp.sender %s (%s)"
                             % (server, quoted(exc.sender), _smtp_reason(exc)))
        if isinstance(exc, smtplib.SMTPServerDisconnected) and step != "connexion":
            return ConnectionLost("smtp : connexion au serveur SMTP %s coupée pendant l'étape %s"
                                  % (server, step))
        if isinstance(exc, smtplib.SMTPException):
            return SmtpError("smtp : échec de l'étape %s avec %s : %s" % (step, server, _smtp_reason(exc)))
        if step == "connexion":
            return SmtpError("smtp : serveur SMTP %s injoignable : %s ; %s" % (server, os_reason(exc), WHERE))
        return ConnectionLost("smtp : connexion au serveur SMTP %s coupée pendant l'étape %s : %s"
                              % (server, step, os_reason(exc)))

    def open(self):
        """Connect, secure and log in (nothing when already open); SmtpError says which step failed."""
        if self._client is not None:
            return self
        step = "connexion"
        client = None
        try:
            if self.security == "tls":
                client = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=self.ssl_context)
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            client.ehlo()
            if self.security == "starttls":
                step = "STARTTLS"
                client.starttls(context=self.ssl_context)
                client.ehlo()
            if self.config.get("username"):
                step = "authentification de %s" % quoted(self.config["username"])
                client.login(self.config["username"], self.config.get("password") or "")
        except OSError as exc:  # smtplib and ssl errors are OSErrors
            if client is not None:
                client.close()
            raise self._error(exc, step)
        self._client = client
        return self

    def send(self, message):
        """Send one message (opening the session if needed).

        RecipientsRefused / MessageRefused concern this message only; ConnectionLost closes the
        session (the next send reconnects); any other SmtpError is the server's configuration.
        """
        self.open()
        try:
            refused = self._client.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            refused = exc.recipients
        except (smtplib.SMTPDataError, smtplib.SMTPHeloError) as exc:
            raise MessageRefused("smtp : %s a refusé le message (%s)" % (self.server, _smtp_reason(exc)))
        except OSError as exc:
            error = self._error(exc, "envoi")
            if isinstance(error, ConnectionLost):
                self._drop()
            raise error
        if refused:
            raise RecipientsRefused("smtp : %s a refusé les destinataires %s"
                                    % (self.server, joined(_refusal(a, refused[a]) for a in sorted(refused))),
                                    refused)

    def _drop(self):
        client, self._client = self._client, None
        if client is not None:
            client.close()

    def close(self):
        """Say QUIT when the server still listens; never raises."""
        client, self._client = self._client, None
        if client is None:
            return
        try:
            client.quit()
        except OSError:
            client.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def send(config, message, ssl_context, timeout=30):
    """Deliver `message` in a session of its own. config: host, port, security, username, password."""
    with SmtpSession(config, ssl_context, timeout) as session:
        try:
            session.send(message)
        except RecipientsRefused as exc:
            raise SmtpError("%s (smtp.to, ou contact de l'opérateur)" % exc)
