# SPDX-License-Identifier: GPL-3.0-or-later
"""Patient documents over IMAP: FETCH answers with literals, the pipelines sent (no server)."""
import datetime as dt
import io

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore import imap_backend
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.folders import Folder
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imap import Answer
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imap_documents import (
    mdn_proofs, messages_of, whole_responses)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imapread import AnswerReader
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.journal import Journal
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.patient_documents import document_options
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.purge import PurgeRun
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.rules import parse_rules

NOW = dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.timezone.utc)
HEADER = b"Subject: XDM/1.0/DDM+CR MARTINEZ-ZOLA Hortense 19500101\r\nMessage-ID: <d1@x>\r\n\r\n"
# a file name sent as a literal inside BODYSTRUCTURE, then the header fields as a second literal
WIRE = (b'* 1 FETCH (UID 7 INTERNALDATE "02-Jan-2025 10:00:00 +0100" FLAGS (\\Seen $DPI_Integre) BODYSTRUCTURE '
        b'(("text" "plain" NIL NIL NIL "7bit" 2 1 NIL NIL NIL NIL)("application" "zip" ("name" {11}\r\n'
        b'IHE_XDM.ZIP) NIL NIL "base64" 10 NIL NIL NIL NIL) "mixed" NIL NIL NIL NIL) '
        b'BODY[HEADER.FIELDS (SUBJECT MESSAGE-ID)] {%d}\r\n' % len(HEADER) + HEADER + b')\r\n'
        b'* 2 FETCH (UID 8 INTERNALDATE "03-Jan-2025 10:00:00 +0000" FLAGS () BODYSTRUCTURE ("text" "plain" '
        b'NIL NIL NIL "7bit" 2 1 NIL NIL NIL NIL) BODY[HEADER.FIELDS (SUBJECT MESSAGE-ID)] {4}\r\n\r\n\r\n)\r\n'
        b'A1 OK Fetch completed.\r\n')
HEADERS_WIRE = b"".join(
    b'* %d FETCH (UID %d RFC822.SIZE %d INTERNALDATE "02-Jan-2025 10:00:00 +0100" FLAGS () '
    b'BODY[HEADER.FIELDS (SUBJECT MESSAGE-ID CONTENT-TYPE CONTENT-DISPOSITION)] {%d}\r\n%s)\r\n'
    % (seq, uid, size, len(header), header) for seq, uid, size, header in (
        (1, 7, 10, b"Subject: CR\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n"),
        (2, 8, 5, b"Subject: CR\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"))) + b"A1 OK Fetch completed.\r\n"
OPTIONS = document_options({"proof": {"keywords": ["$dpi_integre"]}}, required=True)


def fetched(wire):
    return AnswerReader(io.BytesIO(wire), [b"A1"]).completion(b"A1").untagged.get("FETCH", [])


def test_responses_with_several_literals_are_read_whole():
    entries = fetched(WIRE)
    assert len(whole_responses(entries)) == 2
    first, second = messages_of(entries, "INBOX", OPTIONS)
    assert (first.uid, first.document, first.message_id, first.date) == (7, True, "d1@x", "2025-01-02T09:00:00Z")
    assert OPTIONS.is_proven(first, frozenset()) and not second.document and second.message_id == ""
    assert "ZOLA" not in repr([getattr(first, name) for name in first.__slots__])


