# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What mailstore_info learnt of each folder's patient documents, so that the next audit reads
again only the folders that changed (counting reads every message's structure: most of an
audit's time on the platform).

A folder's facts (its documents: UID, date, Message-ID, flags; the UIDs of its `processed`
notifications and the Message-IDs they prove) are reused whole only when the server shows the
folder unchanged: same UIDVALIDITY, same UIDNEXT (nothing arrived) and same number of messages
(nothing left), and the same HIGHESTMODSEQ when keywords prove integration (a keyword is a flag:
only CONDSTORE shows a flag changed); with the same UIDVALIDITY only, they are the starting point
of a partial read (imap_document_counts over IMAP, doveadm_document_counts through doveadm, which
also keeps when it took the keys: `checked`). Another server, other document options, a line that
does not read back exactly as written: read again from the server, never trusted. One JSON line
per mailbox in a 0600 file; no Subject, no body.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading

from ansible_collections.mssante.hygiene.plugins.module_utils.files import make_private_dirs, write_if_changed
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import os_reason
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.patient_documents import Message

FILE_NAME = "documents-patients-par-dossier.jsonl"
SCHEMA_VERSION = 2


def options_fingerprint(options):
    """What decides a message is a document or a proof, as one short text (a change rereads all)."""
    chosen = [options.filenames, options.subject_prefixes, options.content_types, sorted(options.keywords),
              bool(options.mdn)]
    return hashlib.sha256(json.dumps(chosen).encode("utf-8")).hexdigest()[:16]


def folder_key(answer, with_modseq):
    """(UIDVALIDITY, UIDNEXT, EXISTS, HIGHESTMODSEQ or 0) of a folder from its EXAMINE answer
    (imap.Answer), or None when the server did not say enough to prove it unchanged later."""
    values = []
    for name in ("UIDVALIDITY", "UIDNEXT", "EXISTS") + (("HIGHESTMODSEQ",) if with_modseq else ()):
        given = answer.get(name)
        last = given[-1] if given else b""
        words = (last.decode("ascii", "replace") if isinstance(last, bytes) else str(last)).split()
        if not words or not words[0].isdigit():
            return None
        values.append(int(words[0]))
    return tuple(values) + ((0,) if not with_modseq else ())


class FolderFacts:
    """A folder's documents and proofs, as they were under `key`."""

    __slots__ = ("key", "documents", "proofs")

    def __init__(self, key, documents, proofs):
        self.key = key  # folder_key() when read, None when it cannot be proven unchanged
        self.documents = documents  # [patient_documents.Message] with document True
        self.proofs = proofs  # {UID of a `processed` notification: the Message-ID it proves}

    def as_row(self, raw):
        return [raw, list(self.key), [[m.uid, m.date, m.message_id, list(m.flags)] for m in self.documents],
                [[uid, original] for uid, original in sorted(self.proofs.items())]]

    @classmethod
    def from_row(cls, row):
        """The facts of one stored row, (raw, FolderFacts); ValueError when it is not exactly one."""
        raw, key, documents, proofs = row
        if not isinstance(raw, str) or not _ints(key, 4) or not isinstance(documents, list) \
                or not isinstance(proofs, list):
            raise ValueError(raw)
        proven = {}
        for uid, original in proofs:
            if not (_ints([uid], 1) and isinstance(original, str)):
                raise ValueError(raw)
            proven[uid] = original
        messages = []
        for uid, date, message_id, flags in documents:
            if not (_ints([uid], 1) and isinstance(date, str) and isinstance(message_id, str)
                    and isinstance(flags, list) and all(isinstance(f, str) for f in flags)):
                raise ValueError(raw)
            messages.append(Message(uid, raw, date, message_id, flags, True, None))
        return raw, cls(tuple(key), messages, proven)


def merged_facts(old, since, still, fresh, new_proofs, key):
    """A folder's facts after a partial read: what stays of `old` below UID `since` (those `still`
    {uid: flags} gives, with their flags of today) and the documents of `fresh` (read from `since` on)."""
    documents, proofs = [], dict(new_proofs)
    if old is not None:
        documents = [Message(m.uid, m.folder, m.date, m.message_id, still[m.uid], True, None)
                     for m in old.documents if m.uid < since and m.uid in still]
        proofs.update((uid, original) for uid, original in old.proofs.items() if uid < since and uid in still)
    documents += [m for m in fresh if m.document]
    return FolderFacts(key, documents, proofs)


def known_uids(old):
    """The UIDs whose fate a partial read must ask: remembered documents and proving notifications."""
    return frozenset(m.uid for m in old.documents) | frozenset(old.proofs)


