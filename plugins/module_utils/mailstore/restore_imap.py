# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Putting journaled messages back over IMAP: one admin session per mailbox, APPEND with flags and date.

Both backends restore through IMAP. APPEND stores the message, its flags and its INTERNALDATE in
one command and names the new UID (APPENDUID); `doveadm save` (Dovecot 2.3) sets neither flags
nor the received date and does not say which message it created, so flags set afterwards would
have to find it again (impossible without a Message-ID), and `doveadm import` needs a mail store
the server can read, which the HTTP API cannot give it.

Per folder: EXAMINE and a search of the Message-IDs still to restore (already there: skipped;
one OR-ed SEARCH per chunk, then FETCH of the Message-ID of what matched, so answers need not be
attributed to their command), then the APPENDs, pipelined with LITERAL+ (RFC 7888) or one at a
time with synchronizing literals. A folder that no longer exists is created first: the message
goes back where the purge found it, and the person sees the folder again.
"""

from __future__ import annotations

import imaplib

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import MailstoreError
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.folders import encode_mutf7
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imap import Session
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imapwire import (
    chunks, flag_atom, imap_date_time, quotable, quote, text)

SEARCH_CHUNK = 40  # Message-IDs per SEARCH: a command line of a few kilobytes
APPEND_BATCH = 50  # messages per pipelined round trip...
APPEND_BYTES = 16 * 1024 * 1024  # ...and at most this much mail in memory at once
ID_ITEMS = "UID BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"


def searchable(message_id):
    """A Message-ID a SEARCH can look for as a quoted string ('' or 8-bit ones cannot)."""
    return bool(message_id) and quotable(message_id)


def restore_mailbox(settings, login, records, run):
    """Restore the journaled `records` of one mailbox, folder by folder, in one session."""
    with Session(settings, login, then=[Session.list_command()]) as session:
        folders = dict((folder.name, folder) for folder in session.folders(
            answer=session.early[0] if session.early else None) if folder.selectable)
        by_folder = {}
        for record in records:
            by_folder.setdefault(record["folder"], []).append(record)
        for name in sorted(by_folder):
            _restore_folder(session, folders.get(name), name, by_folder[name], run)


def _restore_folder(session, folder, name, records, run):
    todo = [record for record in records if not run.already_restored(record)]
    present = _present(session, folder, todo) if folder is not None else set()
    pending = []
    for record in todo:
        if searchable(record.get("message_id")) and record["message_id"] in present:
            run.skip(record, "already_present")
        elif run.exported(record):
            pending.append(record)
    if not pending:
        return
    if folder is None:
        if not run.check_mode:
            session.command("CREATE %s" % quote(encode_mutf7(name)))
        run.folder_created(session.mailbox, name)
    if run.check_mode:
        run.would_restore(pending)
        return
    raw_name = folder.raw if folder is not None else encode_mutf7(name)
    for batch in _batches(pending, run):
        run.done(_append(session, raw_name, batch, run))


def _present(session, folder, records):
    """The Message-IDs among `records` that the folder already holds (read-only: EXAMINE)."""
    wanted = sorted(set(r["message_id"] for r in records if searchable(r.get("message_id"))))
    if not wanted:
        return set()
    lines = ["EXAMINE %s" % quote(folder.raw)]
    for part in chunks(wanted, SEARCH_CHUNK):
        keys = ["HEADER Message-ID %s" % quote(message_id) for message_id in part]
        lines.append("UID SEARCH " + "".join("OR %s " % key for key in keys[:-1]) + keys[-1])
    uids = set()
    for answer in session.pipeline(lines):
        if not answer.ok:
            raise MailstoreError("%s, dossier « %s »" % (answer.error(), folder.name))
        # pipelined SEARCH answers may come with a neighbour's completion: gather them all
        uids.update(int(uid) for line in answer.get("SEARCH") for uid in text(line).split())
    session.conn.state = "SELECTED"
    if not uids:
        return set()
    found = session.uid_fetch(sorted(uids), ID_ITEMS)
    return set(meta["message_id"] for meta in found.values()) & set(wanted)


def _batches(records, run):
    """[(record, message bytes)] lists bounded in count and size (read from the export as needed)."""
    batch, size = [], 0
    for record in records:
        raw = run.read_export(record)
        if batch and (len(batch) >= APPEND_BATCH or size + len(raw) > APPEND_BYTES):
            yield batch
            batch, size = [], 0
        batch.append((record, raw))
        size += len(raw)
    if batch:
        yield batch


def append_parts(folder_raw, record):
    """(folder, flag list, date or '') of one APPEND: the journal's flags (those that can travel)
    and received date (INTERNALDATE); a journal line without them lets the server choose."""
    flags = [flag for flag in record.get("flags", []) if flag_atom(flag)]
    return quote(folder_raw), "(%s)" % " ".join(flags), imap_date_time(record.get("date"))


def append_arguments(folder_raw, record):
    """The arguments of one APPEND before its literal: '"folder" (flags) "date"'."""
    return " ".join(part for part in append_parts(folder_raw, record) if part)


def _append(session, folder_raw, batch, run):
    """APPEND a batch; [(record, new uid)] of those the server accepted, the others reported failed."""
    if session.has("LITERAL+"):
        answers = session.pipeline([("APPEND " + append_arguments(folder_raw, record), raw)
                                    for record, raw in batch])
        outcomes = [(answer.ok, answer.server_text(), answer.get("APPENDUID")) for answer in answers]
    else:
        outcomes = [_append_synchronizing(session, folder_raw, record, raw) for record, raw in batch]
    accepted = []
    for (record, _raw), (ok, said, appenduid) in zip(batch, outcomes):
        if ok:
            accepted.append((record, _new_uid(appenduid)))
        else:
            run.fail(session.mailbox, "APPEND refusé par le serveur pour le message UID %d du dossier « %s » "
                                      "(%s) : %s" % (record["uid"], record["folder"],
                                                     record.get("message_id") or "sans Message-ID", said),
                     record)
    return accepted


def _append_synchronizing(session, folder_raw, record, raw):
    """One APPEND with a synchronizing literal (servers without LITERAL+), through imaplib."""
    folder, flags, date = append_parts(folder_raw, record)
    try:
        status, data = session.conn.append(folder, flags, date or None, raw)
    except imaplib.IMAP4.abort as exc:
        raise MailstoreError("connexion perdue pendant l'APPEND (BAL %s) : %s ; relancez" % (
            session.mailbox, text(exc))) from None
    except imaplib.IMAP4.error as exc:
        return False, text(exc), []
    appenduid = session.conn.response("APPENDUID")[1]
    return status == "OK", text(data[-1] if data else ""), [item for item in appenduid if item]


def _new_uid(appenduid):
    """The UID of the appended message from '[APPENDUID <uidvalidity> <uid>]', 0 when not given."""
    for value in appenduid or ():
        words = text(value).split()
        if len(words) == 2 and words[1].isdigit():
            return int(words[1])
    return 0
