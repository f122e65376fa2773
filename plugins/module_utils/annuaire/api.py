# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One run of `source: api`: lookups -> Bal records and situations, with request statistics."""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire import lookups
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.collector import Collector


def collect(client, practitioners=(), organizations=(), mailboxes=(), domains=(),
            batch=lookups.DEFAULT_BATCH):
    """Run every requested lookup; returns {bals, situations, not_found, structures}.

    Situations are limited to our structures (the organizations and their EGs) when
    organizations are given, else every situation of the professionals looked up.
    """
    # validate every input before the first request
    lookups.person_tokens(practitioners)
    lookups.finess_tokens(organizations)
    collector = Collector(extra_domains=domains)
    structures = None
    if organizations:
        structures = lookups.by_organizations(client, collector, organizations, batch=batch)
    if practitioners:
        lookups.by_practitioners(client, collector, practitioners, batch=batch)
    wanted = set()
    if mailboxes:
        wanted = lookups.by_mailboxes(client, collector, mailboxes)
    lookups.resolve_references(client, collector, batch=batch)
    bals = collector.bals()
    return {"bals": [bals[a] for a in sorted(bals)],
            "situations": collector.situations(structures),
            "not_found": sorted(wanted - set(bals)),
            "structures": sorted(structures or ())}
