# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reader of the MSSanté *liste blanche* XML: domain -> operator and support contact.

Element names (Domaine, Nom, Description, DNCertificatOperateur, ResponsableContact,
SupportContact, DateMAJ) come from public parsers of the file; the root element name is not
confirmed, so the reader matches `Domaine` elements anywhere, with or without namespace.
The operator name is the O= attribute of DNCertificatOperateur. Streams with iterparse.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import OptionError
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.source import open_binary
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import quoted

FIELDS = {"Nom": "domain", "Description": "description", "DNCertificatOperateur": "dn",
          "ResponsableContact": "responsible_contact", "SupportContact": "support_contact",
          "DateMAJ": "updated"}


def _local(tag):
    return tag.rpartition("}")[2]


def dn_attributes(dn):
    """'CN=a,OU=b,O=c,C=FR' -> {'CN': 'a', 'OU': 'b', 'O': 'c', 'C': 'FR'} (escaped commas kept)."""
    parts, current, escaped = [], "", False
    for char in dn or "":
        if escaped:
            current += char
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ",":
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    attrs = {}
    for part in parts:
        key, sep, value = part.partition("=")
        if sep:
            attrs.setdefault(key.strip().upper(), value.strip())
    return attrs


def parse_stream(stream):
    """{domain: {domain, operator, siret, description, dn, support_contact, ...}}."""
    domains = {}
    for _event, elem in ET.iterparse(stream, events=("end",)):
        if _local(elem.tag) != "Domaine":
            continue
        entry = {value: "" for value in FIELDS.values()}
        for child in elem:
            key = FIELDS.get(_local(child.tag))
            if key:
                entry[key] = (child.text or "").strip()
        attrs = dn_attributes(entry["dn"])
        entry["operator"] = attrs.get("O", "")
        entry["siret"] = attrs.get("OU", "")
        entry["domain"] = entry["domain"].lower()
        if entry["domain"]:
            domains[entry["domain"]] = entry
        elem.clear()
    return domains


def read_liste_blanche(location, ssl_context=None, timeout=30):
    """Read the liste blanche from a path or URL (its server chains to IGC-Santé: give ca_path)."""
    with open_binary(location, ssl_context=ssl_context, timeout=timeout, member_suffix=".xml",
                     option="liste_blanche") as (stream, _name):
        try:
            return parse_stream(stream)
        except ET.ParseError as exc:
            line, column = exc.position
            raise OptionError("liste_blanche : %s n'est pas un XML valide (ligne %d, colonne %d)"
                              % (quoted(location), line, column), parameter="liste_blanche")


def operator_of(domains, address_or_domain):
    """The liste blanche entry of an address's exact domain, None if unknown."""
    return domains.get(address_or_domain.rpartition("@")[2].strip().lower())
