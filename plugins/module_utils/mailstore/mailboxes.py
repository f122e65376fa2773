# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The `mailboxes` option: login names, or dicts carrying the BAL type and service.

Every login must be a plain address (addresses.address_problem): a line feed would add a user
to doveadm's user list, a wildcard would widen it. A bad entry fails the whole call, naming it:
a deletion run never guesses which mailbox an entry meant (the directory and Annuaire readers
already drop such values with a warning).
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.addresses import address_problem
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import shown
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import ConfigError


def normalize(raw):
    """[{'login', 'type', 'service'}] without duplicates, in the given order."""
    entries, seen = [], set()
    for index, item in enumerate(raw or []):
        if isinstance(item, str):
            item = {"login": item}
        if not isinstance(item, dict):
            raise ConfigError("mailboxes[%d] doit être un identifiant de BAL ou un dictionnaire (login, type, "
                              "service), reçu une valeur de type %s" % (index, type(item).__name__))
        login = str(item.get("login") or item.get("mailbox") or item.get("address") or "").strip()
        if not login:
            raise ConfigError("mailboxes[%d] : identifiant de BAL (login) manquant" % index)
        problem = address_problem(login)
        if problem:
            raise ConfigError("mailboxes[%d] : %s n'est pas une adresse de BAL utilisable (%s) ; corrigez la "
                              "source de cette adresse ou retirez l'entrée" % (index, shown(login), problem))
        if login in seen:
            continue
        seen.add(login)
        entries.append({"login": login, "type": item.get("type") or "",
                        "service": item.get("service") or ""})
    return entries
