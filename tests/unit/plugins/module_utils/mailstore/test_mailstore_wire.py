# SPDX-License-Identifier: GPL-3.0-or-later
"""IMAP wire helpers: UID sets, dates, SASL PLAIN, FETCH/STATUS/QUOTA parsing (no server)."""
import base64
import datetime as dt

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imapwire import (
    chunks, compress_uids, expand_uids, fetch_dates, imap_date, parse_fetch, parse_internaldate,
    parse_quota, parse_status, quotable, quote, response_code, sasl_plain)


@pytest.mark.parametrize("uids, text", [
    ([], ""), ([7], "7"), ([1, 2, 3], "1:3"), ([3, 1, 2, 7], "1:3,7"), ([5, 5, 6], "5:6"),
    ([1, 3, 5], "1,3,5"), ([10, 11, 12, 20, 21, 30], "10:12,20:21,30"),
])
def test_compress_uids(uids, text):
    assert compress_uids(uids) == text
    assert expand_uids(text) == sorted(set(uids))


def test_chunks_keep_order_and_size():
    assert [len(c) for c in chunks(range(1201), 500)] == [500, 500, 201]


def test_dates_are_locale_independent():
    assert imap_date(dt.date(2026, 2, 3)) == "03-Feb-2026"
    assert parse_internaldate("26-Nov-2026 08:36:07 +0100") == "2026-11-26T07:36:07Z"
    assert parse_internaldate(" 6-Jan-2025 23:00:00 -0200") == "2025-01-07T01:00:00Z"


def test_sasl_plain_and_quoting():
    assert base64.b64decode(sasl_plain("bal@ch", "admin", "s3cr\u00e9t")) == "bal@ch\0admin\0s3cr\u00e9t".encode()
    assert quote('a"b\\c') == '"a\\"b\\\\c"'
    assert quotable("Lab-boite-1") and not quotable("mot de passe\r\n") and not quotable("s3cr\u00e9t")


def test_parse_fetch_with_header_literal():
    entries = [
        (b'1 (UID 41 RFC822.SIZE 2450 INTERNALDATE "01-Sep-2026 10:00:00 +0000" FLAGS (\\Seen) '
         b'SAVEDATE "02-Sep-2026 10:00:00 +0200" BODY[HEADER.FIELDS (MESSAGE-ID)] {30}',
         b"Message-ID: <a1@ch-exemple>\r\n\r\n"),
        b")",
        b'2 (UID 42 RFC822.SIZE 10 FLAGS ())',
    ]
    meta = parse_fetch(entries)
    assert meta[41] == {"size": 2450, "date": "2026-09-01T10:00:00Z", "saved": "2026-09-02T08:00:00Z",
                        "message_id": "<a1@ch-exemple>", "flags": ["\\Seen"]}
    assert meta[42]["message_id"] == "" and meta[42]["size"] == 10
    assert fetch_dates([b'1 (INTERNALDATE "01-Sep-2026 10:00:00 +0000")', b'9 (SAVEDATE "02-Sep-2026 10:00:00 +0000")'],
                       "SAVEDATE") == ["2026-09-02T10:00:00Z"]


def test_parse_status_quota_and_codes():
    statuses = parse_status([b'"&AMk-l&AOk-ments supprim&AOk-s" (MESSAGES 40 UNSEEN 2 SIZE 51200)', b'INBOX (MESSAGES 3)'])
    assert statuses["&AMk-l&AOk-ments supprim&AOk-s"] == {"MESSAGES": 40, "UNSEEN": 2, "SIZE": 51200}
    assert statuses["INBOX"] == {"MESSAGES": 3}
    assert parse_quota([b'"User quota" (STORAGE 84 204800)']) == (84 * 1024, 204800 * 1024)
    assert parse_quota([]) == (-1, -1)
    assert response_code([b"[UIDVALIDITY 1794819576] UIDs valid"], "UIDVALIDITY") == "1794819576"


def test_merge_items_asks_each_item_once_structure_last():
    from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imapwire import fetch_names, merge_items
    items = "UID RFC822.SIZE SAVEDATE INTERNALDATE FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"
    merged = merge_items(items, "UID INTERNALDATE FLAGS BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS (SUBJECT MESSAGE-ID)]")
    assert merged == ("UID RFC822.SIZE SAVEDATE INTERNALDATE FLAGS BODYSTRUCTURE "
                      "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID SUBJECT)]")
    assert fetch_names(items) == ("UID", "RFC822.SIZE", "INTERNALDATE", "SAVEDATE", "FLAGS")
    assert parse_fetch([b'1 (UID 3 SAVEDATE NIL FLAGS NIL)']) == {
        3: {"size": 0, "date": "", "saved": "", "message_id": "", "flags": []}}
