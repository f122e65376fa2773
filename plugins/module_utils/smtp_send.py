# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Send a cover message with its CSV attached over SMTP (STARTTLS, implicit TLS, or clear on loopback).

Errors name the server and the step, never the password.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from ansible_collections.mssante.hygiene.plugins.module_utils.tls import describe_tls_error

SECURITIES = ("starttls", "tls", "none")
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}


class SmtpError(Exception):
    """Sending failed; the message says which server and which step."""


def build_message(sender, recipients, subject, body, attachments=(), cc=()):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    if cc:
        message["Cc"] = ", ".join(cc)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
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
        raise SmtpError("smtp.security must be one of %s, got %r" % (", ".join(SECURITIES), security))
    port = int(config.get("port") or DEFAULT_PORTS[security])
    server = "%s:%d" % (host, port)
    step = "connection"
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
                step = "authentication of %s" % config["username"]
                client.login(config["username"], config.get("password") or "")
            step = "sending"
            refused = client.send_message(message)
    except ssl.SSLError as exc:
        raise SmtpError("smtp: %s" % describe_tls_error(exc, server))
    except smtplib.SMTPAuthenticationError as exc:
        raise SmtpError("smtp: %s on %s refused (%s)" % (step, server, exc.smtp_code))
    except smtplib.SMTPNotSupportedError as exc:
        raise SmtpError("smtp: %s not supported by %s (%s)" % (step, server, exc))
    except smtplib.SMTPException as exc:
        raise SmtpError("smtp: %s with %s failed: %s" % (step, server, exc))
    except (socket.timeout, OSError) as exc:
        raise SmtpError("smtp: %s with %s failed: %s" % (step, server, exc))
    if refused:
        raise SmtpError("smtp: %s refused the recipients %s" % (server, ", ".join(sorted(refused))))
