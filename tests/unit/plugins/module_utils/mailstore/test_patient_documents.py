# SPDX-License-Identifier: GPL-3.0-or-later
"""Patient documents: the option, detection, MDN verdicts, the Message-ID file and the proofs (no server)."""
import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import ConfigError
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.message_ids import (
    normalize_id, read_message_ids)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.patient_documents import (
    document_options, mdn_verdict, processed_ids)
from tests.unit.fr_messages import assert_plain_french
from tests.unit.plugins.module_utils.mailstore.test_bodystructure import FORWARDED, MDN, MIXED

TEXT_ONLY = b'("text" "plain" ("charset" "utf-8") NIL NIL "7bit" 14 1 NIL NIL NIL NIL)'
SUBJECT = "XDM/1.0/DDM+CR MARTINEZ-ZOLA Hortense 19500101"


def examine(options, uid, structure, subject="Bonjour", message_id="<m@x>", flags=(), date="2026-01-02T03:04:05Z"):
    return options.examine(uid, "INBOX", date, structure, subject, message_id, flags)


def test_defaults_and_absent_option():
    assert document_options(None) is None
    options = document_options(None, required=True)
    assert options.filenames == ["ihe_xdm.zip"] and options.subject_prefixes == ["xdm/1.0/ddm"]
    assert options.content_types == [] and options.mdn is True and not options.keywords
    argspec_shaped = document_options({"filenames": None, "subject_prefixes": None, "content_types": None,
                                       "proof": {"keywords": None, "message_ids_file": None, "mdn": None}})
    assert argspec_shaped.filenames == ["ihe_xdm.zip"] and argspec_shaped.mdn is True


def test_detection_any_depth_any_form_and_subject():
    options = document_options({})
    assert examine(options, 1, MIXED).document
    assert examine(options, 2, FORWARDED).document
    assert examine(options, 3, MIXED[1:-1]).document  # doveadm's form
    assert not examine(options, 4, TEXT_ONLY).document
    assert examine(options, 5, TEXT_ONLY, subject=SUBJECT).document
    assert examine(options, 6, TEXT_ONLY, subject="=?utf-8?q?XDM/1.0/DDM+CR_Z=C3=89?=").document
    assert examine(options, 7, TEXT_ONLY, subject="  xdm/1.0/ddm+x").document
    assert not examine(options, 8, TEXT_ONLY, subject="Re: XDM/1.0/DDM+x").document
    assert not examine(options, 9, MDN).document and examine(options, 9, MDN).mdn_part.section == "2"
    # a structure the server gave in a form we cannot read: kept as a document, never deleted unseen
    assert examine(options, 10, b"(((garbage").document


def test_user_globs_and_content_types():
    options = document_options({"filenames": ["*.cda.xml", "IHE_XDM.ZIP"], "content_types": ["application/zip"],
                                "subject_prefixes": []})
    cda = b'("text" "xml" ("name" "Compte_rendu.CDA.XML") NIL NIL "base64" 10 NIL NIL NIL NIL)'
    assert examine(options, 1, cda).document
    zipped = b'("application" "zip" NIL NIL NIL "base64" 10 NIL NIL NIL NIL)'
    assert examine(options, 2, zipped).document
    assert not examine(options, 3, TEXT_ONLY, subject=SUBJECT).document
    path = b'("application" "octet-stream" ("name" "C:\\\\Docs\\\\ihe_xdm.zip") NIL NIL "base64" 1 NIL NIL NIL NIL)'
    assert examine(document_options({}), 4, path).document


def test_subject_is_never_kept():
    message = examine(document_options({}), 1, TEXT_ONLY, subject=SUBJECT)
    assert "ZOLA" not in repr([getattr(message, name) for name in message.__slots__])


@pytest.mark.parametrize("raw, field", [
    ({"filenames": "IHE_XDM.ZIP "}, None),
    ({"filenames": [""]}, "patient_documents.filenames"),
    ({"subject_prefixes": [3]}, "patient_documents.subject_prefixes"),
    ({"content_types": {"a": 1}}, "patient_documents.content_types"),
    ({"filename": ["x"]}, "filenames"),
    ({"proof": []}, "patient_documents.proof"),
    ({"proof": {"keyword": ["$X"]}}, "keywords"),
    ({"proof": {"mdn": "oui"}}, "patient_documents.proof.mdn"),
    ({"proof": {"message_ids_file": ""}}, "patient_documents.proof.message_ids_file"),
    ("tout", "patient_documents"),
])
def test_option_errors_name_the_field(raw, field):
    if field is None:
        assert document_options(raw).filenames == ["ihe_xdm.zip"]
        return
    with pytest.raises(ConfigError) as error:
        document_options(raw)
    assert_plain_french(str(error.value), field)


MACHINE = ("Reporting-UA: connecteur-dpi; v2\r\nOriginal-Recipient: rfc822;bal@ch.test\r\n"
           "Original-Message-ID: <doc.1@ch.test>\r\n"
           "Disposition: automatic-action/MDN-sent-automatically;\r\n processed\r\n")


