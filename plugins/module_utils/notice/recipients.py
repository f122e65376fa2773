# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Who is told about a BAL, in this order:

1. a contact configured for that very BAL (contacts.mailboxes);
2. a personal BAL whose owner still has an active directory account: the owner, at the account's mails;
3. otherwise (owner departed, ORG/APP/CAB BAL, no account): the service's contact
   (contacts.services), else the establishment's default contact (contacts.default).
Opted-out addresses are removed; when nobody is left the BAL is unreachable ("optout" when
everyone was opted out, "no_recipient" when nobody was found), which the ledger notes once.
"""

from __future__ import annotations

from collections import namedtuple

from ansible_collections.mssante.hygiene.plugins.module_utils.addresses import address_problem

# audience: owner | contact; unreachable: "" | optout | no_recipient
Audience = namedtuple("Audience", "audience owner_name recipients unreachable")


def _owner(item, account):
    """The account's usable mails when it is a personal BAL's present owner, else None."""
    if account is None or account.get("status", "active") != "active" or item["code"] == "departed_owner":
        return None
    personal = item["bal_type"] == "PER" or (not item["bal_type"] and account.get("bal_type") in ("", None, "PER"))
    if not personal:
        return None
    mails = sorted({str(m).strip().lower() for m in account.get("mails") or () if not address_problem(m)})
    return mails or None


def audience_of(item, owners, contacts, optout):
    """The Audience for `item` (address, bal_type, service, code); contacts as argspec.checked_contacts."""
    address = item["address"]
    account = owners.account(address)
    owner_mails = _owner(item, account)
    if address in contacts["mailboxes"]:
        audience, name, wanted = "contact", "", contacts["mailboxes"][address]
    elif owner_mails:
        audience, name, wanted = "owner", str(account.get("name") or ""), owner_mails
    else:
        audience, name = "contact", ""
        wanted = contacts["services"].get(item["service"].casefold()) or contacts["default"]
    recipients = sorted(set(wanted) - set(optout))
    if recipients:
        return Audience(audience, name, recipients, "")
    return Audience(audience, name, [], "optout" if wanted else "no_recipient")
