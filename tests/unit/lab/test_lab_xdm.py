# SPDX-License-Identifier: GPL-3.0-or-later
"""The lab's patient documents (issue 16): a real IHE_XDM.ZIP, the message variants, the MDNs,
and the facts the functional tests assert, all from lab/ without a server."""
import datetime as dt
import email
import hashlib
import io
import xml.etree.ElementTree as ET
import zipfile

import pytest

from lab import establishment, patient_documents, xdm, xdm_mail

NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.timezone.utc)
RIM = "{urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0}"
DOC = xdm.Document(3, "CR consultation")


def _slots(metadata):
    entry = ET.fromstring(metadata).find(".//%sExtrinsicObject" % RIM)
    return {slot.get("name"): slot.find(".//%sValue" % RIM).text for slot in entry.findall("%sSlot" % RIM)}


def test_package_is_a_valid_zip_with_metadata_and_cda():
    archive = zipfile.ZipFile(io.BytesIO(xdm.package(DOC)))
    assert archive.testzip() is None
    assert archive.namelist() == ["INDEX.HTM", "README.TXT", "IHE_XDM/SUBSET01/METADATA.XML",
                                  "IHE_XDM/SUBSET01/DOC0003.XML"]
    document = archive.read("IHE_XDM/SUBSET01/DOC0003.XML")
    cda = ET.fromstring(document)
    assert cda.tag == "{urn:hl7-org:v3}ClinicalDocument"
    assert cda.find("{urn:hl7-org:v3}typeId").get("extension") == "POCD_HD000040"
    slots = _slots(archive.read(xdm.METADATA))
    # the metadata describes the very document beside it
    assert slots["URI"] == "DOC0003.XML" and slots["size"] == str(len(document))
    assert slots["hash"] == hashlib.sha1(document).hexdigest()


def test_package_bytes_are_deterministic():
    assert xdm.package(DOC) == xdm.package(xdm.Document(3, "CR consultation"))
    assert xdm.package(DOC) != xdm.package(xdm.Document(4, "CR consultation"))


def _attachment_names(message):
    """(depth, raw name parameter, raw filename parameter) of each zip part."""
    found = []

    def walk(part, depth):
        if part.get_content_type() == "application/zip":
            found.append((depth, part.get("Content-Type").split(";", 1)[1].strip(),
                          part.get("Content-Disposition").split(";", 1)[1].strip()))
        payload = part.get_payload()
        for child in payload if isinstance(payload, list) else []:
            walk(child, depth + 1)

    walk(message, 0)
    return found


@pytest.mark.parametrize("variant, depth, params", [
    ("plain", 1, ('name="IHE_XDM.ZIP"', 'filename="IHE_XDM.ZIP"')),
    ("lower", 1, ('name="ihe_xdm.zip"', 'filename="ihe_xdm.zip"')),
    ("rfc2231", 1, ("name*=UTF-8''IHE_XDM.ZIP", "filename*=UTF-8''IHE_XDM.ZIP")),
    ("forward", 3, ('name="IHE_XDM.ZIP"', 'filename="IHE_XDM.ZIP"'))])
def test_each_variant_attaches_the_package(variant, depth, params):
    data = xdm_mail.document_message(DOC, "a@ch-exemple.mssante.fr", 0, "<xdm.3@test>", variant)
    message = email.message_from_bytes(data)
    assert message["Message-ID"] == "<xdm.3@test>"
    assert "XDM/1.0/DDM+CR consultation MARTINEZ-ZOLA Hortense 19470312" in message["Subject"]
    assert _attachment_names(message) == [(depth, params[0], params[1])]
    zip_part = [part for part in message.walk() if part.get_content_type() == "application/zip"][0]
    assert zip_part.get_payload(decode=True) == xdm.package(DOC)


def test_unknown_variant_is_refused():
    with pytest.raises(ValueError, match="unknown XDM variant"):
        xdm_mail.document_message(DOC, "a@b", 0, "<x@y>", "upper")


