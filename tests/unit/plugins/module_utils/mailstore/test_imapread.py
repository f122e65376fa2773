# SPDX-License-Identifier: GPL-3.0-or-later
"""The pipelined answer reader files answers exactly as imaplib would, and fails the same way."""

import imaplib
import io
import re
import socket

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imapread import AnswerReader

SELECT_SEARCH_FETCH = (
    b"* 3 EXISTS\r\n"
    b"* OK [UIDVALIDITY 1764000000] UIDs valid\r\n"
    b"* OK [HIGHESTMODSEQ 42] Highest\r\n"
    b"A1 OK [READ-WRITE] Select completed.\r\n"
    b"A2 OK Search completed (0.001 + 0.000 secs).\r\n"
    b"* 1 FETCH (UID 7 RFC822.SIZE 120 BODY[HEADER.FIELDS (MESSAGE-ID)] {24}\r\n"
    b"Message-ID: <a@b.fr>\r\n\r\n)\r\n"
    b"* 2 FETCH (UID 9 RFC822.SIZE 80)\r\n"
    b"A3 OK Fetch completed.\r\n"
)


def imaplib_answers(wire, tags):
    """What imaplib itself files for the same bytes (the reference shapes)."""
    conn = imaplib.IMAP4.__new__(imaplib.IMAP4)
    conn.debug = 0
    conn._mode_ascii()
    conn.tagpre = b"A"
    conn.tagre = re.compile(br"(?P<tag>A\d+) (?P<type>[A-Z]+) (?P<data>.*)", re.ASCII)
    conn.tagged_commands = {tag: None for tag in tags}
    conn.untagged_responses = {}
    conn.file = io.BytesIO(wire)
    conn._cmd_log_len = 10
    conn._cmd_log_idx = 0
    conn._cmd_log = {}
    answers = []
    for tag in tags:
        status, data = conn._get_tagged_response(tag)
        answers.append((status, data, conn.untagged_responses))
        conn.untagged_responses = {}
    return answers


def test_same_shapes_as_imaplib_for_select_search_fetch():
    tags = [b"A1", b"A2", b"A3"]
    reader = AnswerReader(io.BytesIO(SELECT_SEARCH_FETCH), tags)
    ours = [reader.completion(tag) for tag in tags]
    reference = imaplib_answers(SELECT_SEARCH_FETCH, tags)
    assert [(a.status, a.data, a.untagged) for a in ours] == reference
    assert ours[0].untagged["UIDVALIDITY"] == [b"1764000000"]
    assert ours[2].untagged["FETCH"][:2] == [(b"1 (UID 7 RFC822.SIZE 120 BODY[HEADER.FIELDS (MESSAGE-ID)] {24}",
                                              b"Message-ID: <a@b.fr>\r\n\r\n"), b")"]


def test_response_code_of_a_tagged_completion_is_filed_like_imaplib():
    wire = b"A1 OK [MODIFIED 7:9] Conditional STORE failed\r\nA2 OK Expunge completed.\r\n"
    reader = AnswerReader(io.BytesIO(wire), [b"A1", b"A2"])
    first = reader.completion(b"A1")
    assert first.untagged == {"MODIFIED": [b"7:9"]}
    assert first.status == "OK" and reader.completion(b"A2").untagged == {}


def test_literal_in_a_list_name_and_empty_search():
    wire = b'* LIST (\\HasNoChildren) "/" {7}\r\nDossier\r\n* SEARCH\r\nA1 OK done\r\n'
    done = AnswerReader(io.BytesIO(wire), [b"A1"]).completion(b"A1")
    assert done.untagged == {"LIST": [(b'(\\HasNoChildren) "/" {7}', b"Dossier"), b""], "SEARCH": [b""]}


@pytest.mark.parametrize("wire, message", [
    (b"* 1 FETCH (UID 7)\r\n", "EOF"),
    (b"* 1 FETCH (UID 7 BODY[] {100}\r\nshort", "EOF in a literal"),
    (b"* BYE server shutting down\r\n", "server shutting down"),
    (b"B9 OK not ours\r\n", "unexpected tagged response"),
    (b"A1 OK no line end", "unterminated line"),
])
def test_a_broken_answer_aborts_like_imaplib(wire, message):
    with pytest.raises(imaplib.IMAP4.abort, match=message):
        AnswerReader(io.BytesIO(wire), [b"A1"]).completion(b"A1")


def test_bye_answers_logout():
    done = AnswerReader(io.BytesIO(b"* BYE Logging out\r\n"), [b"A1"]).completion(b"A1", expect_bye=True)
    assert done.status == "BYE"


def test_a_completion_that_arrives_early_waits_for_its_turn():
    wire = b"* 2 EXISTS\r\nA2 OK second\r\nA1 OK first\r\n"
    reader = AnswerReader(io.BytesIO(wire), [b"A1", b"A2"])
    first = reader.completion(b"A1")
    assert first.data == [b"first"] and reader.completion(b"A2").untagged == {"EXISTS": [b"2"]}


def test_a_silent_server_raises_the_socket_timeout():
    left, right = socket.socketpair()
    left.settimeout(0.2)
    try:
        with pytest.raises(socket.timeout):
            AnswerReader(left.makefile("rb"), [b"A1"]).completion(b"A1")
    finally:
        left.close()
        right.close()
