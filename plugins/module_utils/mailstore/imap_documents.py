# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Patient documents over IMAP: structures, keywords and two header fields, never a message body.

A purge's guard reads FLAGS and four header fields (Subject, Message-ID, Content-Type,
Content-Disposition) of the messages it must judge, in the very FETCH that reads the journal's
fields, right after the rule's search, and BODYSTRUCTURE only of those whose header does not
show a single unnamed text part (read_guarded); mailstore_info's count reads BODYSTRUCTURE of
every message it has not counted before (folder_updates). Disposition notifications (MDNs) are
found server-side (SEARCH on their Content-Type, every folder in one pipeline) and only their
machine part is fetched (BODY.PEEK[<part>], its number taken from the structure). Pipelined
answers are gathered per folder: an EXAMINE waits for everything before it.
"""

from __future__ import annotations

import re

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import MailstoreError
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imapwire import (
    HEADER_LITERAL, compress_uids, joined, parse_internaldate, quote, read_response, response_items, responses, text)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.patient_documents import (
    header_fields, mdn_verdict, processed_ids)

DOCUMENT_ITEMS = "UID INTERNALDATE FLAGS BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS (SUBJECT MESSAGE-ID)]"
# the purge's guard asks the header first, the structure only when the header leaves it open
GUARD_ITEMS = "UID INTERNALDATE FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT MESSAGE-ID CONTENT-TYPE CONTENT-DISPOSITION)]"
STRUCTURE_ITEMS = "UID BODYSTRUCTURE"
MDN_SEARCH = 'HEADER Content-Type "disposition-notification"'


def whole_responses(entries):
    """imaplib-shaped FETCH entries -> one bytes per response, literals put back in place."""
    return [joined(group) for group in responses(entries)]


def _header_fields(items):
    for name, value in items.items():
        if name.startswith("BODY[HEADER.FIELDS") and isinstance(value, str):
            fields = header_fields(value)
            return fields.get("subject", ""), fields.get("message-id", "")
    return "", ""


_UID = re.compile(rb"\bUID (\d+)")


def _uid_before_structure(head):
    """The UID item of a FETCH head, read only before BODYSTRUCTURE (a file name inside the
    structure is the sender's text and must never pass for the item), or None."""
    cut = head.find(b"BODYSTRUCTURE")
    uid = _UID.search(head, 0, cut) if cut > 0 else None
    return int(uid.group(1)) if uid else None


def _plain_message(group, folder, options):
    """The Message of a response whose head shows a plain structure (DocumentOptions.plain),
    read without the full parser (it costs ~0.1 ms a message: most of the guard's client time);
    None when the full parser is needed (a literal inside the structure, a name, a report, a
    document by its Subject)."""
    if len(group) != 2 or not isinstance(group[0], tuple):
        return None
    head, block = group[0]
    uid = _uid_before_structure(head)
    # the one literal must be the header block: one inside the structure leaves it cut short
    if uid is None or not HEADER_LITERAL.search(head) or not options.plain(head.decode("latin-1")):
        return None
    fields = header_fields(block.decode("utf-8", "replace"))
    message = options.plain_message(uid, folder, fields.get("subject", ""), fields.get("message-id", ""))
    # a document by its Subject alone needs its date and flags: the full parser gives them
    return None if message.document else message


def _parsed_message(group, folder, options):
    """The Message of one response read by the full parser, or None when it is not one."""
    items = response_items(joined(group))
    uid = items.get("UID")
    if not (isinstance(uid, str) and uid.isdigit()) or "BODYSTRUCTURE" not in items:
        return None
    try:
        date = parse_internaldate(items.get("INTERNALDATE") or "")
    except ValueError:
        date = ""
    structure = items["BODYSTRUCTURE"]
    subject, message_id = _header_fields(items)
    flags = items.get("FLAGS") if isinstance(items.get("FLAGS"), list) else []
    return options.examine(int(uid), folder, date, [structure] if isinstance(structure, list) else None,
                           subject, message_id, [f for f in flags if isinstance(f, str)])


def messages_of(entries, folder, options):
    """[patient_documents.Message] from the answers to a FETCH of DOCUMENT_ITEMS (`folder`: wire name)."""
    found = []
    for group in responses(entries):
        message = _plain_message(group, folder, options) or _parsed_message(group, folder, options)
        if message is not None:
            found.append(message)
    return found


def read_guarded(session, entries, folder, options, expected=()):
    """({uid: journal meta}, [Message]) of the purge's guarded selection, from one FETCH of the
    journal's items and GUARD_ITEMS (imapwire.merge_items), one pass per message.

    The header decides first (DocumentOptions.plain_header): a single unnamed text part is
    judged by its Subject. The others, and only they, get their BODYSTRUCTURE in a second FETCH
    of the still selected folder; one the server no longer describes is kept (never judged
    unseen)."""
    meta, messages, unsure = {}, [], {}
    for group in responses(entries):
        found = read_response(group, expected)
        if found is None:
            continue
        uid, item, header = found
        meta[uid] = item
        block = header.decode("utf-8", "replace") if header is not None else None
        if block is None:  # read by the full parser: the fields from there, the structure asked
            subject, message_id = _header_fields(response_items(joined(group)))
            fields = None
        else:
            fields = header_fields(block)
            subject, message_id = fields.get("subject", ""), fields.get("message-id", "")
        if options.plain_header(block, fields):
            messages.append(options.plain_message(uid, folder, subject, message_id, item["date"], item["flags"]))
        else:
            unsure[uid] = (item, subject, message_id)
    structures = _structures(session.fetch_entries(sorted(unsure), STRUCTURE_ITEMS), options) if unsure else {}
    for uid, (item, subject, message_id) in sorted(unsure.items()):
        structure = structures.get(uid)
        if structure is _PLAIN:
            messages.append(options.plain_message(uid, folder, subject, message_id, item["date"], item["flags"]))
            continue
        messages.append(options.examine(uid, folder, item["date"], [structure] if isinstance(structure, list) else None,
                                        subject, message_id, item["flags"]))
    return meta, messages


_PLAIN = object()  # a structure whose text alone shows it carries no document part (DocumentOptions.plain)


def _structures(entries, options):
    """{uid: BODYSTRUCTURE, or _PLAIN} of the answers to a FETCH of STRUCTURE_ITEMS.

    A response on one line (no literal inside the structure) whose text is plain is not parsed:
    the full parser costs ~0.15 ms a message, most of the guard's client time on multipart mail."""
    found = {}
    for group in responses(entries):
        head = group[0] if len(group) == 1 else b""
        uid = _uid_before_structure(head)
        if uid is not None and options.plain(head[head.find(b"BODYSTRUCTURE"):].decode("latin-1")):
            found[uid] = _PLAIN
            continue
        items = response_items(joined(group))
        uid = items.get("UID")
        if isinstance(uid, str) and uid.isdigit() and "BODYSTRUCTURE" in items:
            found[int(uid)] = items["BODYSTRUCTURE"]
    return found


def _per_folder(session, folders, command, opened=None, condstore=False):
    """{wire name: FETCH entries} of `command(folder)` lines run after an EXAMINE of each folder;
    `opened` ({wire name: EXAMINE answer}) receives each opening answer, `condstore` asks the
    HIGHESTMODSEQ there (RFC 7162)."""
    lines, owners = [], []
    for folder in folders:
        lines.append("EXAMINE %s%s" % (quote(folder.raw), " (CONDSTORE)" if condstore else ""))
        owners.append((folder, True))
        for line in command(folder):
            lines.append(line)
            owners.append((folder, False))
    found, current = {}, None
    for (folder, opener), answer in zip(owners, session.pipeline(lines) if lines else []):
        if opener:
            current = found.setdefault(folder.raw, []) if answer.ok else None
            if opened is not None and answer.ok:
                opened[folder.raw] = answer
        elif current is not None:
            if not answer.ok:
                raise MailstoreError("%s, dossier « %s »" % (answer.error(), folder.name))
            current += answer.get("FETCH")
    return found


def folder_updates(session, reads, options, opened, condstore=False):
    """{wire name: ([Message] from UID `since` on, {UID: FLAGS} of the `known` UIDs still there)}
    for each (folder, since, known) of `reads`, one pipelined round trip (`opened`, `condstore`:
    see _per_folder). `since` 1 reads the whole folder; a known UID the server no longer gives
    was expunged."""
    asked = dict((folder.raw, (since, known)) for folder, since, known in reads)

    def lines(folder):
        since, known = asked[folder.raw]
        fetches = ["UID FETCH %d:* (%s)" % (since, DOCUMENT_ITEMS)]
        if known:
            fetches.append("UID FETCH %s (UID FLAGS)" % compress_uids(sorted(known)))
        return fetches

    found = _per_folder(session, [folder for folder, _since, _known in reads], lines, opened, condstore)
    updates = {}
    for name, entries in found.items():
        since, known = asked[name]
        # 'n:*' answers the newest message even below n: only what is new counts
        fresh = [m for m in messages_of(entries, name, options) if m.uid >= since]
        still = {}
        for response in whole_responses(entries) if known else ():
            items = response_items(response)
            uid = int(items["UID"]) if isinstance(items.get("UID"), str) and items["UID"].isdigit() else 0
            if uid in known and isinstance(items.get("FLAGS"), list):
                still[uid] = [flag for flag in items["FLAGS"] if isinstance(flag, str)]
        updates[name] = (fresh, still)
    return updates


def mdn_proofs(session, notifications):
    """Message-IDs a `processed` MDN proves, fetching only each notification's machine part."""
    return frozenset(original for proofs in mdn_proofs_by_folder(session, notifications).values()
                     for original in proofs.values())


def mdn_proofs_by_folder(session, notifications):
    """{wire folder name: {UID of a `processed` MDN of that folder: the Message-ID it proves}}."""
    by_folder = {}
    for message in notifications:
        by_folder.setdefault(message.folder, []).append(message)
    folders = [_Wire(raw) for raw in by_folder]
    wanted = dict(((m.folder, m.uid), m.mdn_part) for m in notifications)

    def lines(folder):
        return ["UID FETCH %d (BODY.PEEK[%s])" % (m.uid, m.mdn_part.section) for m in by_folder[folder.raw]]

    proofs = {}
    for name, entries in _per_folder(session, folders, lines).items():
        proven = proofs.setdefault(name, {})
        for response in whole_responses(entries):
            items = response_items(response)
            uid = items.get("UID")
            part = wanted.get((name, int(uid))) if isinstance(uid, str) and uid.isdigit() else None
            raw = items.get("BODY[%s]" % part.section) if part else None
            if isinstance(raw, str):
                # processed_ids says what proves: the one rule, here for one notification
                for original in processed_ids([mdn_verdict(raw.encode("utf-8", "surrogateescape"), part.encoding)]):
                    proven[int(uid)] = original
    return proofs


def find_notifications(session, folders, options):
    """The mailbox's disposition notifications, found by the server (purge with `integrated`)."""
    if not session.has("SEARCHRES"):
        return _notifications_slowly(session, folders, options)
    found = _per_folder(session, folders, lambda folder: [
        "UID SEARCH RETURN (SAVE) %s" % MDN_SEARCH, "UID FETCH $ (UID BODYSTRUCTURE)"])
    return [m for name, entries in found.items() for m in messages_of(entries, name, options) if m.mdn_part]


def _notifications_slowly(session, folders, options):
    """Without SEARCHRES: SEARCH first, then FETCH what it found (one more round trip)."""
    uids = {}
    for folder in folders:
        answers = session.pipeline(["EXAMINE %s" % quote(folder.raw), "UID SEARCH %s" % MDN_SEARCH])
        if all(answer.ok for answer in answers):
            hits = [int(uid) for line in answers[1].get("SEARCH") for uid in text(line).split()]
            if hits:
                uids[folder] = hits
    found = _per_folder(session, list(uids), lambda folder: [
        "UID FETCH %s (UID BODYSTRUCTURE)" % compress_uids(uids[folder])])
    return [m for name, entries in found.items() for m in messages_of(entries, name, options) if m.mdn_part]


class _Wire:
    """A folder known by its wire name only (what the guard recorded)."""

    def __init__(self, raw):
        self.name = self.raw = raw
