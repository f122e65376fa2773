# SPDX-License-Identifier: GPL-3.0-or-later
"""Messages carrying patient documents as MSSanté sends them, planted over IMAP APPEND.

An XDM package is a real zip (IHE_XDM/SUBSET01/METADATA.XML and a small CDA R2 document); the
Subject of such a message names the patient (XDM/1.0/DDM+<libellé> <NOM> <prénom> <naissance>).
MDNs are multipart/report with a message/disposition-notification machine part.
"""
import imaplib
import io
import time
import zipfile
from email import encoders
from email.mime.base import MIMEBase
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.folders import encode_mutf7

PATIENT = "MARTINEZ-ZOLA Hortense 19500101"
XDM_SUBJECT = "XDM/1.0/DDM+CR " + PATIENT
KEYWORD = "$DPI_Integre"
METADATA = ('<?xml version="1.0" encoding="UTF-8"?>\n<SubmitObjectsRequest xmlns="urn:oasis:names:tc:ebxml-'
            'regrep:xsd:lcm:3.0"><RegistryObjectList/></SubmitObjectsRequest>\n')
CDA = ('<?xml version="1.0" encoding="UTF-8"?>\n<ClinicalDocument xmlns="urn:hl7-org:v3"><title>Compte rendu'
       '</title></ClinicalDocument>\n')


def xdm_zip():
    """A deterministic XDM package."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (("IHE_XDM/SUBSET01/METADATA.XML", METADATA), ("IHE_XDM/SUBSET01/DOC0001.XML", CDA)):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            archive.writestr(info, text)
    return buffer.getvalue()


def _headers(message, message_id, subject):
    message["From"] = "intermediation@ch-partenaire.mssante.fr"
    message["To"] = "bal@ch-exemple.mssante.fr"
    message["Subject"] = subject
    message["Message-ID"] = message_id
    return message


def document(message_id, subject="Documents", filename="IHE_XDM.ZIP", rfc2231=False):
    message = _headers(MIMEMultipart(), message_id, subject)
    message.attach(MIMEText("Documents en pièce jointe.", "plain", "utf-8"))
    package = MIMEBase("application", "zip")
    package.set_payload(xdm_zip())
    encoders.encode_base64(package)
    package.add_header("Content-Disposition", "attachment",
                       filename=("utf-8", "", filename) if rfc2231 else filename)
    message.attach(package)
    return message


def forwarded(message_id, inner):
    message = _headers(MIMEMultipart(), message_id, "TR: documents")
    message.attach(MIMEText("Pour intégration.", "plain", "utf-8"))
    message.attach(MIMEMessage(inner))
    return message


def plain(message_id, subject="Planning de garde"):
    return _headers(MIMEText("Message ordinaire.", "plain", "utf-8"), message_id, subject)


def mdn(message_id, original, disposition="processed"):
    message = _headers(MIMEMultipart("report", report_type="disposition-notification"), message_id,
                       "Accusé de traitement")
    message.attach(MIMEText("Document traité par le DPI.", "plain", "utf-8"))
    machine = MIMEBase("message", "disposition-notification")
    machine.set_payload("Reporting-UA: connecteur-dpi.ch-exemple.fr\r\nOriginal-Message-ID: %s\r\n"
                        "Disposition: automatic-action/MDN-sent-automatically;\r\n %s\r\n" % (original, disposition))
    message.attach(machine)
    return message


def plant(server, planted, password="Docs-boite-1"):
    """Create each login of `planted` and APPEND its [(folder, message, age in days, flags)] as its owner."""
    server.add_users([(login, password) for login in planted])
    # Dovecot rereads passwd-file at most once a second: a login in the same second would be refused
    # (and every refusal costs a growing penalty)
    time.sleep(1.1)
    for login, messages in planted.items():
        conn = imaplib.IMAP4(server.host, server.imap_port)
        try:
            conn.login(login, password)
            for folder, message, age_days, flags in messages:
                wire = '"%s"' % encode_mutf7(folder)
                if folder != "INBOX":
                    conn.create(wire)  # NO when it exists already: that is fine
                status, data = conn.append(wire, "(%s)" % " ".join(flags) if flags else None,
                                           imaplib.Time2Internaldate(time.time() - age_days * 86400),
                                           message.as_bytes())
                assert status == "OK", data
        finally:
            conn.logout()
