# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Patient documents through doveadm: the same facts as over IMAP, from `doveadm fetch` fields.

`imap.bodystructure` is Dovecot's BODYSTRUCTURE (without its outer parentheses), `hdr.subject`
and `hdr.message-id` two header fields, `flags` the keywords; never a message body. Disposition
notifications are found by `doveadm fetch ... header content-type disposition-notification`
(every folder) and only their machine part is read (`body.<part>`, from the structure).
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.patient_documents import (
    Message, mdn_verdict, processed_ids)

DOCUMENT_FIELDS = "uid mailbox imap.bodystructure hdr.subject hdr.message-id flags date.received.unixtime"
NOTIFICATIONS = ["header", "content-type", "disposition-notification"]


def with_document_fields(fields):
    """A fetch's fields plus the guard's, once each (one pass over the rule's messages, not two)."""
    words = fields.split()
    return " ".join(words + [word for word in DOCUMENT_FIELDS.split() if word not in words])


def document_job(query, users):
    """The job that describes the messages a query selects (the guard of a purge rule, or `all`)."""
    return ["fetch", DOCUMENT_FIELDS] + list(query), users


def notification_job(users):
    """The job that finds every disposition notification of the users' mailboxes, structure only."""
    return ["fetch", "uid mailbox imap.bodystructure"] + NOTIFICATIONS, users


# a kept row's verdict ("1": a patient document), in place of its Subject and MIME structure
VERDICT_FIELD = "mssante.document"
PRIVATE_FIELDS = ("hdr.subject", "imap.bodystructure")


def _message(row, uid, options, to_iso):
    date, message_id = to_iso(row.get("date.received.unixtime")), row.get("hdr.message-id", "")
    flags = (row.get("flags") or "").split()
    if VERDICT_FIELD in row:
        return Message(uid, row.get("mailbox", ""), date, message_id, flags, row[VERDICT_FIELD] == "1", None)
    return options.examine(uid, row.get("mailbox", ""), date, row.get("imap.bodystructure") or None,
                           row.get("hdr.subject", ""), message_id, flags)


def messages_by_user(rows, options, to_iso, folder=None):
    """{login: [patient_documents.Message]} from fetch rows (only `folder`'s when given: doveadm's
    `mailbox NAME` is a pattern)."""
    found = {}
    for row in rows:
        if folder is not None and row.get("mailbox") != folder:
            continue
        uid = str(row.get("uid") or "")
        if not uid.isdigit():
            continue
        found.setdefault(row.get("username"), []).append(_message(row, int(uid), options, to_iso))
    return found


def without_private_fields(row, document):
    """The row as a selection plan keeps it on disk: the guard's verdict (`document`) instead of the
    Subject and the MIME structure (attachment names), which go no further than the guard."""
    kept = dict((key, value) for key, value in row.items() if key not in PRIVATE_FIELDS)
    kept[VERDICT_FIELD] = "1" if document else "0"
    return kept


def mdn_proofs(runner, by_user):
    """{login: Message-IDs proven by a `processed` MDN} (see mdn_proofs_by_message)."""
    return dict((login, frozenset(found.values())) for login, found in mdn_proofs_by_message(runner, by_user).items())


def mdn_proofs_by_message(runner, by_user):
    """{login: {(folder, UID of a `processed` MDN): the Message-ID it proves}}: one fetch per
    distinct machine-part number (nearly always 2), for the users whose notifications have it."""
    wanted, sections = {}, {}
    for login, messages in by_user.items():
        for message in messages:
            if message.mdn_part is not None:
                wanted[(login, message.folder, message.uid)] = message.mdn_part
                sections.setdefault(message.mdn_part.section, set()).add(login)
    if not wanted:
        return {}
    order = sorted(sections)
    jobs = [(["fetch", "uid mailbox body.%s" % section] + NOTIFICATIONS, sorted(sections[section]))
            for section in order]
    proofs = {}
    for section, (rows, _errors) in zip(order, runner.run_many(jobs)):
        for row in rows:
            key = (row.get("username"), row.get("mailbox"), int(row.get("uid") or 0))
            part = wanted.get(key)
            if part is not None and part.section == section:
                raw = (row.get("body.%s" % section) or "").encode("utf-8", "surrogateescape")
                # processed_ids says what proves: the one rule, here for one notification
                for original in processed_ids([mdn_verdict(raw, part.encoding)]):
                    proofs.setdefault(key[0], {})[(key[1], key[2])] = original
    return proofs
