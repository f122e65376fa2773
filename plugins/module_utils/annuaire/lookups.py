# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The three ways to ask the FHIR API about our BALs, all feeding one Collector.

- professionals: `Practitioner?identifier=a,b,c&_revinclude=PractitionerRole:practitioner`,
  identifiers batched as comma OR-lists (50 per request: 1,000 professionals = 20 requests);
- structures: FINESS -> Organization, its EGs via `partof`, then their PractitionerRoles with
  `_include=PractitionerRole:practitioner`, page by page;
- addresses: `mailbox-mss` on Practitioner, PractitionerRole and Organization (exact match is
  enforced client-side whatever the server's string matching does).

Organizations referenced by roles but not returned are fetched at the end by `_id` batches, so
every situation gets its FINESS.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import OptionError
from ansible_collections.mssante.hygiene.plugins.module_utils import identifiers as ids
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.fhir import Incomplete
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import quoted

DEFAULT_BATCH = 50


def _batches(values, size):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _run(client, collector, resource, params):
    for bundle in client.search(resource, params):
        collector.add_bundle(bundle)


def person_tokens(values):
    """Identifier search tokens for RPPS / idNat_PS values; OptionError (a ValueError) names a bad value."""
    tokens = []
    for index, value in enumerate(values):
        idnps, rpps, problem = ids.normalize_id_nat_ps(value)
        if problem:
            raise OptionError("practitioners[%d] : %s" % (index, problem), parameter="practitioners")
        tokens.append("%s|%s" % (ids.RPPS_SYSTEM, rpps) if rpps else "%s|%s" % (ids.IDNPS_SYSTEM, idnps))
    return sorted(set(tokens))


def finess_tokens(values):
    tokens = []
    for index, value in enumerate(values):
        finess, problem = ids.normalize_finess(value)
        if problem:
            raise OptionError("organizations[%d] : %s" % (index, problem), parameter="organizations")
        tokens.append(finess)
    return sorted(set(tokens))


def by_practitioners(client, collector, values, batch=DEFAULT_BATCH):
    for chunk in _batches(person_tokens(values), batch):
        _run(client, collector, "Practitioner", [
            ("identifier", ",".join(chunk)), ("_revinclude", "PractitionerRole:practitioner"),
            ("_count", str(batch))])


def by_organizations(client, collector, values, batch=DEFAULT_BATCH, page_size=100):
    """Returns the FINESS set of our structures (given ones plus their EGs)."""
    finess = finess_tokens(values)
    for chunk in _batches(finess, batch):
        _run(client, collector, "Organization", [
            ("identifier", ",".join("%s|%s" % (ids.FINESS_SYSTEM, f) for f in chunk)),
            ("_count", str(batch))])
    found = {collector.organizations[i]["finess"] for i in collector.organization_ids(set(finess))}
    missing = [f for f in finess if f not in found]
    if missing:
        # our own structures are published: an empty answer for them is not the truth
        raise Incomplete("organizations : l'Annuaire Santé (api_url %s) ne renvoie rien pour %s %s de "
                         "l'établissement (réponse vide) ; la lecture est incomplète, rien n'en est conclu"
                         % (client.base_url, "la structure" if len(missing) == 1 else "les structures",
                            ", ".join(missing)))
    ours = collector.organization_ids(set(finess))
    # EGs of the EJs (and of the EGs, harmless): one level of partof is the FINESS model
    for chunk in _batches(ours, batch):
        _run(client, collector, "Organization", [
            ("partof", ",".join("Organization/%s" % i for i in chunk)), ("_count", str(page_size))])
    structures = set(finess)
    structures.update(collector.organizations[i]["finess"] for i in collector.organizations
                      if collector.organizations[i]["partof"] in ours)
    structures.discard("")
    org_ids = collector.organization_ids(structures)
    for chunk in _batches(org_ids, batch):
        _run(client, collector, "PractitionerRole", [
            ("organization", ",".join("Organization/%s" % i for i in chunk)),
            ("_include", "PractitionerRole:practitioner"), ("_count", str(page_size))])
    return structures


def by_mailboxes(client, collector, addresses, batch=20):
    wanted = sorted({a.strip().lower() for a in addresses if a and a.strip()})
    for address in wanted:
        if "@" not in address:
            raise OptionError("mailboxes : %s n'est pas une adresse de messagerie" % quoted(address),
                              parameter="mailboxes")
    for chunk in _batches(wanted, batch):
        joined = ",".join(chunk)
        _run(client, collector, "Practitioner", [("mailbox-mss", joined)])
        _run(client, collector, "PractitionerRole", [
            ("mailbox-mss", joined), ("_include", "PractitionerRole:practitioner"),
            ("_include", "PractitionerRole:organization")])
        _run(client, collector, "Organization", [("mailbox-mss", joined)])
    return set(wanted)


def resolve_references(client, collector, batch=DEFAULT_BATCH):
    """Fetch organizations and practitioners that roles reference but no search returned."""
    for chunk in _batches(collector.missing_organizations(), batch):
        _run(client, collector, "Organization", [("_id", ",".join(chunk)), ("_count", str(batch))])
    for chunk in _batches(collector.missing_practitioners(), batch):
        _run(client, collector, "Practitioner", [("_id", ",".join(chunk)), ("_count", str(batch))])
