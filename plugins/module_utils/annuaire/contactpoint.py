# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""FHIR `telecom` ContactPoint -> MSSanté BAL fields, tolerant of what the IG and real data show.

A BAL is a ContactPoint whose emailType extension says MSSANTE. The draft MSS-API examples omit
that extension, so without it an e-mail counts as a BAL when it carries the BAL metadata
extension or its domain is a MSSanté one. The type code is read whatever its code system
(TRE_R257, or TRE_R256 in the draft openapi) and whether given as CodeableConcept, Coding or code.
The removed `digitization` / `phone` sub-extensions are ignored.
"""

from __future__ import annotations

EMAIL_TYPE_URL = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-contact-point-email-type"
METADATA_URL = ("https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/"
                "as-ext-mailbox-mss-metadata")
MSS_DOMAIN_SUFFIXES = (".mssante.fr", "@interop-mssante.apicrypt.org")
BAL_TYPES = ("PER", "ORG", "APP", "CAB")


def _code(ext):
    """The code of an extension value, whatever its FHIR type."""
    if "valueCode" in ext:
        return ext["valueCode"]
    if "valueString" in ext:
        return ext["valueString"]
    coding = ext.get("valueCoding")
    if coding:
        return coding.get("code", "")
    concept = ext.get("valueCodeableConcept") or {}
    for item in concept.get("coding") or ():
        if item.get("code"):
            return item["code"]
    return ""


def _suffix_match(address, extra_domains):
    if address.endswith(MSS_DOMAIN_SUFFIXES):
        return True
    domain = address.rpartition("@")[2]
    return domain in extra_domains


def parse_contactpoint(contact, extra_domains=()):
    """A dict {address, type, rank, preferred, liste_rouge, service, description} or None.

    `extra_domains` (lower-cased) are accepted as MSSanté domains when emailType is absent.
    """
    if not isinstance(contact, dict) or contact.get("system", "email") != "email":
        return None
    address = str(contact.get("value") or "").strip().lower()
    if "@" not in address:
        return None
    email_type, metadata = None, None
    for ext in contact.get("extension") or ():
        url = ext.get("url", "")
        if url == EMAIL_TYPE_URL or url.endswith("contact-point-email-type"):
            email_type = str(_code(ext)).upper()
        elif url == METADATA_URL or url.endswith("as-ext-mailbox-mss-metadata"):
            metadata = ext
    if email_type is not None and email_type != "MSSANTE":
        return None  # APICRYPT, OSM, AutreMessagerie: another messaging system
    if email_type is None and metadata is None and not _suffix_match(address, extra_domains):
        return None  # a plain e-mail (structure contact, personal address)
    bal = {"address": address, "type": "", "rank": contact.get("rank"), "liste_rouge": False,
           "service": "", "description": ""}
    for sub in (metadata or {}).get("extension") or ():
        name = sub.get("url", "")
        if name == "type":
            code = str(_code(sub)).upper()
            bal["type"] = code if code in BAL_TYPES else ""
        elif name == "listeRouge":
            bal["liste_rouge"] = sub.get("valueBoolean") is True
        elif name in ("service", "description"):
            bal[name] = str(sub.get("valueString") or "")
    bal["preferred"] = bal["rank"] == 1
    return bal


def bals_of(resource, extra_domains=()):
    """Every BAL in a resource's telecom list, in order."""
    found = []
    for contact in resource.get("telecom") or ():
        bal = parse_contactpoint(contact, extra_domains)
        if bal:
            found.append(bal)
    return found
