# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""FHIR resources (from any search, any page) -> Bal records keyed by address, and Situations.

A PractitionerRole names its professional and structure by technical reference only, so the
collector keeps a slim view of every resource seen and resolves references at the end; the
lookups fetch what is still missing (`missing_organizations`). Keys are business identifiers
(RPPS, FINESS, idSituationExercice), never technical ids, which changed between API versions.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils import identifiers as ids
from ansible_collections.mssante.hygiene.plugins.module_utils.addresses import address_problem
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.contactpoint import bals_of
from ansible_collections.mssante.hygiene.plugins.module_utils.records import Bal, Situation


def _ref_id(reference):
    """'Organization/001-01-1' or a full URL -> '001-01-1'."""
    text = (reference or {}).get("reference", "") if isinstance(reference, dict) else ""
    return text.rstrip("/").rpartition("/")[2]


def person_ids(resource):
    """(rpps, id_nat_ps) of a Practitioner, from its RPPS or its idNat_PS identifier."""
    rpps, idnps = "", ""
    for ident in resource.get("identifier") or ():
        system, value = ident.get("system", ""), str(ident.get("value", ""))
        if system == ids.RPPS_SYSTEM:
            rpps = ids.normalize_rpps(value)[0] or rpps
        elif system == ids.IDNPS_SYSTEM:
            idnps = value
            rpps = rpps or ids.normalize_rpps(value)[0]
    return rpps, idnps


def finess_of(resource):
    """The FINESS of an Organization (FINESS identifier, else idNat_Struct "1" + FINESS)."""
    fallback = ""
    for ident in resource.get("identifier") or ():
        system, value = ident.get("system", ""), str(ident.get("value", ""))
        if system == ids.FINESS_SYSTEM and not ids.check_finess(value):
            return value.upper()
        if system == ids.IDNST_SYSTEM and value.startswith("1"):
            fallback = ids.normalize_finess(value)[0]
    return fallback


class Collector:
    """Accumulates resources; `bals()` and `situations()` give the merged records."""

    def __init__(self, extra_domains=()):
        self.extra_domains = tuple(d.lower() for d in extra_domains)
        self.practitioners = {}  # id -> {rpps, bals}
        self.roles = {}  # id -> {situation, practitioner, organization, active, bals}
        self.organizations = {}  # id -> {finess, partof, bals, active}
        self.invalid = []  # French warnings: published addresses unusable downstream, skipped

    def add_bundle(self, bundle):
        for entry in bundle.get("entry") or ():
            self.add(entry.get("resource") or {})

    def add(self, resource):
        kind, rid = resource.get("resourceType"), resource.get("id", "")
        bals = self._valid(bals_of(resource, self.extra_domains), kind, rid)
        if kind == "Practitioner":
            rpps, idnps = person_ids(resource)
            self.practitioners[rid] = {"rpps": rpps, "id_nat_ps": idnps, "bals": bals}
        elif kind == "PractitionerRole":
            idents = resource.get("identifier") or [{}]
            self.roles[rid] = {
                "situation": str(idents[0].get("value", "")),
                "practitioner": _ref_id(resource.get("practitioner")),
                "organization": _ref_id(resource.get("organization")),
                "active": resource.get("active", True) is not False, "bals": bals}
        elif kind == "Organization":
            self.organizations[rid] = {"finess": finess_of(resource),
                                       "partof": _ref_id(resource.get("partOf")),
                                       "active": resource.get("active", True) is not False,
                                       "bals": bals}

    def _valid(self, bals, kind, rid):
        """Only addresses that are safe downstream (doveadm, IMAP, file names); a warning for the others."""
        kept = []
        for bal in bals:
            problem = address_problem(bal["address"])
            if problem:
                self.invalid.append("Annuaire Santé : adresse %r publiée par %s/%s ignorée (%s)"
                                    % (bal["address"][:120], kind, rid, problem))
            else:
                kept.append(bal)
        return kept

    def organization_ids(self, finess_set):
        """Technical ids of known organizations whose FINESS is in finess_set."""
        return sorted(i for i, o in self.organizations.items() if o["finess"] in finess_set)

    def missing_organizations(self):
        """Organization ids referenced by roles but never seen."""
        refs = {r["organization"] for r in self.roles.values() if r["organization"]}
        return sorted(refs - set(self.organizations))

    def missing_practitioners(self):
        refs = {r["practitioner"] for r in self.roles.values() if r["practitioner"]}
        return sorted(refs - set(self.practitioners))

    def _structure(self, org_id):
        return self.organizations.get(org_id, {}).get("finess", "")

    def situations(self, structures=None):
        """Situations d'exercice seen, optionally only those at the given FINESS set."""
        found = {}
        for role in self.roles.values():
            structure = self._structure(role["organization"])
            if structures is not None and structure not in structures:
                continue
            rpps = self.practitioners.get(role["practitioner"], {}).get("rpps", "")
            key = role["situation"] or "%s@%s" % (rpps, structure)
            found[key] = Situation(id=role["situation"], rpps=rpps, structure=structure,
                                   active=role["active"])
        return [found[k] for k in sorted(found)]

    def bals(self):
        """{lower-cased address: Bal} merged over every carrier where the address appears."""
        merged = {}
        for pract in self.practitioners.values():
            for bal in pract["bals"]:
                _merge(merged, bal, "Practitioner", rpps=pract["rpps"])
        for role in self.roles.values():
            rpps = self.practitioners.get(role["practitioner"], {}).get("rpps", "")
            for bal in role["bals"]:
                _merge(merged, bal, "PractitionerRole", rpps=rpps,
                       situation=role["situation"],
                       structure=self._structure(role["organization"]))
        for org in self.organizations.values():
            for bal in org["bals"]:
                _merge(merged, bal, "Organization", structure=org["finess"])
        return merged


def _add_unique(values, value):
    if value and value not in values:
        values.append(value)
        values.sort()


def _merge(merged, found, carrier, rpps="", situation="", structure=""):
    bal = merged.get(found["address"])
    if bal is None:
        bal = merged[found["address"]] = Bal(address=found["address"])
    bal.type = bal.type or found["type"]
    _add_unique(bal.carrier, carrier)
    bal.rpps = bal.rpps or rpps
    _add_unique(bal.situations, situation)
    _add_unique(bal.structures, structure)
    bal.service = bal.service or found["service"]
    bal.description = bal.description or found["description"]
    bal.preferred = bal.preferred or found["preferred"]
    bal.liste_rouge = bal.liste_rouge or found["liste_rouge"]
    return bal