def _ints(values, count):
    return isinstance(values, list) and len(values) == count and \
        all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in values)


class DocumentsCache:
    """The file under mailstore_info's state_dir. Threads read a mailbox's facts and keep new ones."""

    def __init__(self, state_dir, server, options, warn):
        self.path = os.path.join(state_dir, FILE_NAME)
        self.state_dir = state_dir
        self.head = {"schema_version": SCHEMA_VERSION, "server": server, "options": options_fingerprint(options)}
        self.warn = warn
        self._stored = {}  # login -> its line, parsed only when that mailbox is read (memory)
        self._kept = {}  # login -> its new line
        self._lock = threading.Lock()
        self.reused = self.partial = self.read = self.unreadable = 0
        self.start = "absent"
        self._load()

    def _load(self):
        try:
            with open(self.path, "rb") as handle:
                lines = handle.read().split(b"\n")
        except (FileNotFoundError, NotADirectoryError):
            return  # nothing remembered yet (a state_dir that is a file is said when saving)
        except OSError as exc:
            self.start = "illisible"
            self.warn("%s : mémoire des documents patients illisible (%s) ; tous les dossiers sont relus sur le serveur"
                      % (self.path, os_reason(exc)))
            return
        try:
            head = json.loads(lines[0].decode("utf-8"))
        except ValueError:
            head = None
        if head != self.head:
            # another server or other document options: nothing in it answers this run's question
            self.start = "autre" if isinstance(head, dict) else "illisible"
            return
        self.start = "reprise"
        for line in lines[1:]:
            login = _login_of(line)
            if login:
                self._stored[login] = line
            elif line.strip():
                self.unreadable += 1

    def folders(self, login):
        """{wire folder name: FolderFacts} stored for `login`, {} when none can be trusted."""
        return self.stored(login)[0]

    def stored(self, login):
        """({wire folder name: FolderFacts}, `checked` or None) stored for `login`; ({}, None) when
        nothing can be trusted."""
        line = self._stored.get(login)
        if line is None:
            return {}, None
        try:
            data = json.loads(line.decode("utf-8"))
            checked = data.get("checked")
            if checked is not None and not _ints([checked], 1):
                raise ValueError(checked)
            return dict(FolderFacts.from_row(row) for row in data["folders"]), checked
        except (ValueError, TypeError, KeyError, AttributeError):  # changed outside us: read the mailbox again
            with self._lock:
                self.unreadable += 1
            return {}, None

    def keep(self, login, facts, reused, partial=0, checked=None):
        """Remember `login`'s folders ({wire name: FolderFacts}): `reused` of them came from the
        file, `partial` were read from their remembered UIDNEXT on, the others whole. `checked`:
        when (UNIX time) the server's keys of these folders were taken (doveadm reads from then on)."""
        row = {"login": login, "folders": [f.as_row(raw) for raw, f in sorted(facts.items()) if f.key]}
        if checked is not None:
            row["checked"] = int(checked)
        line = json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        with self._lock:
            self._kept[login] = line
            self.reused += reused
            self.partial += partial
            self.read += len(facts) - reused - partial

    def save(self, failed):
        """Write the file: this run's mailboxes, and the stored lines of those that failed (`failed`:
        logins) so that the next run still finds them. A full disk only costs the next run its reuse."""
        lines = [json.dumps(self.head).encode("utf-8")]
        lines += [line for _login, line in sorted(self._kept.items())]
        lines += [self._stored[login] for login in sorted(set(failed) - set(self._kept)) if login in self._stored]
        try:
            make_private_dirs(self.state_dir)
            write_if_changed(self.path, b"\n".join(lines) + b"\n")  # a rerun leaves the file and its date alone
        except OSError as exc:
            why = "state_dir %s n'est pas un répertoire" % self.state_dir if isinstance(exc, FileExistsError) \
                else os_reason(exc)
            self.warn("%s : mémoire des documents patients non écrite (%s) ; le prochain audit relira tous les dossiers"
                      % (self.path, why))
            return False
        return True

    def summary(self):
        """The `documents_cache` output of mailstore_info."""
        return {"path": self.path, "start": self.start, "folders_reused": self.reused,
                "folders_read_new": self.partial, "folders_read": self.read, "unreadable_lines": self.unreadable}


def _login_of(line):
    """The login a stored line starts with, without parsing the rest (parsed when needed)."""
    if not line.startswith(b'{"login":'):
        return None
    try:
        login, _end = json.JSONDecoder().raw_decode(line.decode("utf-8", "replace"), len('{"login":'))
    except ValueError:
        return None
    return login if isinstance(login, str) and login else None
