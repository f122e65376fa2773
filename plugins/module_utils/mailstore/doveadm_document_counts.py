# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""mailstore_info's patient document count through doveadm, for a chunk of users, with what
documents_cache remembers of each folder (the IMAP backend's imap_document_counts, in passes over
many users at once: doveadm runs one process per query, never one per folder).

The status pass gives each folder's key (UIDVALIDITY, UIDNEXT, messages; HIGHESTMODSEQ when
keywords prove integration). A user with nothing remembered is read whole, as without memory.
For the others, an unchanged folder is not read, and the changed ones (same UIDVALIDITY: from the
remembered UIDNEXT on; else from UID 1) are settled by two queries over those folders:
- `uid mailbox flags`, from the indexes only (no message opened): which UIDs are still there,
  with their flags of today (a keyword may have been set);
- the document fields of the messages saved since the last pass (an hour's margin for the mail
  host's clock): what arrived.
A UID the first shows at or above the start of the read and the second does not describe (saved
with an older date: a migration, a restore) has its folder read whole in a second pass: nothing
is counted from a read not proven complete. The status pass ends before the reads begin, so a
message that arrives meanwhile is above the key kept and read next time.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.documents_cache import merged_facts
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.doveadm_documents import (
    document_job, mdn_proofs_by_message, messages_by_user)

SINCE_MARGIN = 3600  # seconds read before the last pass: the mail host's clock is not ours (HTTP API)
# a mailbox found unchanged keeps its last pass's date for this long (a rerun leaves the file alone),
# then takes this one's (the next read of its new mail starts no earlier than needed)
KEEP_CHECKED = 6 * 3600
LISTING_FIELDS = "uid mailbox flags"


def status_fields(documents):
    """What the status pass adds to its fields for the keys (HIGHESTMODSEQ only where keywords count)."""
    return "uidvalidity uidnext" + (" highestmodseq" if documents.keywords else "")


def status_key(row, with_modseq):
    """(UIDVALIDITY, UIDNEXT, messages, HIGHESTMODSEQ or 0) of a status row, None when one is missing."""
    try:
        return (int(row["uidvalidity"]), int(row["uidnext"]), int(row["messages"]),
                int(row["highestmodseq"]) if with_modseq else 0)
    except (KeyError, TypeError, ValueError):
        return None


def folder_query(names):
    """The search query of exactly these folders (`mailbox` takes a pattern: rows are filtered after)."""
    query = []
    for name in sorted(names):
        query += (["OR"] if query else []) + ["mailbox", name]
    return ["("] + query + [")"] if len(names) > 1 else query


class ChunkCount:
    """One chunk's count: `run(status_rows)` -> ({login: counts}, {login: why unreadable})."""

    def __init__(self, runner, documents, cache, to_iso, checked):
        self.runner, self.documents, self.cache, self.to_iso = runner, documents, cache, to_iso
        self.checked = checked  # when the status pass began (UNIX time), kept for the next run
        self.keys = {}  # login -> {folder: key}
        self.facts = {}  # login -> {folder: FolderFacts}
        # login -> {folder: (old FolderFacts or None, since)}, settled into
        # (old, since, {uid: flags} still there or None, [Message] described from `since` on)
        self.reads = {}
        self.reused = {}  # login -> folders not read
        self.previous = {}  # login -> `checked` of the last pass
        self.unread = {}

    def run(self, status_rows, logins):
        with_modseq = bool(self.documents.keywords)
        for row in status_rows:
            # an empty folder has nothing to remember (as over IMAP): one that fills is read from UID 1
            if str(row.get("messages") or "0") != "0":
                self.keys.setdefault(row["username"], {})[row["mailbox"]] = status_key(row, with_modseq)
            else:
                self.keys.setdefault(row["username"], {})
        whole, changed, oldest = [], [], None
        for login in logins:
            if login not in self.keys:
                continue  # no folder: the stats say why
            stored, checked = self.cache.stored(login)
            self.previous[login] = checked
            if checked is None:
                whole.append(login)
                continue
            self._plan(login, stored)
            if self.reads[login]:
                changed.append(login)
                oldest = checked if oldest is None else min(oldest, checked)
        jobs = [document_job(["all"], whole)] if whole else []
        if changed:
            names = set(name for login in changed for name in self.reads[login])
            jobs += [(["fetch", LISTING_FIELDS] + folder_query(names), changed),
                     document_job(["savedsince", str(max(oldest - SINCE_MARGIN, 0))] + folder_query(names), changed)]
        answers = self.runner.run_many(jobs) if jobs else []
        fresh = {}
        if whole:
            fresh.update(self._fresh(answers[0], whole))
        if changed:
            fresh.update(self._settle(answers[-2], answers[-1], changed))
        proofs = mdn_proofs_by_message(self.runner, fresh) if self.documents.mdn else {}
        return self._finish(logins, fresh, proofs), self.unread

    def _plan(self, login, stored):
        """Which of `login`'s folders to read, and from which UID (`reads`); the others are reused."""
        reads, facts = self.reads.setdefault(login, {}), self.facts.setdefault(login, {})
        for name, key in self.keys[login].items():
            old = stored.get(name)
            if old is not None and key is not None and old.key == key:
                facts[name] = old
            elif old is not None and key is not None and old.key[0] == key[0]:
                reads[name] = (old, old.key[1])
            else:
                reads[name] = (None, 1)
        self.reused[login] = len(facts)

    def _fresh(self, answer, logins):
        """{login: [Message]} of one document fetch; its users' errors go to `unread`."""
        rows, errors = answer
        for login, error in errors.items():
            self.unread.setdefault(login, "documents patients illisibles : %s" % error)
        found = messages_by_user(rows, self.documents, self.to_iso)
        return dict((login, found.get(login, [])) for login in logins if login not in self.unread)

    def _settle(self, listing, arrived, logins):
        """Merge each changed folder from the listing and what arrived; reread whole the folders whose
        new UIDs were not all described. {login: [Message]} of what was described (their MDNs)."""
        rows, errors = listing
        for login, error in errors.items():
            self.unread.setdefault(login, "documents patients illisibles : %s" % error)
        still = {}
        for row in rows:
            uid = str(row.get("uid") or "")
            if uid.isdigit():
                still.setdefault((row.get("username"), row.get("mailbox")), {})[int(uid)] = (row.get("flags") or "").split()
        described = self._fresh(arrived, logins)
        again = {}
        for login, messages in described.items():
            by_folder = _by_folder(messages)
            for name, (old, since) in self.reads[login].items():
                present = still.get((login, name), {})
                new = [m for m in by_folder.get(name, []) if m.uid >= since]
                if set(uid for uid in present if uid >= since) - set(m.uid for m in new):
                    again.setdefault(login, set()).add(name)
                    continue
                self.reads[login][name] = (old, since, present, new)
        for login, found in self._reread(again).items():
            # the settled folders' messages stay described (an MDN among them proves what it proves)
            described[login] = [m for m in described.get(login, []) if m.folder not in again[login]] + found
        return described

    def _reread(self, again):
        """{login: [Message]} of the folders a partial read could not settle ({login: names}), read
        whole in one more pass (the query names every such folder: another user's are left out)."""
        if not again:
            return {}
        logins = sorted(again)
        names = set(name for folders in again.values() for name in folders)
        found = self._fresh(self.runner.run(*document_job(folder_query(names), logins)), logins)
        reread = {}
        for login, messages in found.items():
            by_folder = _by_folder(messages)
            for name in again[login]:
                self.reads[login][name] = (None, 1, None, by_folder.get(name, []))
            reread[login] = [m for name in again[login] for m in by_folder.get(name, [])]
        return reread

    def _finish(self, logins, fresh, proofs):
        counts = {}
        for login in logins:
            if login in self.unread or login not in self.keys:
                continue
            keys, facts = self.keys[login], self.facts.setdefault(login, {})
            mine = proofs.get(login, {})
            if login not in self.reads:  # read whole: every folder of the status pass
                by_folder = _by_folder(fresh.get(login, []))
                for name, key in keys.items():
                    facts[name] = merged_facts(None, 1, {}, by_folder.get(name, []), _of(mine, name), key)
                partial = 0
            else:
                for name, (old, since, present, new) in self.reads[login].items():
                    facts[name] = merged_facts(old, since, present or {}, new, _of(mine, name), keys[name])
                partial = sum(1 for read in self.reads[login].values() if read[0] is not None)
            previous = self.previous.get(login)
            unchanged = login in self.reads and not self.reads[login] and previous >= self.checked - KEEP_CHECKED
            self.cache.keep(login, facts, self.reused.get(login, 0), partial, previous if unchanged else self.checked)
            found = [m for f in facts.values() for m in f.documents]
            counts[login] = self.documents.counts(
                found, frozenset(original for f in facts.values() for original in f.proofs.values()))
        return counts


def _by_folder(messages):
    """{folder: [Message]} of a user's messages."""
    grouped = {}
    for message in messages:
        grouped.setdefault(message.folder, []).append(message)
    return grouped


def _of(proofs, folder):
    """{UID: proven Message-ID} of one folder's notifications."""
    return dict((uid, original) for (name, uid), original in proofs.items() if name == folder)
