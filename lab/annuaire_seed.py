# SPDX-License-Identifier: GPL-3.0-or-later
"""What the Annuaire Santé publishes about "CH Exemple": the daily extraction file and FHIR resources.

Both views come from `SeedMailbox.publications`: a BAL without publication is absent from both
(not published, red-listed or auto-unpublished look the same from outside). Resources follow the
public (DP) profiles and the identifier systems of the IG; technical ids are fictitious.
"""

import os

HEADER = ("Type de BAL|Adresse BAL|Type Identifiant PP|Identifiant PP|Identification nationale PP|"
          "Type identifiant structure|Identification Structure|Service de rattachement|"
          "Civilité d'exercice|Nom d'exercice|Prénom d'exercice|Catégorie profession|"
          "Libellé de catégorie profession|Code Profession|Libellé Profession|Code savoir-faire|"
          "Libellé savoir-faire|Dématérialisation|Raison Sociale structure BAL|"
          "Enseigne commerciale structure BAL|L2COMPLEMENTLOCALISATION structure BAL|"
          "L3COMPLEMENTDISTRIBUTION structure BAL|L4NUMEROVOIE structure BAL|"
          "L4COMPLEMENTNUMEROVOIE structure BAL|NL4TYPEVOIE structure BAL|"
          "L4LIBELLEVOIE structure BAL|L5LIEUDITMENTION structure BAL|"
          "L6LIGNEACHEMINEMENT structure BAL|Code postal structure BAL|"
          "Département structure BAL|Pays structure BAL")

RPPS = "https://rpps.esante.gouv.fr"
IDNPS = "urn:oid:1.2.250.1.71.4.2.1"
FINESS = "https://finess.esante.gouv.fr"
IDNST = "urn:oid:1.2.250.1.71.4.2.2"
V2_0203 = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203"
EMAIL_TYPE = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-contact-point-email-type"
METADATA = "https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-ext-mailbox-mss-metadata"
TRE_R256 = "https://mos.esante.gouv.fr/NOS/TRE_R256-TypeMessagerie/FHIR/TRE-R256-TypeMessagerie"
TRE_R257 = "https://mos.esante.gouv.fr/NOS/TRE_R257-TypeBAL/FHIR/TRE-R257-TypeBAL"
DP = "https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-dp-"
# columns 19-31: structure name, then its postal address
OUR_ADDRESS = ("CH EXEMPLE (FICTIF)", "", "", "", "1", "", "R", "DE L EXEMPLE", "", "99999 EXEMPLEVILLE",
               "99999", "99", "99100")
NO_ADDRESS = ("",) * 13
OTHER_NAME = "CHU Ailleurs"
NATIONAL_DOMAINS = ("medecin.mssante.fr", "pro.mssante.fr", "infirmier.mssante.fr",
                    "pharmacien.mssante.fr", "chu-ailleurs.mssante.fr", "ght-nord.mssante.fr",
                    "clinique-sud.mssante.fr", "masante.mssante.fr")


# -- extraction ----------------------------------------------------------------------------

def _person_line(person, address, finess, service):
    structure = ("1", "1" + finess) if finess else ("", "")
    return "|".join((
        "PER", address, "8", person.rpps, person.id_nat_ps, structure[0], structure[1], service,
        person.civility, person.last_name.upper(), person.first_name.upper(), "C", "Civil",
        person.profession_code, person.profession_label, "", "", "")
        + (OUR_ADDRESS if finess else NO_ADDRESS))


def _org_line(box, finess):
    return "|".join((box.kind, box.address, "", "", "", "1", "1" + finess, box.service)
                    + ("",) * 10 + OUR_ADDRESS)


def extraction_lines(est):
    """Our published BALs as extraction lines (one per publication, as the national file does)."""
    lines = []
    for box in est.mailboxes:
        person = est.person(box.owner_uid) if box.owner_uid else None
        address = box.address.upper() if box.extraction_upper else box.address
        for pub in box.publications:
            if pub.carrier == "Organization":
                lines.append(_org_line(box, pub.finess))
            elif person is not None:
                finess = pub.finess if pub.carrier == "PractitionerRole" else ""
                lines.append(_person_line(person, address, finess, box.service))
    return lines


def _national_line(index):
    domain = NATIONAL_DOMAINS[index % len(NATIONAL_DOMAINS)]
    rpps = "1%010d" % (index * 7 % 10 ** 10)
    if index % 6 == 5:
        return ("ORG|service%d@%s||||1|1%09d|Secrétariat %d|||||||||||CLINIQUE NATIONALE %d|||"
                "|12||R|DE LA PAIX||75000 PARIS|75000|75|99100\n" % (index, domain, index, index % 97, index))
    return ("PER|prenom%d.nom@%s|8|%s|8%s|1|1%09d||M|NOM%d|PRENOM|C|Civil|10|Médecin|SM54|"
            "Médecine générale||CENTRE NATIONAL %d||||12||R|DE LA REPUBLIQUE||69000 LYON|69000|69|99100\n"
            % (index, domain, rpps, rpps, index, index, index))


