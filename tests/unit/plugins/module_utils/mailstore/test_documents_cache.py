# SPDX-License-Identifier: GPL-3.0-or-later
"""The per-folder memory of patient documents trusts only what reads back exactly as written."""
import json

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.documents_cache import (
    FILE_NAME, DocumentsCache, FolderFacts, folder_key, options_fingerprint)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imap import Answer
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.patient_documents import (
    Message, document_options)

OPTIONS = document_options({"proof": {"keywords": ["$DPI_Integre"]}})


def examine(**codes):
    return Answer("EXAMINE INBOX", "OK", [b"done"], {name: [value] for name, value in codes.items()})


def test_folder_key_needs_every_value_the_proof_rests_on():
    answer = examine(UIDVALIDITY=b"17", UIDNEXT=b"40", EXISTS=b"12", HIGHESTMODSEQ=b"95")
    assert folder_key(answer, False) == (17, 40, 12, 0)
    assert folder_key(answer, True) == (17, 40, 12, 95)
    assert folder_key(examine(UIDVALIDITY=b"17", EXISTS=b"12"), False) is None  # no UIDNEXT: never reused
    assert folder_key(examine(UIDVALIDITY=b"17", UIDNEXT=b"40", EXISTS=b"12"), True) is None
    assert folder_key(examine(UIDVALIDITY=b"x", UIDNEXT=b"40", EXISTS=b"12"), False) is None


def test_options_that_decide_what_a_document_is_change_the_fingerprint():
    same = document_options({"proof": {"keywords": ["$dpi_integre"]}})  # IMAP keywords ignore case
    assert options_fingerprint(same) == options_fingerprint(OPTIONS)
    for other in ({}, {"filenames": ["*.zip"]}, {"proof": {"keywords": ["$DPI_Integre"], "mdn": False}}):
        assert options_fingerprint(document_options(other)) != options_fingerprint(OPTIONS)


def facts():
    documents = [Message(7, "INBOX", "2026-01-02T03:04:05+00:00", "<a@b>", ["\\Seen"], True, None)]
    return FolderFacts((17, 40, 12, 0), documents, {9: "c@d"})


def test_a_row_reads_back_as_written():
    raw, back = FolderFacts.from_row(json.loads(json.dumps(facts().as_row("INBOX"))))
    assert raw == "INBOX" and back.key == (17, 40, 12, 0) and back.proofs == {9: "c@d"}
    [message] = back.documents
    assert (message.uid, message.date, message.message_id, message.flags, message.document) == (
        7, "2026-01-02T03:04:05+00:00", "a@b", ["\\Seen"], True)


@pytest.mark.parametrize("spoil", [
    lambda row: row[1].__setitem__(0, True),  # a boolean is no UIDVALIDITY
    lambda row: row[1].__setitem__(1, -1),
    lambda row: row[1].pop(),
    lambda row: row[2][0].__setitem__(0, "7"),
    lambda row: row[2][0].__setitem__(3, "\\Seen"),
    lambda row: row[3].append(5),
    lambda row: row[3][0].__setitem__(0, "9"),
    lambda row: row[3][0].__setitem__(1, None),
    lambda row: row.pop(),
])
def test_a_spoilt_row_is_refused(spoil):
    row = json.loads(json.dumps(facts().as_row("INBOX")))
    spoil(row)
    with pytest.raises((ValueError, TypeError)):
        FolderFacts.from_row(row)


def test_the_file_keeps_failed_mailboxes_and_drops_spoilt_lines(tmp_path):
    warnings = []
    first = DocumentsCache(str(tmp_path), "imap.ch-exemple.fr:993", OPTIONS, warnings.append)
    first.keep("a@x", {"INBOX": facts()}, 0)
    first.keep("b@x", {"INBOX": facts(), "Vide": FolderFacts(None, [], {})}, 0)
    assert first.save([]) and first.summary()["folders_read"] == 3
    lines = (tmp_path / FILE_NAME).read_bytes().split(b"\n")
    assert b"Vide" not in lines[2]  # a folder without a key cannot be proven unchanged: not kept
    (tmp_path / FILE_NAME).write_bytes(b"\n".join(lines[:2] + [b'{"login":"b@x","folders":[["INBOX"]]}', b"]]"]))

    second = DocumentsCache(str(tmp_path), "imap.ch-exemple.fr:993", OPTIONS, warnings.append)
    assert second.start == "reprise" and second.unreadable == 1  # "]]": no login at all
    assert set(second.folders("a@x")) == {"INBOX"}
    assert second.folders("b@x") == {} and second.unreadable == 2
    second.save(["a@x"])  # a@x failed this time: its line stays for the next run
    third = DocumentsCache(str(tmp_path), "imap.ch-exemple.fr:993", OPTIONS, warnings.append)
    assert set(third.folders("a@x")) == {"INBOX"} and third.folders("b@x") == {}
    elsewhere = DocumentsCache(str(tmp_path), "imap.autre.fr:993", OPTIONS, warnings.append)
    assert elsewhere.start == "autre" and elsewhere.folders("a@x") == {}
    assert warnings == []


def test_a_partial_read_keeps_only_what_stays_below_its_start():
    """Read from UID 40 on: a remembered document at or above 40 (read after its folder's EXAMINE
    last time) comes back with the new messages, never twice; an expunged one is gone."""
    from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.documents_cache import merged_facts
    old = facts()
    old.documents.append(Message(41, "INBOX", "", "<late@b>", [], True, None))
    old.documents.append(Message(8, "INBOX", "", "<gone@b>", [], True, None))
    old.proofs.update({12: "e@f"})
    fresh = [Message(41, "INBOX", "", "<late@b>", [], True, None), Message(42, "INBOX", "", "<p@b>", [], False, None)]
    merged = merged_facts(old, 40, {7: ["$DPI_Integre"], 9: []}, fresh, {43: "g@h"}, (17, 44, 14, 0))
    assert [(m.uid, m.flags) for m in merged.documents] == [(7, ["$DPI_Integre"]), (41, [])]
    assert merged.proofs == {9: "c@d", 43: "g@h"} and merged.key == (17, 44, 14, 0)