@pytest.mark.parametrize("text, verdict", [
    (MACHINE, ("doc.1@ch.test", True)),
    (MACHINE.replace("processed", "processed/Error: 902^Patient inconnu"), ("doc.1@ch.test", False)),
    (MACHINE.replace("processed", "processed/error"), ("doc.1@ch.test", False)),
    (MACHINE.replace("processed", "displayed"), ("doc.1@ch.test", False)),
    (MACHINE.lower().replace("<doc.1@ch.test>", "\r\n  <doc.1@ch.test>"), ("doc.1@ch.test", True)),
    (MACHINE.replace("\r\n processed", " processed (intégré au DPI)").replace("\r\n", "\n"), ("doc.1@ch.test", True)),
    ("Disposition: manual-action/MDN-sent-manually; processed\n", None),
    ("", None),
])
def test_mdn_verdicts(text, verdict):
    assert mdn_verdict(text.encode("utf-8")) == verdict


def test_mdn_base64_machine_part_and_processed_ids():
    import base64
    assert mdn_verdict(base64.encodebytes(MACHINE.encode()), "base64") == ("doc.1@ch.test", True)
    error = mdn_verdict(MACHINE.replace("processed", "processed/Error: 902^x").encode())
    assert processed_ids([mdn_verdict(MACHINE.encode()), error, None]) == {"doc.1@ch.test"}
    assert processed_ids([error]) == frozenset()


def test_message_ids_file(tmp_path):
    path = tmp_path / "integres.txt"
    path.write_text("\ufeff# export du DPI\n\n<a@ch.test>\nb@ch.test  \n  <c@ch.test>\n", encoding="utf-8")
    assert read_message_ids(str(path)) == {"a@ch.test", "b@ch.test", "c@ch.test"}
    assert normalize_id(" <a@x>\r\n") == "a@x" and normalize_id("") == ""


@pytest.mark.parametrize("content, line", [(b"<a@x>\nnot-an-id\n", 2), (b"<a@x> <b@x>\n", 1), (b"\xff\xfe<\x00", 1)])
def test_message_ids_file_errors_name_file_and_line(tmp_path, content, line):
    path = tmp_path / "ids.txt"
    path.write_bytes(content)
    with pytest.raises(ConfigError) as error:
        read_message_ids(str(path))
    assert_plain_french(str(error.value), "patient_documents.proof.message_ids_file", str(path), "ligne %d" % line)


def test_message_ids_file_unreadable(tmp_path):
    with pytest.raises(ConfigError) as error:
        document_options({"proof": {"message_ids_file": str(tmp_path / "absent.txt")}})
    assert_plain_french(str(error.value), "message_ids_file", "absent.txt")


def test_proofs_and_policies(tmp_path):
    ids = tmp_path / "ids.txt"
    ids.write_text("<listed@x>\n", encoding="utf-8")
    options = document_options({"proof": {"keywords": ["$DPI_Integre"], "message_ids_file": str(ids)}})
    messages = [examine(options, 1, MIXED, message_id="<kw@x>", flags=["\\Seen", "$dpi_integre"]),
                examine(options, 2, MIXED, message_id="<listed@x>"),
                examine(options, 3, MIXED, message_id="<mdn@x>"),
                examine(options, 4, MIXED, message_id="<pending@x>", date="2025-03-04T00:00:00Z"),
                examine(options, 5, TEXT_ONLY, message_id="<plain@x>")]
    mdn_ids = frozenset(["mdn@x"])
    assert options.kept(messages, "keep", mdn_ids) == {1, 2, 3, 4}
    assert options.kept(messages, "integrated", mdn_ids) == {4}
    assert options.kept(messages, "ignore", mdn_ids) == set()
    assert options.counts(messages, mdn_ids) == {"total": 4, "integrated": 3, "pending": 1,
                                                 "oldest_pending": "2025-03-04"}
    no_mdn = document_options({"proof": {"mdn": False}})
    assert no_mdn.kept([examine(no_mdn, 3, MIXED, message_id="<mdn@x>")], "integrated", mdn_ids) == {3}
    assert options.counts([], mdn_ids) == {"total": 0, "integrated": 0, "pending": 0, "oldest_pending": None}


def test_doveadm_text_without_any_name_is_not_parsed():
    options = document_options({})
    plain = examine(options, 1, TEXT_ONLY.decode()[1:-1])
    assert not plain.document and plain.mdn_part is None
    assert examine(options, 2, TEXT_ONLY.decode()[1:-1], subject=SUBJECT).document
    # unreadable and naming a file that may be the package: kept
    assert examine(options, 3, '"application" (("name" "ihe_xdm.zip"').document
    # a name that cannot match IHE_XDM.ZIP (its text is not there, nothing is encoded): no parse needed
    assert not examine(options, 4, '"application" (("name" "x.zip"').document
    assert examine(options, 5, '"application" (("name*" "utf-8\'\'x%2Ezip"').document  # encoded: parsed
    assert examine(options, 4, MDN.decode()[1:-1]).mdn_part.section == "2"
    assert examine(document_options({"content_types": ["text/*"]}), 5, TEXT_ONLY.decode()).document


def test_plain_needs_a_literal_piece_of_every_pattern():
    described = '("application" "zip" ("name" "scan.zip") NIL NIL "base64" 10 NIL NIL NIL NIL)'
    assert document_options({}, required=True).plain(described)  # IHE_XDM.ZIP is not in the text
    assert not document_options({"filenames": ["*.zip"]}, required=True).plain(described)
    assert not document_options({"filenames": ["*"]}, required=True).plain(described)  # no piece: parse
    assert not document_options({"content_types": ["application/zip"]}, required=True).plain(described)
