# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The preview's selection, kept for the real purge (doveadm backend).

A read-only preview given `plan_path` keeps, per batch of mailboxes, what each doveadm fetch
returned for each folder, with the state of that folder read *before* the fetch: UIDVALIDITY,
UIDNEXT, message count and HIGHESTMODSEQ. Dovecot raises HIGHESTMODSEQ on every flag change,
expunge and delivery, so a folder whose four values are unchanged holds exactly the messages and
flags the preview saw. The real run of the same batch, the same day, checks each folder's state
live (the status pass it makes anyway) and fetches again only the folders that changed: the rows
of the others are the preview's. Anything doubtful (unreadable file, other batch, other day, too
old, other patient documents settings) means the file is ignored and everything is fetched live.
The real run removes the file: a plan serves once. On disk a row keeps the guard's verdict, never
a Subject or a MIME structure (doveadm_documents.without_private_fields).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time

from ansible_collections.mssante.hygiene.plugins.module_utils.files import write_atomic
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import os_reason

FORMAT = "mssante.hygiene/selection-plan/1"
STATE_FIELDS = ("uidvalidity", "uidnext", "messages", "highestmodseq")
STALE_SECONDS = 2 * 86400


def folder_state(status_row):
    """'uidvalidity:uidnext:messages:highestmodseq' of a doveadm status row; '' when one is missing
    (a server that does not give HIGHESTMODSEQ never has its selection reused)."""
    values = [str(status_row.get(field) or "") for field in STATE_FIELDS]
    return ":".join(values) if all(values) else ""


def batch_file(directory, logins):
    """The plan file of one batch: named after its mailboxes, so another batch never reads it."""
    digest = hashlib.sha256("\n".join(sorted(logins)).encode("utf-8")).hexdigest()
    return os.path.join(directory, "%s.json" % digest[:32])


def job_key(args):
    """A fetch is reusable only for the very same command: fields, folder, rule query and its date."""
    return "\x1f".join(args)


def prune(directory, now, keep):
    """Remove the plans of a past day (batches that changed since, a purge that never came):
    a plan only serves on the day it was made."""
    for name in os.listdir(directory):
        path = os.path.join(directory, name)
        try:
            if path != keep and name.endswith(".json") and now - os.stat(path).st_mtime > STALE_SECONDS:
                os.unlink(path)
        except OSError:
            pass  # gone meanwhile, or not ours to remove: the next preview tries again


class SelectionPlan:
    """One batch's plan: written by a preview (`writing`), read by a real run (`reading`)."""

    def __init__(self, directory, logins, writing, max_age, today, now=None, settings=""):
        self.path = batch_file(directory, logins)
        # what else shapes a kept row (the patient documents' options decide its verdict)
        self.settings = hashlib.sha256(settings.encode("utf-8")).hexdigest()
        self.writing = writing
        self.logins = sorted(logins)
        self.today = today.isoformat()
        self.now = time.time() if now is None else now
        self.max_age = max_age
        self.folders = {}  # job key -> {login: [state, rows]}
        self.state = "written" if writing else "absent"
        self.reason = ""
        self.reused = self.fetched = 0
        self._lock = threading.Lock()
        if not writing:
            self._load()

    @property
    def reading(self):
        return not self.writing and bool(self.folders)

    @property
    def active(self):
        """A plan to write, or one read and trusted: otherwise the run goes as without a plan."""
        return self.writing or self.reading

    def _load(self):
        try:
            with open(self.path, "rb") as handle:
                document = json.loads(handle.read().decode("utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError) as exc:
            self._refuse("illisible (%s)" % (os_reason(exc) if isinstance(exc, OSError) else "JSON invalide"))
            return
        problem = self._problem(document)
        if problem:
            self._refuse(problem)
            return
        self.folders = document["folders"]
        self.state = "reused"

    def _problem(self, document):
        if not isinstance(document, dict) or document.get("format") != FORMAT \
                or not isinstance(document.get("folders"), dict):
            return "format inconnu"
        if document.get("logins") != self.logins:
            return "autre lot de BAL"
        if document.get("settings") != self.settings:
            return "autres réglages des documents patients"
        if document.get("today") != self.today:
            return "fait un autre jour (%s)" % document.get("today")
        created = document.get("created")
        if not isinstance(created, (int, float)) or not 0 <= self.now - created <= self.max_age:
            return "trop ancien ou daté du futur"
        return ""

    def _refuse(self, why):
        self.state, self.reason = "ignored", why

    def split(self, args, users, name, states):
        """(rows reused from the plan, users to fetch live) for one fetch job."""
        if not self.reading:
            with self._lock:
                self.fetched += len(users)
            return [], users
        kept = self.folders.get(job_key(args), {})
        rows, live = [], []
        for login in users:
            planned = kept.get(login)
            if planned and planned[0] and planned[0] == states.get((login, name)):
                rows.extend(planned[1])
            else:
                live.append(login)
        with self._lock:
            self.reused += len(users) - len(live)
            self.fetched += len(live)
        return rows, live

    def record(self, args, name, users, rows, errors, states):
        """Keep what a preview's fetch returned for each user whose folder state is known."""
        if not self.writing:
            return
        by_login = {}
        for row in rows:
            if row.get("mailbox") == name:
                by_login.setdefault(row.get("username"), []).append(row)
        kept = {login: [states[(login, name)], by_login.get(login, [])] for login in users
                if login not in errors and states.get((login, name))}
        with self._lock:
            self.folders.setdefault(job_key(args), {}).update(kept)

    def finish(self, check_mode):
        """A preview writes its plan (0600); a real run removes the plan it was given."""
        try:
            if self.writing and check_mode:
                os.makedirs(os.path.dirname(self.path), mode=0o700, exist_ok=True)
                document = {"format": FORMAT, "created": self.now, "today": self.today,
                            "settings": self.settings, "logins": self.logins, "folders": self.folders}
                write_atomic(self.path, json.dumps(document, separators=(",", ":")).encode("utf-8"))
                prune(os.path.dirname(self.path), self.now, keep=self.path)
            elif not self.writing and not check_mode and os.path.exists(self.path):
                os.unlink(self.path)
        except OSError as exc:
            # the plan only saves time: without it the next run fetches everything live
            self.state, self.reason = "not_kept", os_reason(exc)

    def as_dict(self):
        result = {"path": self.path, "state": self.state, "folders_reused": self.reused,
                  "folders_fetched": self.fetched}
        if self.reason:
            result["reason"] = self.reason
        return result
