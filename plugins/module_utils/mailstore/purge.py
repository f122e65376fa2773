# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Purge by rules, the part no backend rewrites: plans, safety caps, export + journal, results.

`PurgeRun` holds the decisions and results and is shared by every backend (imap_backend.py,
doveadm.py): a backend finds the messages (a `FolderPlan` per mailbox, rule and folder), asks
`approve()` and deletes only what it approved; the journal line of every message is on disk
before its deletion. Nothing here talks to a server.
"""

from __future__ import annotations

import datetime as dt
import threading

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import MailstoreError
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.export import export_message
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.presence import FolderPresence
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.progress import NoProgress
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.safety import folder_refusal
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import os_error, os_reason
from ansible_collections.mssante.hygiene.plugins.module_utils.phase_timer import PhaseTimer


# session state, not the message's: a restore could not (\Recent) or must not (\Deleted) set them
_TRANSIENT_FLAGS = ("\\recent", "\\deleted")


def journal_flags(flags):
    """The flags a restore puts back: system flags and keywords, without \\Recent and \\Deleted."""
    return [flag for flag in flags or () if flag.lower() not in _TRANSIENT_FLAGS]


class FolderPlan:
    """Messages one rule selects in one folder of one mailbox."""

    def __init__(self, mailbox, folder, special_use, rule, uidvalidity, folder_messages, meta, guid=""):
        self.mailbox = mailbox
        self.folder = folder
        self.special_use = special_use
        self.rule = rule
        self.uidvalidity = uidvalidity
        self.folder_messages = folder_messages
        self.meta = meta  # {uid: {size, date, saved, message_id, flags}}
        self.guid = guid  # Dovecot mailbox GUID (doveadm backend)

    @property
    def uids(self):
        return sorted(self.meta)

    @property
    def bytes(self):
        return sum(item.get("size", 0) for item in self.meta.values())

    def date_range(self):
        """(oldest, newest) YYYY-MM-DD of the date the rule compares; '' when the server gave none."""
        days = [day[:10] for day in (self.rule.compared_date(item) for item in self.meta.values()) if day]
        return min(days, default=""), max(days, default="")


class PurgeRun:
    """Decisions and results of one mailstore_purge call (thread-safe)."""

    def __init__(self, check_mode, journal, export_dir=None, max_delete_ratio=1.0, run_id="",
                 with_uids=False, now=None, documents=None, timer=None):
        self.check_mode = check_mode
        self.journal = journal
        self.export_dir = export_dir
        self.max_delete_ratio = max_delete_ratio
        self.run_id = run_id
        self.with_uids = with_uids
        self.now = now or dt.datetime.now(dt.timezone.utc)
        self.today = self.now.astimezone().date()
        self.selected, self.deleted, self.failures = [], [], []
        self.target_sizes = {}  # (mailbox, folder) -> messages: the run-level cap's denominator
        self.presence = FolderPresence()
        self.documents = documents  # patient_documents.DocumentOptions: what the rules' guard looks for
        self._kept_documents = {}  # (mailbox, folder, rule) -> patient documents the guard kept
        self._entries = {}  # (mailbox, folder, rule) -> its entry in selected
        self._lock = threading.Lock()
        # the workers' select / journal / delete times, summed over mailboxes (or doveadm chunks)
        self.timer = timer or PhaseTimer()
        self.progress = NoProgress()  # the service sets a ProgressFile; backends report mailboxes done
        self.selection = None  # the service sets a selection_plan.SelectionPlan when given plan_path

    def progress_counts(self):
        """What a progress line shows of the purge so far."""
        with self._lock:
            return {"selected": sum(e["messages"] for e in self.selected),
                    "deleted": sum(e["messages"] for e in self.deleted),
                    "failures": len(set(failure["mailbox"] for failure in self.failures))}

    def _entry(self, plan, status):
        oldest, newest = plan.date_range()
        entry = {"mailbox": plan.mailbox, "folder": plan.folder, "special_use": plan.special_use,
                 "rule": plan.rule.name, "messages": len(plan.meta), "bytes": plan.bytes,
                 "folder_messages": plan.folder_messages, "uidvalidity": plan.uidvalidity,
                 "oldest": oldest, "newest": newest, "status": status,
                 "kept_patient_documents": self._kept_documents.get((plan.mailbox, plan.folder, plan.rule.name), 0)}
        if self.with_uids:
            entry["uids"] = plan.uids
        return entry

    def observe(self, mailbox, folder, messages):
        """A target folder was opened: its size counts in the run's total."""
        with self._lock:
            self.target_sizes[(mailbox, folder)] = messages

    def run_share(self):
        """(messages the run would delete, messages in its target folders)."""
        going = sum(e["messages"] for e in self.selected if e["status"] != "refused")
        return going, sum(self.target_sizes.values())

    def documents_kept(self, mailbox, folder, rule, count):
        """The guard left `count` patient documents out of what `rule` selects in this folder
        (before the safety caps: they are not part of the plan)."""
        if count:
            with self._lock:
                key = (mailbox, folder, rule.name)
                self._kept_documents[key] = self._kept_documents.get(key, 0) + count

    def kept_documents_by_rule(self):
        """{rule name: patient documents kept}, for the diff."""
        with self._lock:
            found = {}
            for (_mailbox, _folder, rule), count in self._kept_documents.items():
                found[rule] = found.get(rule, 0) + count
            return found

    def folder_seen(self, mailbox, rule, wanted, present):
        """A rule's `folders` entry was looked up in a mailbox: found there or absent."""
        self.presence.record(mailbox, rule.name, wanted, present)

    def refusal(self, plan):
        """Why the safety cap refuses this plan, or '' when it may go ahead."""
        return folder_refusal(plan, self.max_delete_ratio)

    def approve(self, plan, fetch_raw=None):
        """Record the plan; True when the backend must now delete exactly plan.uids.

        Export (if any) and journal lines are on disk (fsynced) when this returns True. An
        export or journal failure raises MailstoreError (French): nothing of that plan may be deleted.
        """
        if not self._record(plan):
            return False
        with self.timer.phase("journal_summed"):
            self._export(plan, fetch_raw)
            self._write_journal([self._journal_line(plan, uid) for uid in plan.uids])
        return True

    def approve_many(self, items):
        """approve() for many (plan, fetch_raw) at once, with a single journal fsync.

        Returns the plans that may be deleted; a plan whose export or journal line fails is
        listed as a failure of its mailbox and left alone.
        """
        with self.timer.phase("journal_summed"):
            return self._approve_many(items)

    def _approve_many(self, items):
        approved = []
        for plan, fetch_raw in items:
            if not self._record(plan):
                continue
            try:
                self._export(plan, fetch_raw)
            except MailstoreError as exc:
                self.fail(plan.mailbox, str(exc))
                continue
            approved.append(plan)
        try:
            self._write_journal([self._journal_line(plan, uid) for plan in approved for uid in plan.uids])
        except MailstoreError as exc:
            for plan in approved:
                self.fail(plan.mailbox, str(exc))
            return []
        return approved

    def _write_journal(self, lines):
        try:
            self.journal.write(lines)
        except OSError as exc:
            raise MailstoreError(
                "journal_path : écriture impossible dans le journal %s : %s ; rien n'a été supprimé dans "
                "cette BAL et la purge s'arrête pour les suivantes (libérez de la place ou corrigez les "
                "droits, puis relancez)" % (self.journal.path, os_reason(exc))) from None

    def _record(self, plan):
        """Add the plan to `selected`; True when it may go on to deletion."""
        if not plan.meta:
            return False
        why = self.refusal(plan)
        status = "refused" if why else "would_delete" if self.check_mode else "approved"
        entry = self._entry(plan, status)
        if why:
            entry["reason"] = why
        with self._lock:
            self.selected.append(entry)
            self._entries[(plan.mailbox, plan.folder, plan.rule.name)] = entry
        return not (why or self.check_mode)

    def _export(self, plan, fetch_raw):
        if not self.export_dir:
            return
        try:
            self.journal.check()  # a stopped journal: no deletion follows, no export needed
            for uid in plan.uids:
                export_message(self.export_dir, self.run_id, plan.mailbox, plan.folder,
                               plan.uidvalidity, uid, fetch_raw(uid))
        except OSError as exc:
            raise MailstoreError("export_dir : export impossible (%s) ; rien n'a été supprimé dans cette "
                                 "BAL" % os_error(exc)) from None

    def _journal_line(self, plan, uid):
        meta = plan.meta[uid]
        return {"run_id": self.run_id, "at": self.now.isoformat(), "mailbox": plan.mailbox,
                "folder": plan.folder, "uidvalidity": plan.uidvalidity, "uid": uid,
                "message_id": meta.get("message_id", ""), "date": meta.get("date", ""),
                "saved": meta.get("saved") or meta.get("date", ""), "size": meta.get("size", 0),
                "flags": journal_flags(meta.get("flags")), "rule": plan.rule.name}

    def keep(self, plan, uids, why):
        """The server refused to delete `uids` of an approved plan: journal it, count it out."""
        kept = sorted(uid for uid in uids if uid in plan.meta)
        self._write_journal([dict(self._journal_line(plan, uid), event="kept", reason=why) for uid in kept])
        for uid in kept:
            del plan.meta[uid]
        with self._lock:
            entry = self._entries.get((plan.mailbox, plan.folder, plan.rule.name))
            if entry is not None:
                entry["kept"] = entry.get("kept", 0) + len(kept)

    def done(self, plan):
        with self._lock:
            entry = self._entries.get((plan.mailbox, plan.folder, plan.rule.name))
            if entry is not None and entry["status"] == "approved":
                entry["status"] = "deleted"
            self.deleted.append({"mailbox": plan.mailbox, "folder": plan.folder,
                                 "rule": plan.rule.name, "messages": len(plan.meta),
                                 "bytes": plan.bytes})

    def fail(self, mailbox, error):
        with self._lock:
            self.failures.append({"mailbox": mailbox, "error": error})
            for key, entry in self._entries.items():
                if key[0] == mailbox and entry["status"] == "approved":
                    entry["status"] = "not_confirmed"

    def failed_mailboxes(self):
        with self._lock:
            return set(failure["mailbox"] for failure in self.failures)

    def summary(self, mailbox_count):
        return {
            "mailboxes": mailbox_count,
            "selected_messages": sum(e["messages"] for e in self.selected),
            "selected_bytes": sum(e["bytes"] for e in self.selected),
            "refused": sum(1 for e in self.selected if e["status"] == "refused"),
            "deleted_messages": sum(e["messages"] for e in self.deleted),
            "deleted_bytes": sum(e["bytes"] for e in self.deleted),
            "failures": len(self.failed_mailboxes()),
            "absent_folders": self.presence.skipped(self.failed_mailboxes()),
            "kept_patient_documents": sum(self.kept_documents_by_rule().values()),
        }
