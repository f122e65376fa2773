# SPDX-License-Identifier: GPL-3.0-or-later
"""The lab Dovecot is the real thing: loopback only, master user, TLS, save dates, last login."""
import datetime as dt
import imaplib
import ssl

import pytest

from lab.dovecot import TRASH
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.folders import encode_mutf7


def _listening_addresses(port):
    found = set()
    for line in open("/proc/net/tcp", encoding="ascii").read().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hexport = local.split(":")
        if int(hexport, 16) == port and state == "0A":
            found.add(address)
    return found


def test_listens_on_loopback_only(mail_platform):
    server = mail_platform.dovecot
    for port in (server.imap_port, server.imaps_port, server.doveadm_http_port):
        assert _listening_addresses(port) == {"0100007F"}


def test_master_user_login_forms(mail_platform):
    server = mail_platform.dovecot
    owner = mail_platform.login(0)
    conn = imaplib.IMAP4(server.host, server.imap_port)
    assert conn.login("%s*%s" % (owner, server.admin_user), server.admin_password)[0] == "OK"
    conn.logout()
    conn = imaplib.IMAP4(server.host, server.imap_port)
    token = ("%s\0%s\0%s" % (owner, server.admin_user, server.admin_password)).encode()
    assert conn.authenticate("PLAIN", lambda _: token)[0] == "OK"
    status, data = conn.select("INBOX", readonly=True)
    assert status == "OK" and int(data[0]) > 0
    conn.logout()


def test_wrong_admin_password_is_refused(mail_platform):
    server = mail_platform.dovecot
    conn = imaplib.IMAP4(server.host, server.imap_port)
    with pytest.raises(imaplib.IMAP4.error):
        conn.login("%s*%s" % (mail_platform.login(0), server.admin_user), "wrong")
    conn.shutdown()


def test_tls_verified_with_lab_ca_only(mail_platform):
    server = mail_platform.dovecot
    trusted = ssl.create_default_context(cafile=server.ca_cert)
    conn = imaplib.IMAP4_SSL(server.host, server.imaps_port, ssl_context=trusted)
    conn.logout()
    conn = imaplib.IMAP4(server.host, server.imap_port)
    conn.starttls(ssl_context=trusted)
    conn.logout()
    with pytest.raises(ssl.SSLCertVerificationError):
        imaplib.IMAP4_SSL(server.host, server.imaps_port, ssl_context=ssl.create_default_context())


def test_savedbefore_finds_the_seeded_old_trash_mail(mail_platform):
    server = mail_platform.dovecot
    owner = mail_platform.login(8)  # trash_overdue: Trash never emptied, oldest 400 days
    expected = sum(1 for item in mail_platform.summary[owner]["trash"] if item["age_days"] >= 30)
    assert expected > 0
    conn = imaplib.IMAP4(server.host, server.imap_port)
    conn.login("%s*%s" % (owner, server.admin_user), server.admin_password)
    conn.select('"%s"' % encode_mutf7(TRASH), readonly=True)
    limit = (dt.date.today() - dt.timedelta(days=30)).strftime("%d-%b-%Y")
    status, data = conn.uid("SEARCH", "SAVEDBEFORE", limit)
    conn.logout()
    assert status == "OK" and len(data[0].split()) == expected
    native = server.doveadm("search", "-u", owner, "mailbox", TRASH, "savedbefore", "30d")
    assert len(native.splitlines()) == expected


def test_last_login_dict_readable_and_untouched_by_admin(mail_platform):
    server = mail_platform.dovecot
    inactive, never = mail_platform.login(0), mail_platform.login(10)
    before = server.last_login(inactive)
    age = dt.datetime.now(dt.timezone.utc).timestamp() - before
    assert 119 * 86400 < age < 121 * 86400
    assert server.last_login(never) is None
    conn = imaplib.IMAP4(server.host, server.imap_port)
    conn.login("%s*%s" % (inactive, server.admin_user), server.admin_password)
    conn.logout()
    assert server.last_login(inactive) == before
    listed = server.doveadm("dict", "iter", server.last_login_dict, "shared/last-login/")
    assert inactive in listed and never not in listed
    answer = server.doveadm_http([["dictGet", {"dictUri": server.last_login_dict,
                                               "key": "shared/last-login/" + inactive}, "t"]])
    assert answer[0][0] == "doveadmResponse" and int(answer[0][1][0]["value"]) == before


def test_state_is_json_ready(mail_platform):
    import json

    state = json.loads(json.dumps(mail_platform.dovecot.state()))
    assert state["host"] == "127.0.0.1" and state["admin_user"]
