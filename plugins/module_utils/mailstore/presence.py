# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Which mailboxes have the folders the rules name.

A rule for one service's folder (``Résultats labo``) is applied across the establishment: a
mailbox without that folder simply has nothing to purge there. Counting the mailboxes that
have it and those that lack it tells the DSI when a folder is found nowhere, which is most
likely a typo in the rule.
"""

from __future__ import annotations

import threading

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.folders import special_use_name


class FolderPresence:
    """(mailbox, rule, folder as written) -> present?, filled by the backends (thread-safe)."""

    def __init__(self):
        self._seen = {}
        self._lock = threading.Lock()

    def record(self, mailbox, rule_name, wanted, present):
        with self._lock:
            self._seen[(mailbox, rule_name, wanted)] = bool(present)

    def counts(self, failed=()):
        """{folder as written: {"present": n, "absent": n}} over mailboxes that did not fail."""
        boxes = {}
        for (mailbox, _rule, wanted), present in self._seen.items():
            if mailbox not in failed:
                boxes.setdefault(wanted, {})[mailbox] = present
        return {wanted: {"present": sum(found.values()), "absent": len(found) - sum(found.values())}
                for wanted, found in boxes.items()}

    def skipped(self, failed=()):
        """(mailbox, rule folder) skips because the folder is absent, failed mailboxes aside."""
        return sum(1 for (mailbox, _rule, _wanted), present in self._seen.items()
                   if not present and mailbox not in failed)


def typo_warnings(rules, folder_presence):
    """French warnings for folder names (not roles) found in no mailbox of the call.

    `rules` are rule dicts (name, folders); a role such as \\Junk may legitimately be missing.
    """
    named = {}
    for rule in rules:
        for wanted in rule["folders"]:
            if not special_use_name(wanted):
                named.setdefault(wanted, []).append(rule["name"])
    warnings = []
    for wanted, names in named.items():
        counts = folder_presence.get(wanted)
        if counts and counts["absent"] and not counts["present"]:
            which = "règle" if len(names) == 1 else "règles"
            warnings.append("dossier « %s » (%s %s) absent de toutes les BAL traitées : faute de frappe "
                            "probable ?" % (wanted, which, ", ".join("« %s »" % name for name in names)))
    return warnings
