# SPDX-License-Identifier: GPL-3.0-or-later
"""Every shared FHIR fixture parses to the BALs it shows (see fixtures/annuaire/SOURCES.md)."""
import json
import os

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.collector import Collector
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.contactpoint import parse_contactpoint
from lab.fixtures import annuaire_fixture

FIX = annuaire_fixture()

# file -> {address: (type, carriers, rpps, situations, structures, preferred, liste_rouge)}
EXPECTED = {
    "fhir-v2-ig-examples/Practitioner-3719500.json": {
        "davidchatelier@pro.mssante.fr": ("PER", ["Practitioner"], "10102727017", [], [], True, False)},
    "fhir-v2-ig-examples/Practitioner-3719500DP.json": {
        "davidchatelier@xxx.mssante.fr": ("", ["Practitioner"], "10102727017", [], [], True, False)},
    "fhir-v2-ig-examples/Practitioner-334081DP.json": {
        "jeromebonnet@pro.mssante.fr": ("", ["Practitioner"], "10003461033", [], [], False, False)},
    "fhir-v2-ig-examples/Practitioner-334081.json": {},
    "fhir-v2-ig-examples/Organization-481677.json": {
        "xxxx@xxxxx.mssante.fr": ("ORG", ["Organization"], "", [], ["580008803"], False, False)},
    "fhir-v2-ig-examples/Organization-example-organization-nancy.json": {
        "exemple.address@address.mssante.fr": ("ORG", ["Organization"], "", [], ["540002698"], False, False)},
    "fhir-v2-ig-examples/Organization-158480DP.json": {},
    "fhir-v2-ig-examples/Organization-481677DP.json": {},
    "fhir-v2-ig-examples/Organization-548812DP.json": {},
    "fhir-v2-ig-examples/PractitionerRole-1578230DP.json": {},
    "fhir-v2-ig-examples/PractitionerRole-1738459DP.json": {},
    "fhir-v2-ig-examples/PractitionerRole-5015602DP.json": {},
    "fhir-v2-ig-examples/PractitionerRole-5015602.json": {},
    "fhir-mss-api-ig-examples/Practitioner-mss-practitioner-bal-per-dupont.json": {
        "jean-marie.dupont@infirmier.mssante.fr": ("PER", ["Practitioner"], "10003456789", [], [], False, False)},
    "fhir-mss-api-ig-examples/Bundle-mss-bundle-bal-per-full.json": {
        "jean-marie.dupont@infirmier.mssante.fr": ("PER", ["Practitioner"], "10003456789", [], [], False, False),
        "sophie.martin@medecin.mssante.fr": ("PER", ["Practitioner"], "10007654321", [], [], False, False)},
    "fhir-mss-api-ig-examples/Bundle-mss-bundle-bal-per-elements.json": {
        "jean-marie.dupont@infirmier.mssante.fr": ("PER", ["Practitioner"], "10003456789", [], [], False, False),
        "sophie.martin@medecin.mssante.fr": ("PER", ["Practitioner"], "10007654321", [], [], False, False)},
    "synthetic/Bundle-searchset-Practitioner-by-mailbox-mss.json": {
        "alice.fictif@medecin.mssante.fr": ("PER", ["Practitioner"], "10999990012", [], [], True, False)},
    "synthetic/Bundle-searchset-empty-unpublished-bal.json": {},
    "synthetic/Bundle-searchset-PractitionerRole-include-page2-last.json": {},
    "synthetic/Bundle-searchset-PractitionerRole-include-page1.json": {
        "alice.fictif@ch-exemple.mssante.fr": ("PER", ["PractitionerRole"], "10999990012", ["1099999101"], ["990000010"], True, False),
        "alice.fictif@medecin.mssante.fr": ("PER", ["Practitioner"], "10999990012", [], [], True, False),
        "bruno.exemple@ch-exemple.mssante.fr": ("PER", ["PractitionerRole"], "10999990020", ["1099999102"], ["990000010"], True, False),
        "bruno.exemple.urgences@ch-exemple.mssante.fr": ("PER", ["PractitionerRole"], "10999990020", ["1099999102"], ["990000010"], False, False),
        "secretariat.cardiologie@ch-exemple.mssante.fr": ("ORG", ["Organization"], "", [], ["990000010"], True, False),
        "dpi.comptes-rendus@ch-exemple.mssante.fr": ("APP", ["Organization"], "", [], ["990000010"], False, False)},
}


