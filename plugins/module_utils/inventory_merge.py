# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The inventory the roles share (`mssante_inventory`), put together from what each source's
module returned: the establishment's directory, the Annuaire Santé, the mail platform (first
measure and the BALs only the Annuaire publishes), the operator's connection file.

Done in Python on the controller (inventory_merge's action) rather than templated by set_fact:
at 10,000 BAL the template walked 18 MB of results in 8 s under ansible-core 2.19.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError

SOURCES = ("directory", "annuaire", "mailstore", "mailstore_more", "connections")
CONNECTION_FILE_KEYS = ("counts", "file", "malformed")
ARGUMENT_SPEC = {
    "results_from": {"type": "dict", "required": True},
    "sources": {"type": "list", "elements": "str", "required": True},
    "witness": {"type": "str", "default": ""},
    "probed": {"type": "list", "elements": "str", "default": []},
}


class MergeError(MssanteError, ValueError):
    """A source's result cannot be read as one (the message says which, in French)."""


def _mapping(results, name):
    """The result of source `name`, {} when it did not run (skipped or not given)."""
    value = results.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise MergeError("résultat de la source %s : un dictionnaire est attendu (le résultat enregistré du "
                         "module), reçu %s" % (name, type(value).__name__))
    return value


def _list(result, key):
    value = result.get(key)
    return list(value) if isinstance(value, list) else []


def _named(items, name):
    return [item for item in items if not (isinstance(item, dict) and item.get("mailbox") == name)]


def merge_inventory(results, sources, witness="", probed=()):
    """`mssante_inventory` from `results` ({source: its module's result}, SOURCES).

    `witness`: the mailbox the second measure took along to prove absences (IMAP), left out of
    its result; `probed`: pending deletions asked about only for their absence evidence, left out
    of the mailboxes (if still there, they are not ours any more). `sources`: the sources read.
    The purges' list (mailstore.entries.measured_entries) is the action's to add: the root does not
    read into a source's package.
    """
    unknown = sorted(set(results) - set(SOURCES))
    if unknown:
        raise MergeError("source inconnue : %s (sources possibles : %s)" % (", ".join(unknown), ", ".join(SOURCES)))
    directory, annuaire = _mapping(results, "directory"), _mapping(results, "annuaire")
    first, more = _mapping(results, "mailstore"), _mapping(results, "mailstore_more")
    connections = _mapping(results, "connections")
    if not isinstance(directory.get("accounts"), list):
        raise MergeError("résultat de la source directory : pas de liste « accounts » (directory_info "
                         "n'a pas été exécuté, ou son résultat n'est pas celui de directory_info)")
    set_aside = frozenset(probed)
    mailboxes = [box for box in _list(first, "mailboxes") + _named(_list(more, "mailboxes"), witness)
                 if not (isinstance(box, dict) and box.get("mailbox") in set_aside)]
    evidence = dict(first.get("absent_evidence") or {})
    evidence.update(more.get("absent_evidence") or {})
    inventory = {
        "accounts": directory["accounts"],
        "directory_counts": directory.get("counts"),
        "bals": _list(annuaire, "bals"),
        "practitioners": _list(annuaire, "practitioners"),
        # absence from the Annuaire means something only once annuaire_info proved its read complete
        "annuaire_complete": annuaire.get("complete") is True,
        "annuaire_completeness": annuaire.get("completeness") or {},
        "mailboxes": mailboxes,
        "mailbox_failures": _list(first, "failures") + _named(_list(more, "failures"), witness),
        "mailbox_absent": _list(first, "absent") + _list(more, "absent"),
        "mailbox_absent_evidence": evidence,
        "mailbox_listed_all": first.get("listed_all") is True,
        "connections": _list(connections, "connections"),
        "connection_file": dict((key, connections[key]) for key in CONNECTION_FILE_KEYS if key in connections),
        "sources": list(sources),
    }
    return inventory
