# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Send a cover message with its CSV attached over SMTP (STARTTLS, implicit TLS, or clear on loopback).

Errors name the server and the step, never the password.
"""

from __future__ import annotations

import smtplib
import socket
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


class SmtpError(MssanteError):
    """Sending failed; the message says which server and which step."""


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


def send(config, message, ssl_context, timeout=30):
    """Deliver `message`. config: host, port, security, username, password."""
    host = config["host"]
    security = config.get("security") or "starttls"
    if security not in SECURITIES:
        raise SmtpError("smtp.security doit valoir %s, reçu %s" % (joined(SECURITIES), quoted(security)))
    port = int(config.get("port") or DEFAULT_PORTS[security])
    server = "%s:%d" % (host, port)
    step = "connexion"
    try:
        if security == "tls":
            client = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl_context)
        else:
            client = smtplib.SMTP(host, port, timeout=timeout)
        with client:
            client.ehlo()
            if security == "starttls":
                step = "STARTTLS"
                client.starttls(context=ssl_context)
                client.ehlo()
            if config.get("username"):
                step = "authentification de %s" % quoted(config["username"])
                client.login(config["username"], config.get("password") or "")
            step = "envoi"
            refused = client.send_message(message)
    except ssl.SSLError as exc:
        raise SmtpError("smtp : %s" % describe_tls_error(exc, server))
    except smtplib.SMTPAuthenticationError as exc:
        raise SmtpError("smtp : %s refusée par %s (code %s) : vérifiez smtp.username et smtp.password "
                        "(mssante_smtp)" % (step, server, exc.smtp_code))
    except smtplib.SMTPNotSupportedError:
        raise SmtpError("smtp : %s impossible, %s ne le propose pas : changez smtp.security (starttls, tls "
                        "ou none) ou retirez smtp.username" % (step, server))
    except smtplib.SMTPRecipientsRefused as exc:
        refused = exc.recipients
    except smtplib.SMTPSenderRefused as exc:
        raise SmtpError("smtp : %s a refusé l'expéditeur smtp.sender %s (%s)"
                        % (server, quoted(exc.sender), _smtp_reason(exc)))
    except smtplib.SMTPException as exc:
        raise SmtpError("smtp : échec de l'étape %s avec %s : %s" % (step, server, _smtp_reason(exc)))
    except (socket.timeout, OSError) as exc:
        if step == "connexion":
            raise SmtpError("smtp : serveur SMTP %s injoignable : %s ; %s" % (server, os_reason(exc), WHERE))
        raise SmtpError("smtp : connexion au serveur SMTP %s coupée pendant l'étape %s : %s"
                        % (server, step, os_reason(exc)))
    if refused:
        raise SmtpError("smtp : %s a refusé les destinataires %s (smtp.to, ou contact de l'opérateur)"
                        % (server, joined(sorted(refused))))


def _smtp_reason(exc):
    """'code texte' of a server answer (bytes in smtplib), else the exception text."""
    code, text = getattr(exc, "smtp_code", None), getattr(exc, "smtp_error", b"")
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return "%s %s" % (code, text) if code else str(exc)