def test_plain_mail_is_judged_without_the_full_parser(monkeypatch):
    """Most mail names no file: it skips the parser, and the result is the parser's."""
    from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore import imapwire
    plain_subject = b"Subject: CR de garde\r\nMessage-ID: <p1@x>\r\n\r\n"
    wire = (b'* 3 FETCH (UID 9 INTERNALDATE "03-Jan-2025 10:00:00 +0000" FLAGS (\\Seen) BODYSTRUCTURE '
            b'(("text" "plain" ("charset" "utf-8") NIL NIL "7bit" 2 1 NIL NIL NIL NIL)("text" "html" NIL NIL NIL '
            b'"7bit" 2 1 NIL NIL NIL NIL) "alternative" NIL NIL NIL NIL) BODY[HEADER.FIELDS (SUBJECT MESSAGE-ID)] '
            b'{%d}\r\n' % len(plain_subject) + plain_subject + b')\r\n' + WIRE[WIRE.index(b"* 1 FETCH"):])
    parsed = []
    monkeypatch.setattr(imapwire, "parse_data",
                        lambda response, full=imapwire.parse_data: parsed.append(response) or full(response))
    plain, named, subject_only = messages_of(fetched(wire), "INBOX", OPTIONS)
    assert (plain.uid, plain.document, plain.mdn_part) == (9, False, None)
    assert named.document and named.date and not subject_only.document
    # only the one naming a file (a literal inside its structure) reached the parser
    assert len(parsed) == 1 and b"UID 7 " in parsed[0]


def one_message(items, header):
    """The count's answer for one message: `items`, then the header fields as a literal."""
    return (b'* 1 FETCH (%s BODY[HEADER.FIELDS (SUBJECT MESSAGE-ID)] {%d}\r\n' % (items, len(header)) + header +
            b')\r\nA1 OK Fetch completed.\r\n')


def test_a_document_by_its_subject_alone_gets_its_date_and_flags():
    header = b"Subject: XDM/1.0/DDM+CR MARTINEZ-ZOLA Hortense 19500101\r\nMessage-ID: <s1@x>\r\n\r\n"
    wire = one_message(b'UID 4 INTERNALDATE "02-Jan-2025 10:00:00 +0000" FLAGS ($DPI_Integre) BODYSTRUCTURE '
                       b'("text" "plain" NIL NIL NIL "7bit" 2 1 NIL NIL NIL NIL)', header)
    [message] = messages_of(fetched(wire), "INBOX", OPTIONS)
    assert message.document and message.date == "2025-01-02T10:00:00Z" and OPTIONS.is_proven(message, frozenset())


class FakeSession:
    """Answers the guard's commands; records every command line."""

    mailbox = "a@ch.fr"

    def __init__(self, capabilities=("SEARCHRES", "UIDPLUS"), structures=WIRE):
        self.capabilities = set(capabilities)
        self.sent = []
        self.structures = structures

    def has(self, capability):
        return capability in self.capabilities

    def fetch_raw(self, uid):
        raise AssertionError("check mode exports nothing (UID %d)" % uid)

    def find(self, folder, criteria, readonly, items):
        self.sent.append("FIND %s" % folder.raw)
        return 10, 5, {7: {"size": 10, "date": "2025-01-02T09:00:00Z"}, 8: {"size": 5, "date": "2025-01-03T10:00:00Z"}}

    def find_entries(self, folder, criteria, readonly, items):
        """The journal's and the guard's header items in one FETCH: UID 7 announces parts, UID 8 one text."""
        self.sent.append("FIND %s (%s)" % (folder.raw, items))
        return 10, 5, fetched(HEADERS_WIRE)

    def fetch_entries(self, uids, items):
        self.sent.append("UID FETCH %s (%s)" % (",".join(str(uid) for uid in uids), items))
        return fetched(self.structures)

    def pipeline(self, lines):
        self.sent += lines
        answers = []
        for line in lines:
            untagged = {}
            if line.startswith("UID FETCH") and "BODYSTRUCTURE" in line and "$" not in line:
                untagged = {"FETCH": fetched(WIRE)}
            elif line.startswith("UID FETCH") and "BODY.PEEK[2]" in line:
                machine = b"Original-Message-ID: <d1@x>\r\nDisposition: automatic-action/x; processed\r\n"
                untagged = {"FETCH": fetched(b"* 3 FETCH (UID 3 BODY[2] {%d}\r\n" % len(machine) + machine +
                                             b")\r\nA1 OK done\r\n")}
            answers.append(Answer(line, "OK", [b"done"], untagged))
        return answers


