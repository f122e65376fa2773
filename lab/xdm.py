# SPDX-License-Identifier: GPL-3.0-or-later
"""A real IHE XDM package, as MSSanté carries a patient document (CI-SIS, Référentiel #2).

`IHE_XDM.ZIP` holds `IHE_XDM/SUBSET01/METADATA.XML` (XDS ebRIM metadata) and the document it
describes, here a small CDA R2 XML, plus the `INDEX.HTM` / `README.TXT` the profile asks for.
Everything is built from the arguments alone (fixed zip timestamps, stored entries), so the same
document always gives the same bytes: a seeded lab is reproducible byte for byte.

The patient is fictitious, with a distinctive name that tests grep for: it must never leak from
the message Subject into a result, journal, diff, report or log.
"""

import hashlib
import io
import zipfile
from dataclasses import dataclass

XDM_FILENAME = "IHE_XDM.ZIP"
SUBSET = "IHE_XDM/SUBSET01/"
METADATA = SUBSET + "METADATA.XML"
# zip entries carry this date, never the time of seeding (deterministic bytes)
ZIP_TIME = (2024, 1, 2, 9, 0, 0)
# INS test OID (fictitious identity) and the XDS identifiers of ebRIM 3.0
INS_TEST_OID = "1.2.250.1.213.1.4.10"
LOINC = "2.16.840.1.113883.6.1"
ORG_OID = "1.2.250.1.71.4.2.2.990000010"


@dataclass(frozen=True)
class Patient:
    family: str  # NOM, upper case
    given: str
    birth: str  # YYYYMMDD
    ins: str  # fictitious INS (15 digits)

    @property
    def subject_text(self):
        return "%s %s %s" % (self.family, self.given, self.birth)


PATIENT = Patient("MARTINEZ-ZOLA", "Hortense", "19470312", "247037512345678")


@dataclass(frozen=True)
class Document:
    """One clinical document of the package: its number names every identifier in it."""

    number: int
    title: str  # libellé, as it appears after DDM+ in the Subject
    loinc: str = "11488-4"  # consultation note
    patient: Patient = PATIENT

    @property
    def file_name(self):
        return "DOC%04d.XML" % self.number

    @property
    def unique_id(self):
        return "%s.%d" % (ORG_OID, 1000 + self.number)

    @property
    def created(self):
        return "202401%02d090000" % (1 + self.number % 28)


def subject(document):
    """The MSSanté Subject of a message carrying `document` (it names the patient)."""
    return "XDM/1.0/DDM+%s %s" % (document.title, document.patient.subject_text)


def cda(document):
    """A small CDA R2 document (structured body, one section) for the fictitious patient."""
    patient = document.patient
    return ("""<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <realmCode code="FR"/>
  <typeId root="2.16.840.1.113883.1.3" extension="POCD_HD000040"/>
  <templateId root="1.2.250.1.213.1.1.1.1"/>
  <id root="{uid}"/>
  <code code="{loinc}" codeSystem="{loinc_oid}" displayName="{title}"/>
  <title>{title}</title>
  <effectiveTime value="{created}+0100"/>
  <confidentialityCode code="N" codeSystem="2.16.840.1.113883.5.25"/>
  <languageCode code="fr-FR"/>
  <recordTarget>
    <patientRole>
      <id root="{ins_oid}" extension="{ins}"/>
      <patient>
        <name><given>{given}</given><family qualifier="BR">{family}</family></name>
        <administrativeGenderCode code="F" codeSystem="2.16.840.1.113883.5.1"/>
        <birthTime value="{birth}"/>
      </patient>
    </patientRole>
  </recordTarget>
  <author>
    <time value="{created}+0100"/>
    <assignedAuthor><id root="1.2.250.1.71.4.2.1" extension="810999999999"/></assignedAuthor>
  </author>
  <custodian>
    <assignedCustodian><representedCustodianOrganization>
      <id root="1.2.250.1.71.4.2.2" extension="990000010"/><name>CH Voisin (fictif)</name>
    </representedCustodianOrganization></assignedCustodian>
  </custodian>
  <component><structuredBody><component><section>
    <title>Conclusion</title>
    <text>Document fictif du labo mssante.hygiene, sans valeur médicale.</text>
  </section></component></structuredBody></component>
</ClinicalDocument>
""").format(uid=document.unique_id, loinc=document.loinc, loinc_oid=LOINC, title=document.title,
            created=document.created, ins_oid=INS_TEST_OID, ins=patient.ins, given=patient.given,
            family=patient.family, birth=patient.birth).encode("utf-8")


