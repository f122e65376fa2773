# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""FHIR PATCH `Parameters` bodies for the ANS operator write API (draft, not open yet).

Shapes copied from the draft IG examples (fixtures/annuaire/patch-requests): liste rouge is a
`replace` of the `listeRouge` sub-extension of the BAL's ContactPoint, deletion a `delete` of
`X.telecom.where(value = 'addr')`. Targets are conditional on business identifiers (RPPS,
FINESS), never on FHIR technical ids. One BAL gives one `batch` Bundle: one entry per carrier
resource, each entry's `resource` being the Parameters body to PATCH at its `request.url`.
"""

from __future__ import annotations

METADATA_URL = "https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-ext-mailbox-mss-metadata"
RPPS_SYSTEM = "https://rpps.esante.gouv.fr"
FINESS_SYSTEM = "https://finess.esante.gouv.fr"


def fhirpath_string(value):
    """A FHIRPath string literal (quotes and backslashes escaped)."""
    return "'%s'" % value.replace("\\", "\\\\").replace("'", "\\'")


def _telecom(carrier, address):
    return "%s.telecom.where(value = %s)" % (carrier, fhirpath_string(address))


def operation(kind, carrier, address):
    """One `operation` parameter: liste rouge (replace listeRouge=true) or suppression (delete)."""
    if kind == "liste_rouge":
        path = "%s.extension(%s).extension('listeRouge').value" % (
            _telecom(carrier, address), fhirpath_string(METADATA_URL))
        parts = [{"name": "type", "valueCode": "replace"}, {"name": "path", "valueString": path},
                 {"name": "value", "valueBoolean": True}]
    else:
        parts = [{"name": "type", "valueCode": "delete"},
                 {"name": "path", "valueString": _telecom(carrier, address)}]
    return {"name": "operation", "part": parts}


def parameters(kind, carrier, address):
    return {"resourceType": "Parameters", "parameter": [operation(kind, carrier, address)]}


def targets(bal, fallback_finess=""):
    """(carrier, conditional URL) pairs where the BAL is published, from its type and identifiers."""
    bal_type = (bal.get("type") or "").upper()
    rpps = bal.get("rpps") or ""
    structures = sorted(set(bal.get("structures") or [])) or ([fallback_finess] if fallback_finess else [])
    carriers = set(bal.get("carriers") or [])
    found = []
    if bal_type in ("ORG", "APP"):
        for finess in structures:
            found.append(("Organization", "Organization?identifier=%s|%s" % (FINESS_SYSTEM, finess)))
        return found
    if not rpps:
        return found
    # PER known with an RPPS only sits on the Practitioner; with a structure, on its PractitionerRole.
    if bal_type == "CAB" or "Practitioner" in carriers or not carriers and not bal.get("structures"):
        found.append(("Practitioner", "Practitioner?identifier=%s|%s" % (RPPS_SYSTEM, rpps)))
    if bal_type != "CAB" and ("PractitionerRole" in carriers or not carriers):
        for finess in sorted(set(bal.get("structures") or [])):
            found.append(("PractitionerRole", "PractitionerRole?practitioner.identifier=%s|%s"
                          "&organization.identifier=%s|%s" % (RPPS_SYSTEM, rpps, FINESS_SYSTEM, finess)))
    return found


def patch_bundle(kind, address, bal, fallback_finess=""):
    """The batch Bundle for one BAL, or None when no business identifier can target it."""
    entries = [{"resource": parameters(kind, carrier, address), "request": {"method": "PATCH", "url": url}}
               for carrier, url in targets(bal, fallback_finess)]
    if not entries:
        return None
    return {"resourceType": "Bundle", "type": "batch", "entry": entries}
