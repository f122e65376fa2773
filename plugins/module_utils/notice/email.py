# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The owner notice as an email: multipart/alternative, plain text first then HTML, UTF-8.

Headers come from smtp.headed_message (the one place that writes From, To, Date,
Message-ID); a notice adds Auto-Submitted so that vacation replies stay quiet.
"""

from __future__ import annotations

import re

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import shown
from ansible_collections.mssante.hygiene.plugins.module_utils.smtp import headed_message

# RFC 3834: automatic responders must not answer; Exchange/Outlook read their own header
AUTOMATIC = (("Auto-Submitted", "auto-generated"), ("X-Auto-Response-Suppress", "All"))
FIELD_NAME = re.compile(r"^[!-9;-~]+$")  # RFC 5322: printable ASCII, no space, no colon
# headers the caller cannot replace: they are the message's identity and structure
RESERVED = frozenset(("from", "to", "cc", "bcc", "subject", "date", "message-id", "mime-version",
                      "content-type", "content-transfer-encoding", "auto-submitted",
                      "x-auto-response-suppress"))


class NoticeEmailError(MssanteError):
    """The notice cannot be made into an email; the message names the header or value at fault."""


def build_email(sender, recipients, rendered, message_id=None, headers=None):
    """EmailMessage of a Rendered notice (subject, text, html) for `recipients`."""
    recipients = [str(address) for address in recipients or ()]
    if not recipients:
        raise NoticeEmailError("avis sans destinataire : la liste recipients est vide", parameter="recipients")
    values = [("sender", sender), ("message_id", message_id or "")] + [("recipients", to) for to in recipients]
    for name, value in values + [("headers.%s" % key, value) for key, value in (headers or {}).items()]:
        if "\r" in str(value) or "\n" in str(value):  # a line break would smuggle in another header
            raise NoticeEmailError("%s : saut de ligne interdit dans un en-tête (%s)" % (name, shown(value)),
                                   parameter=name.partition(".")[0])
    message = headed_message(sender, recipients, rendered.subject, message_id=message_id)
    for name, value in AUTOMATIC:
        message[name] = value
    for name, value in (headers or {}).items():
        if not FIELD_NAME.match(str(name)) or str(name).lower() in RESERVED:
            raise NoticeEmailError("headers : l'en-tête %s n'est pas permis (nom sans espace ni deux-points, et "
                                   "ni %s, écrits par la collection)" % (shown(name), ", ".join(sorted(RESERVED))),
                                   parameter="headers")
        message[str(name)] = str(value)
    # quoted-printable: 7-bit safe for any relay, still readable in a raw .eml preview
    message.set_content(rendered.text, cte="quoted-printable")
    message.add_alternative(rendered.html, subtype="html", cte="quoted-printable")
    return message
