# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One run of `source: api`: lookups -> Bal records and situations, with request statistics."""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire import lookups
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.collector import Collector
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.fhir import Incomplete
from ansible_collections.mssante.hygiene.plugins.module_utils.phase_timer import PhaseTimer


def collect(client, practitioners=(), organizations=(), mailboxes=(), domains=(),
            batch=lookups.DEFAULT_BATCH, timer=None):
    """Run every requested lookup; returns {bals, situations, not_found, structures}.

    Situations are limited to our structures (the organizations and their EGs) when
    organizations are given, else every situation of the professionals looked up.
    `timer` (PhaseTimer) gets the phases `lookups` (the requests) and `join` (BALs and situations).
    """
    timer = timer or PhaseTimer()
    # validate every input before the first request
    lookups.person_tokens(practitioners)
    lookups.finess_tokens(organizations)
    collector = Collector(extra_domains=domains)
    try:
        with timer.phase("lookups"):
            structures, wanted = _lookups(client, collector, practitioners, organizations, mailboxes, batch)
        with timer.phase("join"):
            bals = collector.bals()
            situations = collector.situations(structures)
    except (AttributeError, TypeError, KeyError):
        # a resource of an unexpected shape (a list where an object is expected...): not a usable answer
        raise Incomplete("réponse de forme inattendue de l'Annuaire Santé (api_url %s) : une ressource n'a pas "
                         "la structure FHIR attendue (identifier, telecom, extension...) ; aucun résultat "
                         "n'est retenu" % client.base_url)
    return {"bals": [bals[a] for a in sorted(bals)],
            "situations": situations,
            "not_found": sorted(wanted - set(bals)),
            "structures": sorted(structures or ()),
            "warnings": list(collector.invalid)}


def _lookups(client, collector, practitioners, organizations, mailboxes, batch):
    structures = None
    if organizations:
        structures = lookups.by_organizations(client, collector, organizations, batch=batch)
    if practitioners:
        lookups.by_practitioners(client, collector, practitioners, batch=batch)
    wanted = set()
    if mailboxes:
        wanted = lookups.by_mailboxes(client, collector, mailboxes)
    lookups.resolve_references(client, collector, batch=batch)
    return structures, wanted