def purge(policy, session):
    rule = parse_rules([{"name": "r", "folders": ["INBOX"], "older_than_days": 30, "patient_documents": policy}])[0]
    run = PurgeRun(True, Journal(None), now=NOW, documents=document_options({}, required=True))
    imap_backend._purge_folder(session, Folder("INBOX", "/", []), rule, run, set())
    return run


def test_ignore_sends_nothing_more_than_before():
    session = FakeSession()
    run = purge("ignore", session)
    assert session.sent == ["FIND INBOX"] and run.selected[0]["messages"] == 2


def test_keep_asks_structures_only_where_the_header_leaves_it_open():
    session = FakeSession()
    run = purge("keep", session)
    # one FETCH for the journal and the header; UID 7's header announces parts: only its structure is asked
    assert session.sent == ["FIND INBOX (UID RFC822.SIZE INTERNALDATE FLAGS "
                            "BODY.PEEK[HEADER.FIELDS (SUBJECT MESSAGE-ID CONTENT-TYPE CONTENT-DISPOSITION)])",
                            "UID FETCH 7 (UID BODYSTRUCTURE)"]
    assert run.selected[0]["messages"] == 1 and run.selected[0]["kept_patient_documents"] == 1
    assert run.selected[0]["bytes"] == 5  # UID 8 stays selected, with its size


def test_a_structure_the_server_no_longer_gives_keeps_the_message():
    session = FakeSession(structures=b"A1 OK Fetch completed.\r\n")
    run = purge("keep", session)
    assert run.selected[0]["kept_patient_documents"] == 1 and run.selected[0]["messages"] == 1


def test_mdn_machine_part_fetched_by_its_section():
    session = FakeSession()
    notification = OPTIONS.examine(3, "Accus&AOk-s", "", b'(("text" "plain" NIL NIL NIL "7bit" 1 1 NIL NIL NIL NIL)'
                                   b'("message" "disposition-notification" NIL NIL NIL "7bit" 9 NIL NIL NIL NIL) '
                                   b'"report" ("report-type" "disposition-notification") NIL NIL NIL)', "", "", [])
    assert mdn_proofs(session, [notification]) == {"d1@x"}
    assert session.sent == ['EXAMINE "Accus&AOk-s"', "UID FETCH 3 (BODY.PEEK[2])"]


def test_one_fetch_gives_the_journal_and_the_guard_their_fields():
    """A name inside a structure is never read as an item; a literal inside it goes to the full parser."""
    from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imap_documents import read_guarded
    from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imapwire import parse_fetch
    header = b"Message-ID: <m9@x>\r\nSubject: CR\r\n\r\n"
    tricky = (b'* 3 FETCH (UID 9 RFC822.SIZE 120 INTERNALDATE "03-Jan-2025 10:00:00 +0000" FLAGS (\\Seen) '
              b'BODYSTRUCTURE ("text" "plain" ("name" "UID 99 RFC822.SIZE 1") NIL NIL "7bit" 2 1 NIL NIL NIL NIL) '
              b'BODY[HEADER.FIELDS (MESSAGE-ID SUBJECT)] {%d}\r\n' % len(header) + header + b')\r\n')
    wire = tricky + WIRE.replace(b"(UID 7 ", b"(UID 7 RFC822.SIZE 30 ")
    entries = fetched(wire)
    meta, messages = read_guarded(FakeSession(), entries, "INBOX", OPTIONS, ("UID", "RFC822.SIZE", "INTERNALDATE", "FLAGS"))
    assert sorted(meta) == [7, 8, 9] and meta == parse_fetch(entries, ("RFC822.SIZE",))
    assert meta[9] == {"size": 120, "date": "2025-01-03T10:00:00Z", "saved": "", "message_id": "<m9@x>",
                       "flags": ["\\Seen"]}
    # UID 7's file name is a literal inside its structure: read by the full parser, size included
    assert meta[7]["size"] == 30 and meta[7]["message_id"] == "<d1@x>" and meta[7]["date"] == "2025-01-02T09:00:00Z"
    # UID 8 has no RFC822.SIZE before its structure: the full parser reads it (none: 0)
    assert meta[8]["size"] == 0 and meta[8]["message_id"] == ""
    by_uid = dict((m.uid, m) for m in messages)
    assert by_uid[7].document and OPTIONS.is_proven(by_uid[7], frozenset()) and not by_uid[8].document
    assert not by_uid[9].document and by_uid[9].message_id == "m9@x" and by_uid[9].date == "2025-01-03T10:00:00Z"
    assert [m.uid for m in messages_of(entries, "INBOX", OPTIONS)] == [9, 7, 8]


