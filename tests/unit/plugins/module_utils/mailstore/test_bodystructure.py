# SPDX-License-Identifier: GPL-3.0-or-later
"""BODYSTRUCTURE read into parts and file names, as Dovecot and Cyrus write it (no server)."""
import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.bodystructure import (
    param_value, parse_bodystructure, parse_data)

ZIP = b'("application" "zip" NIL NIL NIL "base64" 428 NIL ("attachment" ("filename" "IHE_XDM.ZIP")) NIL NIL)'
TEXT = b'("text" "plain" ("charset" "utf-8") NIL NIL "base64" 14 1 NIL NIL NIL NIL)'
MIXED = b'(' + TEXT + ZIP + b' "mixed" ("boundary" "=_b") NIL NIL NIL)'
# a forwarded message (Dovecot, with its envelope) holding the XDM package
FORWARDED = (b'(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 4 0 NIL NIL NIL NIL)'
             b'("message" "rfc822" NIL NIL NIL "7bit" 975 (NIL "inner" ((NIL NIL "a" "b")) ((NIL NIL "a" "b")) '
             b'((NIL NIL "a" "b")) ((NIL NIL "u1" "ch.test")) NIL NIL NIL "<d4@x>") ' + MIXED + b' 28 NIL NIL NIL NIL)'
             b' "mixed" ("boundary" "=_o") NIL NIL NIL)')
MDN = (b'(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 7 0 NIL NIL NIL NIL)("message" '
       b'"disposition-notification" NIL NIL NIL "7bit" 113 NIL NIL NIL NIL) "report" ("report-type" '
       b'"disposition-notification" "boundary" "=_m") NIL NIL NIL)')


def names(data):
    return [name for part in parse_bodystructure(data).walk() for name in part.filenames]


def test_flat_multipart_names_and_sections():
    root = parse_bodystructure(MIXED)
    assert root.content_type == "multipart/mixed" and root.params["boundary"] == "=_b"
    assert [(p.section, p.content_type) for p in root.children] == [("1", "text/plain"), ("2", "application/zip")]
    assert root.children[1].disposition == "attachment" and names(MIXED) == ["IHE_XDM.ZIP"]


def test_forwarded_message_parts_are_numbered_under_it():
    root = parse_bodystructure(FORWARDED)
    sections = [(p.section, p.content_type) for p in root.walk()]
    assert ("2", "message/rfc822") in sections and ("2.2", "application/zip") in sections
    assert names(FORWARDED) == ["IHE_XDM.ZIP"]


def test_doveadm_form_without_outer_parentheses():
    assert names(MIXED[1:-1]) == ["IHE_XDM.ZIP"]
    single = parse_bodystructure(b'"application" "zip" ("name" "ihe_xdm.zip") NIL NIL "base64" 10 NIL NIL NIL NIL')
    assert single.section == "1" and single.filenames == ["ihe_xdm.zip"]


def test_cyrus_upper_case_and_extra_extension_data():
    cyrus = (b'(("TEXT" "PLAIN" ("CHARSET" "us-ascii") NIL NIL "7BIT" 2 1 NIL NIL NIL NIL)'
             b'("APPLICATION" "OCTET-STREAM" ("NAME" "Ihe_Xdm.Zip") NIL NIL "BASE64" 20 NIL '
             b'("ATTACHMENT" ("FILENAME" "Ihe_Xdm.Zip" "SIZE" "12")) NIL NIL NIL) "MIXED" '
             b'("BOUNDARY" "x") NIL NIL NIL)')
    root = parse_bodystructure(cyrus)
    assert root.children[1].content_type == "application/octet-stream"
    assert names(cyrus) == ["Ihe_Xdm.Zip", "Ihe_Xdm.Zip"]


def test_rfc2231_forms():
    assert param_value({"filename*": "utf-8''IHE_XDM.ZIP"}, "filename") == "IHE_XDM.ZIP"
    assert param_value({"filename*0*": "UTF-8'fr'%C3%A9t%C3%A9_", "filename*1": "IHE_XDM.ZIP"},
                       "filename") == "été_IHE_XDM.ZIP"
    assert param_value({"name*1": "XDM.ZIP", "name*0": "IHE_"}, "name") == "IHE_XDM.ZIP"
    assert param_value({"filename*": "iso-8859-1'en'%E9.zip"}, "filename") == "é.zip"
    assert param_value({"filename*": "bogus-charset''a.zip"}, "filename") == "a.zip"
    data = b'("application" "zip" NIL NIL NIL "base64" 1 NIL ("attachment" ("filename*" "utf-8\'\'IHE_XDM.ZIP")) NIL NIL)'
    assert names(data) == ["IHE_XDM.ZIP"]


def test_encoded_words_literals_and_escapes():
    assert param_value({"name": "=?UTF-8?B?SUhFX1hETS5aSVA=?="}, "name") == "IHE_XDM.ZIP"
    assert param_value({"name": "=?iso-8859-1?q?r=E9sum=E9.zip?="}, "name") == "résumé.zip"
    assert param_value({"name": "=?bad"}, "name") == "=?bad"
    literal = b'("application" "zip" ("name" {11}\r\nIHE_XDM.ZIP) NIL NIL "base64" 1 NIL NIL NIL NIL)'
    assert names(literal) == ["IHE_XDM.ZIP"]
    assert parse_data(b'"a \\"b\\" \\\\c" NIL ATOM BODY[HEADER.FIELDS (A B)] (x)') == [
        'a "b" \\c', None, "ATOM", "BODY[HEADER.FIELDS (A B)]", ["x"]]


def test_mdn_machine_part():
    root = parse_bodystructure(MDN)
    assert root.content_type == "multipart/report"
    assert root.params["report-type"] == "disposition-notification"
    assert root.children[1].section == "2" and root.children[1].encoding == "7bit"


@pytest.mark.parametrize("garbage", [b"", b"(", b")", b'("text"', b"(NIL)", b"{99}\r\nab", b"((()))",
                                     "\u00e9", b'("a" "b" {x}\r\n)', b"(1 2 3)"])
def test_garbage_is_unknown_never_an_exception(garbage):
    assert parse_bodystructure(garbage) is None or parse_bodystructure(garbage).content_type
