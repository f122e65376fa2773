# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The purge roles' mailbox list: each login with the BAL type and service the inventory knows.

Rules keyed on `bal_types` / `services` select only the entries that carry them: a bare login
list makes such a rule select nothing. The Annuaire Santé says what a BAL is (its type wins over
the directory's hint); the establishment's directory says which service it belongs to (the
Annuaire's service is the fallback).
"""

from __future__ import annotations


def _lower(value):
    return str(value or "").strip().lower()


def _known(inventory):
    """{address: type}, {address: service} from the inventory's accounts and Annuaire BALs."""
    types, services = {}, {}
    for account in inventory.get("accounts") or ():
        if not isinstance(account, dict):
            continue
        for mail in account.get("mails") or ():
            if account.get("bal_type"):
                types.setdefault(_lower(mail), str(account["bal_type"]).upper())
            if account.get("service"):
                services.setdefault(_lower(mail), str(account["service"]))
    for bal in inventory.get("bals") or ():
        if not isinstance(bal, dict):
            continue
        if bal.get("type"):
            types[_lower(bal.get("address"))] = str(bal["type"]).upper()
        if bal.get("service"):
            services.setdefault(_lower(bal.get("address")), str(bal["service"]))
    return types, services


def mailbox_entries(mailboxes, inventory):
    """[{'login', 'type', 'service'}] for each login (or dict) of `mailboxes`; values given win."""
    types, services = _known(inventory if isinstance(inventory, dict) else {})
    entries = []
    for item in mailboxes or ():
        given = item if isinstance(item, dict) else {"login": item}
        login = given.get("login") or given.get("mailbox") or given.get("address") or ""
        entries.append({"login": login, "type": given.get("type") or types.get(_lower(login), ""),
                        "service": given.get("service") or services.get(_lower(login), "")})
    return entries


def measured_entries(inventory):
    """The entries of the mailboxes the inventory measured: the list a purge works on after a read
    (inventory_merge puts it in the inventory, inventory_snapshot_info reads it back from the snapshot)."""
    measured = [box.get("mailbox") for box in inventory.get("mailboxes") or () if isinstance(box, dict)]
    return mailbox_entries(measured, inventory)
