# SPDX-License-Identifier: GPL-3.0-or-later
"""The messages around a patient document: the XDM message itself and the platform's MDN.

Each attachment variant is one a real platform sends (a detector must find them all from the
server's BODYSTRUCTURE): `plain` (name= and filename=), `lower` (the same in lower case),
`rfc2231` (name*= and filename*=UTF-8''IHE_XDM.ZIP), `forward` (the XDM message forwarded as a
message/rfc822 part, so the zip sits two levels down). Lines end in LF, as the maildir seeder
writes every message.
"""

import base64
import email.header
import email.utils

from lab import xdm

VARIANTS = ("plain", "lower", "rfc2231", "forward")
SENDER = "Dr Voisin <h.voisin@ch-voisin.mssante.fr>"
INTEGRATION = "Integration DPI <integration@ch-exemple.mssante.fr>"
PROCESSED = "automatic-action/MDN-sent-automatically; processed"
ERROR_902 = PROCESSED + "/Error: 902^Patient inconnu"


def _headers(sender, recipient, subject, when, message_id, content_type):
    return "\n".join((
        "From: %s" % sender, "To: %s" % recipient, "Subject: %s" % subject,
        "Date: %s" % email.utils.formatdate(when, usegmt=True), "Message-ID: %s" % message_id,
        "MIME-Version: 1.0", "Content-Type: %s" % content_type)) + "\n\n"


def _zip_part(document, variant):
    if variant == "rfc2231":
        params = ("; name*=UTF-8''%s" % xdm.XDM_FILENAME, "; filename*=UTF-8''%s" % xdm.XDM_FILENAME)
    else:
        name = xdm.XDM_FILENAME.lower() if variant == "lower" else xdm.XDM_FILENAME
        params = ('; name="%s"' % name, '; filename="%s"' % name)
    encoded = base64.encodebytes(xdm.package(document)).decode("ascii")
    return ("Content-Type: application/zip%s\nContent-Disposition: attachment%s\n"
            "Content-Transfer-Encoding: base64\n\n%s" % (params[0], params[1], encoded))


def _multipart(boundary, parts):
    return "".join("--%s\n%s\n" % (boundary, part) for part in parts) + "--%s--\n" % boundary


def _text(text):
    return "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n%s" % text


def document_message(document, recipient, when, message_id, variant="plain"):
    """The bytes of a message carrying `document` in an IHE_XDM.ZIP, as `variant` attaches it."""
    if variant not in VARIANTS:
        raise ValueError("unknown XDM variant %r (one of %s)" % (variant, ", ".join(VARIANTS)))
    inner_variant = "plain" if variant == "forward" else variant
    boundary = "=_xdm_%d" % document.number
    body = _multipart(boundary, (
        _text("Bonjour,\n\nVeuillez trouver ci-joint un document (message fictif du labo).\n"),
        _zip_part(document, inner_variant)))
    original = _headers(SENDER, recipient, xdm.subject(document), when,
                        message_id if variant != "forward" else "<orig.%s" % message_id[1:],
                        'multipart/mixed; boundary="%s"' % boundary) + body
    if variant != "forward":
        return original.encode("utf-8")
    # a colleague forwards it as an attachment: the zip is inside the message/rfc822 part
    outer = "=_fwd_%d" % document.number
    body = _multipart(outer, (
        _text("Pour intégration, merci.\n"),
        "Content-Type: message/rfc822\nContent-Disposition: attachment\n\n" + original))
    return (_headers("Secretariat <secretariat@ch-exemple.mssante.fr>", recipient,
                     "TR: " + xdm.subject(document), when, message_id,
                     'multipart/mixed; boundary="%s"' % outer) + body).encode("utf-8")


def mdn_message(recipient, when, message_id, original_id, disposition):
    """A disposition notification about `original_id`; its Subject names no patient."""
    boundary = "=_mdn_%s" % message_id.strip("<>").split("@")[0]
    integrated = disposition == PROCESSED
    human = ("Le document a été intégré au dossier patient.\n" if integrated else
             "Le document n'a pas pu être intégré au dossier patient.\n")
    machine = ("Content-Type: message/disposition-notification\n\n"
               "Reporting-UA: integration.ch-exemple.mssante.fr; plateforme d'integration (labo)\n"
               "Original-Recipient: rfc822;%s\nFinal-Recipient: rfc822;%s\n"
               "Original-Message-ID: %s\nDisposition: %s\n" % (recipient, recipient, original_id, disposition))
    title = email.header.Header("Accusé de traitement", "utf-8").encode()
    return (_headers(INTEGRATION, recipient, title, when, message_id,
                     'multipart/report; report-type=disposition-notification; boundary="%s"' % boundary)
            + _multipart(boundary, (_text(human), machine))).encode("utf-8")
