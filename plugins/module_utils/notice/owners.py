# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Who holds a BAL: the local directory's accounts and the Annuaire Santé's BALs, indexed by address.

items.py reads a BAL's type and service here, recipients.py its owner's account.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import OptionError
from ansible_collections.mssante.hygiene.plugins.module_utils.records import BAL_TYPES


def _address(record, where):
    value = record.get("address") if isinstance(record, dict) else None
    if not isinstance(value, str) or not value.strip():
        raise OptionError("%s : enregistrement sans « address »" % where, parameter=where.split("[")[0])
    return value.strip().lower()


class Owners:
    """Lookups over `accounts` (directory_info's accounts) and `bals` (annuaire_info's BALs)."""

    def __init__(self, accounts=(), bals=()):
        self.by_dn, self.by_mail = {}, {}
        for account in accounts or ():
            self.by_dn[str(account.get("dn") or "")] = account
            for mail in account.get("mails") or ():
                self.by_mail.setdefault(str(mail).strip().lower(), account)
        self.matched = {}  # address -> the account the audit matched (remembered from the evidence)
        self.bals = {}
        for index, bal in enumerate(bals or ()):
            self.bals[_address(bal, "bals[%d]" % index)] = bal

    def account(self, address, evidence=None):
        """The directory account holding `address`: the one the audit matched (remembered for later
        calls without evidence), else the one listing it among its mails; None when none."""
        dn = ((evidence or {}).get("directory") or {}).get("account")
        if dn in self.by_dn:
            self.matched[address] = self.by_dn[dn]
        return self.matched.get(address) or self.by_mail.get(address)

    def bal_type(self, address, evidence=None):
        """PER | ORG | APP | CAB, or "" when no source says: Annuaire first, then the directory's hint."""
        published = self.bals.get(address) or {}
        seen = ((evidence or {}).get("annuaire") or {}).get("type")
        account = self.account(address, evidence) or {}
        for value in (published.get("type"), seen, account.get("bal_type")):
            if value in BAL_TYPES:
                return value
        return ""

    def service(self, address, evidence=None):
        """The BAL's service in the Annuaire, else its account's service in the directory ("" when none)."""
        published = self.bals.get(address) or {}
        account = self.account(address, evidence) or {}
        return str(published.get("service") or account.get("service") or "").strip()
