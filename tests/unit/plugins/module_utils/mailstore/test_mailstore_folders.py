# SPDX-License-Identifier: GPL-3.0-or-later
"""Folder names: modified UTF-7, SPECIAL-USE roles, name matching across delimiters (no server)."""
import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.folders import (
    Folder, decode_mutf7, encode_mutf7, parse_list_line, resolve, special_use_name)


@pytest.mark.parametrize("text, wire", [
    ("INBOX", "INBOX"),
    ("Éléments supprimés", "&AMk-l&AOk-ments supprim&AOk-s"),
    ("Éléments envoyés", "&AMk-l&AOk-ments envoy&AOk-s"),
    ("Courrier indésirable", "Courrier ind&AOk-sirable"),
    ("R&D", "R&-D"),
    ("&", "&-"),
    ("日本語", "&ZeVnLIqe-"),
    ("Archives/2023", "Archives/2023"),
])
def test_modified_utf7_round_trip(text, wire):
    assert encode_mutf7(text) == wire
    assert decode_mutf7(wire) == text


def test_modified_utf7_uses_comma_not_slash():
    # base64 '/' becomes ',' in modified UTF-7 (RFC 3501 5.1.3)
    wire = encode_mutf7("\u00ff\u00fe\u00ff")
    assert "/" not in wire and wire.startswith("&") and wire.endswith("-")
    assert decode_mutf7(wire) == "\u00ff\u00fe\u00ff"


def test_invalid_mutf7_is_kept_verbatim():
    assert decode_mutf7("broken&%%-name") == "broken&%%-name"


@pytest.mark.parametrize("value, role", [
    ("\\Trash", "\\Trash"), ("\\trash", "\\Trash"), ("\\\\Trash", "\\Trash"), ("\\Sent", "\\Sent"),
    ("Trash", None), ("\\Bogus", None), (None, None),
])
def test_special_use_spelling(value, role):
    assert special_use_name(value) == role


def folders(delimiter="/"):
    names = [("INBOX", ()), ("&AMk-l&AOk-ments supprim&AOk-s", ("\\Trash",)), ("Sent", ("\\Sent",)),
             ("Archives", ("\\Noselect",)), ("Archives%s2020" % delimiter, ())]
    return [Folder(raw, delimiter, flags) for raw, flags in names]


def test_role_matches_whatever_the_folder_is_called():
    found = resolve(folders(), "\\Trash")
    assert [f.name for f in found] == ["Éléments supprimés"]
    assert resolve(folders(), "\\Junk") == []  # no such folder: nothing to do, not an error


@pytest.mark.parametrize("delimiter", ["/", ".", "\\"])
def test_names_match_with_any_delimiter(delimiter):
    found = resolve(folders(delimiter), "Archives/2020")
    assert [f.raw for f in found] == ["Archives%s2020" % delimiter]


def test_inbox_is_case_insensitive_and_noselect_is_skipped():
    assert [f.name for f in resolve(folders(), "inbox")] == ["INBOX"]
    assert resolve(folders(), "Archives") == []  # \Noselect: cannot hold mail


def test_absent_name_is_nothing_to_do():
    # a rule for one service's folder: the other mailboxes simply have nothing there
    assert resolve(folders(), "Archives/1999") == []
    assert resolve(folders(), "Résultats labo") == []


def test_parse_list_line_quoted_and_nil_delimiter():
    folder = parse_list_line(b'(\\HasNoChildren \\Trash) "/" "&AMk-l&AOk-ments supprim&AOk-s"')
    assert folder.name == "Éléments supprimés" and folder.special_use == "\\Trash" and folder.delimiter == "/"
    flat = parse_list_line('(\\Noselect) NIL Public')
    assert flat.delimiter is None and not flat.selectable