def test_only_one_unnamed_text_part_is_judged_by_its_header():
    plain = OPTIONS.plain_header
    assert plain("Subject: x\r\n\r\n") and plain("Content-Type: text/plain; charset=utf-8\r\n\r\n")
    assert plain("Content-Type: TEXT/HTML\r\nContent-Disposition: inline\r\n\r\n")
    for block in ("Content-Type: multipart/mixed; boundary=x\r\n", "Content-Type: application/zip\r\n",
                  'Content-Type: text/plain;\r\n name="IHE_XDM.ZIP"\r\n',
                  "Content-Type: text/plain\r\nContent-Disposition: attachment; filename=IHE_XDM.ZIP\r\n",
                  "Content-Type: text/plain\r\ncontent-type: multipart/mixed; boundary=y\r\n",
                  "Content-Type: multipart/report; report-type=disposition-notification\r\n",
                  "Content-Type: (note) text/plain\r\n", None):
        assert not plain(block), block
    assert not document_options({"content_types": ["application/zip"]}, required=True).plain_header("Subject: x\r\n")


def _structure_of_uid_7(name):
    return (b'* 1 FETCH (UID 7 BODYSTRUCTURE (("text" "plain" NIL NIL NIL "7bit" 2 1 NIL NIL NIL NIL)'
            b'("application" "octet-stream" ("name" "%s") NIL NIL "base64" 10 NIL NIL NIL NIL) "mixed" '
            b'("boundary" "x") NIL NIL NIL))\r\nA1 OK Fetch completed.\r\n' % name)


def test_a_plain_structure_on_one_line_is_judged_without_the_full_parser(monkeypatch):
    """Multipart mail that names no document file (a PDF, a name that mentions a UID) skips the
    parser; a structure naming IHE_XDM.ZIP goes through it and the message is kept."""
    from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore import imapwire
    parsed = []
    monkeypatch.setattr(imapwire, "parse_data",
                        lambda response, full=imapwire.parse_data: parsed.append(response) or full(response))
    for name in (b"compte-rendu.pdf", b"UID 8 BODYSTRUCTURE.pdf"):
        run = purge("keep", FakeSession(structures=_structure_of_uid_7(name)))
        assert run.selected[0]["messages"] == 2 and not run.selected[0].get("kept_patient_documents")
    assert parsed == []
    run = purge("keep", FakeSession(structures=_structure_of_uid_7(b"IHE_XDM.ZIP")))
    assert run.selected[0]["messages"] == 1 and run.selected[0]["kept_patient_documents"] == 1
    assert len(parsed) == 1 and b"UID 7 " in parsed[0]


def test_the_count_reads_the_uid_item_never_a_name_inside_the_structure():
    """A server may send BODYSTRUCTURE before UID: a file name reading 'UID 8' is not the message's UID."""
    wire = one_message(b'BODYSTRUCTURE ("text" "plain" ("name" "UID 8.txt") NIL NIL "7bit" 2 1 NIL NIL NIL NIL) '
                       b'UID 5 INTERNALDATE "02-Jan-2025 10:00:00 +0000" FLAGS ()',
                       b"Subject: CR\r\nMessage-ID: <u1@x>\r\n\r\n")
    [message] = messages_of(fetched(wire), "INBOX", OPTIONS)
    assert (message.uid, message.document, message.message_id) == (5, False, "u1@x")