def _slot(name, value):
    return ('      <rim:Slot name="%s"><rim:ValueList><rim:Value>%s</rim:Value></rim:ValueList></rim:Slot>\n'
            % (name, value))


def _external_id(scheme, value, owner, name, number):
    return ('      <rim:ExternalIdentifier id="ei%02d" identificationScheme="urn:uuid:%s" value="%s" '
            'registryObject="%s"><rim:Name><rim:LocalizedString value="%s"/></rim:Name>'
            '</rim:ExternalIdentifier>\n' % (number, scheme, value, owner, name))


def metadata(document, content):
    """XDS metadata (ebRIM 3.0) of a one-document submission set, describing `content`."""
    patient = document.patient
    patient_id = "%s^^^&amp;%s&amp;ISO" % (patient.ins, INS_TEST_OID)
    entry = "".join((
        _slot("creationTime", document.created),
        _slot("languageCode", "fr-FR"),
        _slot("hash", hashlib.sha1(content).hexdigest()),
        _slot("size", len(content)),
        _slot("URI", document.file_name),
        _slot("sourcePatientId", patient_id),
        _slot("sourcePatientInfo", "PID-7|%s" % patient.birth),
        '      <rim:Name><rim:LocalizedString value="%s"/></rim:Name>\n' % document.title,
        '      <rim:Classification id="cl01" classificationScheme="urn:uuid:f0306f51-975f-434e-a61c-c59651d33983" '
        'classifiedObject="Document01" nodeRepresentation="%s">\n  %s      </rim:Classification>\n'
        % (document.loinc, _slot("codingScheme", LOINC)),
        _external_id("58a6f841-87b3-4a3e-92fd-a8ffeff98427", patient_id, "Document01",
                     "XDSDocumentEntry.patientId", 1),
        _external_id("2e82c1f6-a085-4c72-9da3-8640a32e42ab", document.unique_id, "Document01",
                     "XDSDocumentEntry.uniqueId", 2)))
    submission = "".join((
        _slot("submissionTime", document.created),
        _external_id("96fdda7c-d067-4183-912e-bf5ee74998a8", "%s.%d" % (ORG_OID, 2000 + document.number),
                     "SubmissionSet01", "XDSSubmissionSet.uniqueId", 3),
        _external_id("554ac39e-e3fe-47fe-b233-965d2a147832", ORG_OID, "SubmissionSet01",
                     "XDSSubmissionSet.sourceId", 4),
        _external_id("6b5aea1a-874d-4603-a4bc-96a0a7b38446", patient_id, "SubmissionSet01",
                     "XDSSubmissionSet.patientId", 5)))
    return ("""<?xml version="1.0" encoding="UTF-8"?>
<lcm:SubmitObjectsRequest xmlns:lcm="urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0"
    xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0">
  <rim:RegistryObjectList>
    <rim:ExtrinsicObject id="Document01" mimeType="text/xml"
        objectType="urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1">
{entry}    </rim:ExtrinsicObject>
    <rim:RegistryPackage id="SubmissionSet01">
{submission}    </rim:RegistryPackage>
    <rim:Classification id="cl02" classifiedObject="SubmissionSet01"
        classificationNode="urn:uuid:a54d6aa5-d40d-43f9-88c5-b4633d873bdd"/>
    <rim:Association id="as01" associationType="urn:oasis:names:tc:ebxml-regrep:AssociationType:HasMember"
        sourceObject="SubmissionSet01" targetObject="Document01">
{status}    </rim:Association>
  </rim:RegistryObjectList>
</lcm:SubmitObjectsRequest>
""").format(entry=entry, submission=submission,
            status=_slot("SubmissionSetStatus", "Original")).encode("utf-8")


def package(document):
    """The bytes of `IHE_XDM.ZIP` for one document (same document, same bytes)."""
    content = cda(document)
    entries = (
        ("INDEX.HTM", b"<html><body><a href=\"IHE_XDM/SUBSET01/METADATA.XML\">SUBSET01</a></body></html>\n"),
        ("README.TXT", b"Paquet IHE XDM fictif (labo mssante.hygiene).\n"),
        (METADATA, metadata(document, content)),
        (SUBSET + document.file_name, content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()
