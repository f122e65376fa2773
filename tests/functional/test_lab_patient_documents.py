# SPDX-License-Identifier: GPL-3.0-or-later
"""The seeded Dovecot really carries the lab's patient documents (issue 16, item 6).

What the detectors will read from the server (BODYSTRUCTURE, keywords, MDNs, the Message-ID
file) is there, for both access paths: IMAP as the admin, and doveadm.
"""
import imaplib
import json
import os
import re
import stat

from lab import mail_seed, patient_documents


def _document_boxes(platform):
    return [box for box in platform.est.mailboxes if box.documents]


def _rows(server, login):
    rows = json.loads(server.doveadm("-f", "json", "fetch", "-u", login,
                                     "mailbox hdr.message-id flags imap.bodystructure", "all"))
    return {row["hdr.message-id"].strip(): row for row in rows}


def test_documents_and_mdns_are_on_the_server(mail_platform):
    server = mail_platform.dovecot
    for box in _document_boxes(mail_platform):
        rows = _rows(server, box.address)
        for doc in box.documents:
            row = rows[doc.message_id]
            assert row["mailbox"] == doc.folder
            assert "IHE_XDM.ZIP" in row["imap.bodystructure"].upper(), (doc.variant, row["imap.bodystructure"])
            assert (patient_documents.DPI_KEYWORD in row["flags"].split()) == (doc.proof == "keyword")
            if doc.proof.startswith("mdn"):
                assert '"REPORT"' in rows[doc.mdn_id]["imap.bodystructure"].upper()
        mdns = server.doveadm("search", "-u", box.address, "header", "content-type", "disposition-notification")
        assert len(mdns.splitlines()) == sum(doc.proof.startswith("mdn") for doc in box.documents)
        subjects = server.doveadm("search", "-u", box.address, "subject", "XDM/1.0/DDM")
        assert len(subjects.splitlines()) == len(box.documents)


def test_imap_admin_sees_structure_and_keyword(mail_platform):
    server = mail_platform.dovecot
    box = next(b for b in _document_boxes(mail_platform) if any(d.proof == "keyword" for d in b.documents))
    conn = imaplib.IMAP4(server.host, server.imap_port)
    conn.login("%s*%s" % (box.address, server.admin_user), server.admin_password)
    conn.select("INBOX", readonly=True)
    status, data = conn.uid("SEARCH", "KEYWORD", patient_documents.DPI_KEYWORD)
    assert status == "OK" and len(data[0].split()) == 1
    status, data = conn.uid("FETCH", data[0].split()[0], "(BODYSTRUCTURE)")
    conn.logout()
    # RFC 2231 parameters reach the client as the sender wrote them
    assert status == "OK" and re.search(rb'"FILENAME\*" "UTF-8\'\'IHE_XDM.ZIP"', data[0].upper())


def test_message_ids_file_is_written_private(mail_platform):
    path = mail_seed.message_ids_path(mail_platform.dovecot)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with open(path, encoding="utf-8") as handle:
        listed = {line.strip().strip("<>") for line in handle if line.strip() and not line.startswith("#")}
    expected = {doc.message_id.strip("<>") for box in _document_boxes(mail_platform) for doc in box.documents
                if doc.proof == "message_ids_file"}
    assert expected and expected <= listed


def test_summary_counts_the_documents(mail_platform):
    """The seeder's per-login totals include the documents and MDNs, as the server counts them."""
    server = mail_platform.dovecot
    for box in _document_boxes(mail_platform):
        counted = server.doveadm("-f", "flow", "mailbox", "status", "-u", box.address, "messages", "*")
        total = sum(int(value) for value in re.findall(r"messages=(\d+)", counted))
        assert total == mail_platform.summary[box.address]["messages"]