def test_mdn_machine_part_and_no_patient_name():
    data = xdm_mail.mdn_message("a@b", 0, "<mdn.7@x>", "<xdm.7@y>", xdm_mail.ERROR_902)
    message = email.message_from_bytes(data)
    assert message.get_content_type() == "multipart/report"
    assert message.get_param("report-type") == "disposition-notification"
    machine = message.get_payload()[1]
    assert machine.get_content_type() == "message/disposition-notification"
    fields = machine.get_payload()[0]
    assert fields["Original-Message-ID"] == "<xdm.7@y>"
    assert fields["Disposition"].endswith("processed/Error: 902^Patient inconnu")
    assert b"ZOLA" not in data


def _documents(est):
    return {box.address: box for box in est.mailboxes if box.documents}


@pytest.mark.parametrize("staff", [12, 40])
def test_lab_plants_documents_in_three_bals(staff):
    est = establishment.build(staff=staff, now=NOW)
    boxes = _documents(est)
    secretariat = boxes["secretariat.cardiologie@ch-exemple.mssante.fr"]
    departed = boxes["%s@ch-exemple.mssante.fr" % est.people[2].uid]
    assert len(boxes) == 3
    assert secretariat.document_facts(NOW) == {"total": 6, "integrated": 5, "pending": 1,
                                               "oldest_pending": "2026-11-14"}
    assert departed.document_facts(NOW) == {"total": 2, "integrated": 0, "pending": 2,
                                            "oldest_pending": "2025-10-22"}
    # only the departed owner's BAL holds a document pending for more than 30 days
    assert {address for address, box in boxes.items() if box.document_codes()} == {departed.address}
    # with the MDN alone (the default proof), the keyword and the file prove nothing
    assert secretariat.document_facts(NOW, ("mdn",))["integrated"] == 3
    assert secretariat.document_codes(("mdn",)) == {patient_documents.FINDING}
    assert secretariat.proven_message_ids(("mdn",)) == [
        "<xdm.1@ch-voisin.mssante.fr>", "<xdm.2@ch-voisin.mssante.fr>", "<xdm.6@ch-voisin.mssante.fr>"]
    variants = {doc.variant for box in boxes.values() for doc in box.documents}
    assert variants == set(xdm_mail.VARIANTS)


def test_documents_and_mdns_as_seeded():
    est = establishment.build(staff=12, now=NOW)
    departed = _documents(est)["%s@ch-exemple.mssante.fr" % est.people[2].uid]
    planted = list(patient_documents.messages(departed.documents, departed.address, NOW))
    assert [(folder, keywords) for folder, _when, keywords, _data in planted] == [("INBOX", ())] * 3
    # noon UTC: the same calendar day in Paris
    assert dt.datetime.fromtimestamp(planted[0][1], dt.timezone.utc).hour == 12
    mdn = email.message_from_bytes(planted[1][3])
    assert mdn.get_payload()[1].get_payload()[0]["Original-Message-ID"] == departed.documents[0].message_id
    keyworded = [keywords for box in _documents(est).values()
                 for _folder, _when, keywords, _data in patient_documents.messages(box.documents, "x", NOW) if keywords]
    assert keyworded == [(patient_documents.DPI_KEYWORD,)]


def test_message_ids_file_lists_the_file_proven_documents():
    est = establishment.build(staff=12, now=NOW)
    lines = patient_documents.message_ids_text(est).splitlines()
    listed = {line.strip("<>") for line in lines if line and not line.startswith("#")}
    assert listed == {"xdm.4@ch-voisin.mssante.fr", "xdm.9@ch-voisin.mssante.fr",
                      "xdm.autre-etablissement.42@ch-ailleurs.mssante.fr"}
    assert "" in lines and "xdm.4@ch-voisin.mssante.fr" in lines  # a blank line, an ID without <>
