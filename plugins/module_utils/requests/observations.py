# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the inventory and the audit observed, in the shape operator_request reads.

The redlist and deletion roles hand these observations to the module; the rules (which BAL is
in use, which source may be trusted for what) live here, once, instead of in their Jinja.
"""

from __future__ import annotations

ALL_SOURCES = ("ldap", "annuaire", "messagerie")
# Audit codes that call a BAL unused or its owner gone: such a BAL is not in use, whatever the
# platform says of its last activity.
NOT_IN_USE = frozenset({"inactive", "unpublished_inactive", "departed_owner"})


def _login(mailbox):
    """The platform's login, or the address of a connection file entry."""
    return str(mailbox.get("mailbox") or mailbox.get("address") or "").lower()


def _true(value):
    """A flag from a module result, or its text after Jinja ("True", "yes"...); the engine never imports Ansible."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on", "y")
    return bool(value)


def in_use(mailboxes, findings):
    """Logins (lower case) the platform knows a last activity for and the audit does not call unused."""
    unused = {str(f.get("address") or "").lower() for f in findings or [] if f.get("code") in NOT_IN_USE}
    return [_login(box) for box in mailboxes or []
            if box.get("last_activity") and _login(box) and _login(box) not in unused]


def observations(inventory, findings):
    """The `observations` option of operator_request, from mssante_inventory and the audit's findings.

    A source the inventory did not read is left out, so nothing that depends on it is concluded.
    A suppression is confirmed only on evidence that the mailbox is gone (absent, or missing from a
    platform that listed all its mailboxes): the mailboxes the platform could not read still exist.
    """
    inventory = inventory or {}
    sources = inventory.get("sources") or list(ALL_SOURCES)
    result = {"accounts": inventory.get("accounts") or [],
              # the operator's connection file tells activity too (the only source when hosted elsewhere)
              "active": sorted(set(in_use(list(inventory.get("mailboxes") or [])
                                          + list(inventory.get("connections") or []), findings))),
              "annuaire_complete": _true(inventory.get("annuaire_complete"))}
    if "annuaire" in sources:
        result["published"] = inventory.get("bals") or []
    if "messagerie" in sources:
        result["mailboxes"] = list(inventory.get("mailboxes") or []) + list(inventory.get("mailbox_failures") or [])
        result["absent"] = inventory.get("mailbox_absent") or []
        result["listed_all"] = _true(inventory.get("mailbox_listed_all"))
    return result