def _load(name):
    with open(os.path.join(FIX, name), encoding="utf-8") as handle:
        return json.load(handle)


def _collect(data):
    collector = Collector()
    if data["resourceType"] == "Bundle":
        collector.add_bundle(data)
    else:
        collector.add(data)
    return collector


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_bals(name):
    bals = _collect(_load(name)).bals()
    got = {a: (b.type, b.carrier, b.rpps, b.situations, b.structures, b.preferred, b.liste_rouge)
           for a, b in bals.items()}
    assert got == EXPECTED[name]


def test_every_fhir_fixture_is_covered():
    names = set()
    for folder in ("fhir-v2-ig-examples", "fhir-mss-api-ig-examples", "synthetic"):
        for file in os.listdir(os.path.join(FIX, folder)):
            data = _load(os.path.join(folder, file)) if file.endswith(".json") else {}
            if data.get("resourceType") in ("Bundle", "Practitioner", "PractitionerRole", "Organization"):
                names.add("%s/%s" % (folder, file))
    assert names == set(EXPECTED)


def test_org_bal_metadata_and_plain_emails_ignored():
    bals = _collect(_load("synthetic/Bundle-searchset-PractitionerRole-include-page1.json")).bals()
    org = bals["secretariat.cardiologie@ch-exemple.mssante.fr"]
    assert org.description == "Secrétariat de cardiologie"
    assert org.service == "Pôle cardio-vasculaire - Cardiologie"
    assert "contact@ch-exemple.invalid" not in bals


def test_situations_from_included_bundle():
    collector = _collect(_load("synthetic/Bundle-searchset-PractitionerRole-include-page1.json"))
    collector.add_bundle(_load("synthetic/Bundle-searchset-PractitionerRole-include-page2-last.json"))
    situations = {s.id: (s.rpps, s.structure, s.active) for s in collector.situations()}
    assert situations["1099999101"] == ("10999990012", "990000010", True)
    assert situations["1099999103"] == ("", "", False)  # closed: only id, identifier, active


BASE = {"system": "email", "value": "X.Y@d.mssante.fr"}
R256 = "https://mos.esante.gouv.fr/NOS/TRE_R256-TypeMessagerie/FHIR/TRE-R256-TypeMessagerie"
META = "https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-ext-mailbox-mss-metadata"
ETYPE = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-contact-point-email-type"


def _cp(*meta, email_type="MSSANTE", **extra):
    exts = [{"url": ETYPE, "valueCoding": {"code": email_type}}] if email_type else []
    if meta:
        exts.append({"url": META, "extension": list(meta)})
    return dict(BASE, extension=exts, **extra)


@pytest.mark.parametrize("type_ext", [
    {"url": "type", "valueCodeableConcept": {"coding": [{"system": R256, "code": "CAB"}]}},
    {"url": "type", "valueCode": "CAB"},
    {"url": "type", "valueCoding": {"code": "cab"}}])
def test_type_whatever_its_system_or_shape(type_ext):
    assert parse_contactpoint(_cp(type_ext))["type"] == "CAB"


def test_other_messaging_and_legacy_digitization():
    assert parse_contactpoint(_cp(email_type="APICRYPT")) is None
    bal = parse_contactpoint(_cp({"url": "digitization", "valueBoolean": True},
                                 {"url": "listeRouge", "valueBoolean": True}, rank=1))
    assert bal["address"] == "x.y@d.mssante.fr" and bal["liste_rouge"] and bal["preferred"]
    assert parse_contactpoint({"system": "email", "value": "a@hopital.fr"}) is None
    assert parse_contactpoint({"system": "email", "value": "a@hopital.fr"}, ("hopital.fr",))
    assert parse_contactpoint({"system": "phone", "value": "0102030405"}) is None