def write_extraction(est, path, national_lines=0):
    """Write a 31-column Extraction_Correspondance_MSSante file; returns the number of data lines.

    national_lines adds fictitious lines of other domains (a national-size file for the bench);
    our lines sit in the middle of them, as they would in the real sorted-by-nothing file.
    """
    ours = [line + "\n" for line in extraction_lines(est)]
    half = national_lines // 2
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(HEADER + "\n")
        for start, stop in ((0, half), (half, national_lines)):
            for block in range(start, stop, 10000):
                out.write("".join(_national_line(i) for i in range(block, min(block + 10000, stop))))
            if start == 0:
                out.writelines(ours)
    return len(ours) + national_lines


# -- FHIR resources --------------------------------------------------------------------------

def contact_point(box, rank):
    metadata = [{"url": "type", "valueCodeableConcept": {"coding": [
        {"system": TRE_R257, "code": box.kind}]}}]
    if box.kind != "PER":
        metadata += [{"url": "description", "valueString": box.description},
                     {"url": "service", "valueString": box.service}]
    metadata.append({"url": "listeRouge", "valueBoolean": False})
    contact = {"extension": [
        {"url": EMAIL_TYPE, "valueCoding": {"system": TRE_R256, "code": "MSSANTE"}},
        {"extension": metadata, "url": METADATA}], "system": "email", "value": box.address}
    if rank:
        contact["rank"] = rank
    return contact


def _ident(system, code, value):
    return {"use": "official", "type": {"coding": [{"system": V2_0203, "code": code}]},
            "system": system, "value": value}


def _meta(kind):
    return {"source": "https://annuaire.sante.fr", "profile": [DP + kind.lower()]}


def practitioner_id(person):
    return "003-99-%s" % person.rpps


def organization_id(est, finess):
    return "001-99-%s" % finess


def _organizations(est):
    orgs = {}
    kinds = ([(est.finess_ej, "LEGAL-ENTITY")] + [(f, "GEOGRAPHICAL-ENTITY") for f in est.finess_eg]
             + [(f, "GEOGRAPHICAL-ENTITY") for f in _foreign_structures(est)])
    for finess, kind in kinds:
        name = est.name if finess in est.structures else OTHER_NAME
        org = {"resourceType": "Organization", "id": organization_id(est, finess),
               "meta": _meta("Organization"),
               "identifier": [_ident(IDNST, "IDNST", "1" + finess),
                              _ident(FINESS, "FINEJ" if kind == "LEGAL-ENTITY" else "FINEG", finess)],
               "active": True,
               "type": [{"coding": [{"system": "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-3307",
                                     "code": kind}]}],
               "name": "%s - %s" % (name.upper(), finess), "telecom": [
                   {"system": "phone", "value": "0399999999"},
                   {"system": "email", "value": "contact@ch-exemple.invalid"}]}
        if kind == "GEOGRAPHICAL-ENTITY" and finess in est.structures:
            org["partOf"] = {"reference": "Organization/%s" % organization_id(est, est.finess_ej)}
        orgs[finess] = org
    return orgs


def fhir_resources(est):
    """Practitioner, PractitionerRole and Organization dicts as the FHIR API would return them."""
    orgs = _organizations(est)
    practitioners, roles = {}, {}
    for person in est.people:
        practitioners[person.uid] = {
            "resourceType": "Practitioner", "id": practitioner_id(person),
            "meta": _meta("Practitioner"),
            "identifier": [_ident(IDNPS, "IDNPS", person.id_nat_ps), _ident(RPPS, "RPPS", person.rpps)],
            "active": True,
            "name": [{"use": "usual", "family": person.last_name.upper(),
                      "given": [person.first_name.upper()], "prefix": [person.civility]}],
            "telecom": []}
        if person.in_ldap and person.situation_here:  # every current professional works at an EG
            _role(est, roles, person, est.finess_eg[0])
    for box in est.mailboxes:
        person = est.person(box.owner_uid) if box.owner_uid else None
        for pub in box.publications:
            if pub.carrier == "Organization":
                orgs[pub.finess]["telecom"].append(contact_point(box, pub.rank))
            elif pub.carrier == "Practitioner" and person:
                practitioners[person.uid]["telecom"].append(contact_point(box, pub.rank))
            elif person:
                _role(est, roles, person, pub.finess)["telecom"].append(contact_point(box, pub.rank))
    return list(practitioners.values()) + list(roles.values()) + list(orgs.values())


def _foreign_structures(est):
    """Structures of other establishments where some of our BALs are published (sorted)."""
    return sorted({pub.finess for box in est.mailboxes for pub in box.publications
                   if pub.finess and pub.finess not in est.structures})


def _role(est, roles, person, finess):
    key = (person.uid, finess)
    if key not in roles:
        situation = est.situation_id(person, finess)
        roles[key] = {
            "resourceType": "PractitionerRole", "id": "005-99-%s" % situation,
            "meta": _meta("PractitionerRole"),
            "identifier": [{"system": RPPS, "value": situation}], "active": True,
            "practitioner": {"reference": "Practitioner/%s" % practitioner_id(person)},
            "organization": {"reference": "Organization/%s" % organization_id(est, finess)},
            "code": [{"coding": [{"system": "https://mos.esante.gouv.fr/NOS/TRE_R23-ModeExercice/"
                                            "FHIR/TRE-R23-ModeExercice", "code": "S"}]}],
            "telecom": []}
    return roles[key]
