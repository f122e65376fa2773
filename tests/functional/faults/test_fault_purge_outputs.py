# SPDX-License-Identifier: GPL-3.0-or-later
"""Purge outputs under faults, on a real Dovecot through ansible-playbook (#13 items 3, 4, 11):
two logins whose export names used to collide, a journal on a full or read-only file system
(a small tmpfs), a torn last line. Each case: clear French message, no traceback, nothing lost,
the rerun finishes and the journal has exactly one line per deleted message."""
import contextlib
import errno
import imaplib
import json
import os
import shutil
import ssl
import subprocess
import tempfile
import time

import pytest

from lab.dovecot import Dovecot
from tests.functional.ansible_run import run_playbook

DOMAIN = "ch-exemple.mssante.fr"
# '+' and '=' both became '_' in the old export names, and the names were cut at 120 characters:
# one export overwrote the other
LONG = "x" * 64 + "@radiologie-interventionnelle-et-imagerie.centre-hospitalier-exemple-"
LOGINS = ["a+b@" + DOMAIN, "a=b@" + DOMAIN, LONG + "1.fr", LONG + "2.fr"]
PASSWORD = "Lab-boite-1"
RULE = {"name": "vieux", "folders": ["INBOX"], "older_than_days": 30, "date": "received"}


@pytest.fixture(scope="module")
def dovecot(lab_certs):
    directory = tempfile.mkdtemp(prefix="mssante-dovecot-purge-outputs-")
    server = Dovecot(directory, lab_certs)
    server.extra_config = "auth_username_chars =\n"  # Dovecot's default refuses '+' and '='
    server.add_users([(login, PASSWORD) for login in LOGINS])
    server.start()
    yield server
    server.stop()
    shutil.rmtree(directory, ignore_errors=True)


def _imap(server, login):
    context = ssl.create_default_context(cafile=server.ca_cert)
    connection = imaplib.IMAP4_SSL(server.host, server.imaps_port, ssl_context=context)
    connection.login(login, PASSWORD)
    return connection


def seed(server, per_login=2):
    """per_login messages received 400 days ago in each INBOX (and one recent, kept)."""
    old = time.time() - 400 * 86400
    for login in LOGINS:
        connection = _imap(server, login)
        for index in range(per_login + 1):
            when = old if index < per_login else time.time()
            raw = ("From: x@%s\r\nTo: %s\r\nMessage-ID: <%s-%d-%f@lab>\r\nSubject: t\r\n\r\ncorps de %s\r\n"
                   % (DOMAIN, login, login, index, time.time(), login)).encode("utf-8")
            connection.append("INBOX", None, imaplib.Time2Internaldate(when), raw)
        connection.logout()


def inbox(server):
    """{(login, uid)} of every message on the platform."""
    rows = json.loads(server.doveadm("-f", "json", "fetch", "-A", "uid", "mailbox", "INBOX"))
    return {(row["username"], int(row["uid"])) for row in rows}


def purge(server, tmp_path, **options):
    task = {"name": "purge", "mssante.hygiene.mailstore_purge": dict({
        "host": server.host, "port": server.imaps_port, "security": "tls", "ca_path": server.ca_cert,
        "admin_user": server.admin_user, "admin_password": server.admin_password,
        "mailboxes": LOGINS, "rules": [RULE], "max_delete_ratio": 1.0}, **options)}
    _rc, results = run_playbook(tmp_path, [task])
    result = results[-1]
    # ansible-core 2.19 adds exception="(traceback unavailable)" to any fail_json
    assert "Traceback" not in str(result.get("exception", "")) + str(result.get("msg")), result
    assert "MODULE FAILURE" not in str(result.get("msg")), result
    return result


def journal_lines(path):
    return [json.loads(line) for line in open(path, encoding="utf-8").read().splitlines()]


@contextlib.contextmanager
def small_tmpfs(tmp_path):
    mount = tmp_path / "petit-disque"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode:
        pytest.skip("mount tmpfs impossible ici (root requis) : %s" % done.stderr.decode(errors="replace"))
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(directory):
    """Fill the file system of `directory`; returns the filler's path."""
    path = os.path.join(str(directory), "remplissage")
    with open(path, "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 512)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return path


def test_colliding_logins_each_keep_their_export(dovecot, tmp_path):
    seed(dovecot)
    before = inbox(dovecot)
    journal, export = tmp_path / "journal.jsonl", tmp_path / "exports" / "eml"
    result = purge(dovecot, tmp_path, journal_path=str(journal), export_dir=str(export), run_id="nuit-1")
    assert result["_status"] == "ok" and result["failures"] == [], result
    gone = before - inbox(dovecot)
    assert {login for login, _uid in gone} == set(LOGINS) and len(gone) >= 8
    exported = sorted(export.rglob("*.eml"))
    assert len(exported) == len(gone)  # one file per deleted message, none overwritten
    bodies = {path.read_bytes() for path in exported}
    for login in LOGINS:
        assert sum(("corps de %s" % login).encode() in body for body in bodies) == \
            sum(1 for who, _uid in gone if who == login)
    assert not list(export.rglob("*.part"))
    for directory in [export.parent, export] + [p for p in export.rglob("*") if p.is_dir()]:
        assert oct(os.stat(str(directory)).st_mode & 0o777) == oct(0o700), directory
    assert len(journal_lines(journal)) == len(gone)
    assert all(line["saved"] for line in journal_lines(journal))  # ISO 8601, never empty


def test_full_disk_under_the_journal_then_rerun(dovecot, tmp_path):
    seed(dovecot)
    with small_tmpfs(tmp_path) as disk:
        journal = disk / "journal" / "purge.jsonl"
        journal.parent.mkdir()
        # an older run's lines fill most of one page: the next append is cut by the full disk
        old = json.dumps({"run_id": "ancien", "uid": 0, "mailbox": "x@" + DOMAIN}) + "\n"
        journal.write_text(old * (4000 // len(old)), encoding="utf-8")
        kept_text = journal.read_text(encoding="utf-8")
        filler = fill(disk)
        before = inbox(dovecot)
        result = purge(dovecot, tmp_path, journal_path=str(journal))
        assert result["_status"] == "failed", result
        assert "journal_path" in result["msg"] and "plus de place sur le disque" in result["msg"], result["msg"]
        assert "Errno" not in result["msg"] and "4 BAL sur 4" in result["msg"], result["msg"]
        assert inbox(dovecot) == before  # nothing deleted without its journal line
        assert journal.read_text(encoding="utf-8") == kept_text  # no torn line left behind
        os.unlink(filler)
        # as the old code left it: a torn last line; the rerun must not glue its first record to it
        with open(str(journal), "a", encoding="utf-8") as handle:
            handle.write('{"run_id": "coupé", "mail')
        result = purge(dovecot, tmp_path, journal_path=str(journal))
        assert result["_status"] == "ok" and result["failures"] == [], result
        assert result.get("journal_repaired") is True
        gone = before - inbox(dovecot)
        text = journal.read_text(encoding="utf-8").splitlines()
        assert text[-len(gone) - 1] == '{"run_id": "coupé", "mail'
        new = [json.loads(line) for line in text[-len(gone):]]
        assert {(line["mailbox"], line["uid"]) for line in new} == gone and len(new) == len(gone)


def test_read_only_journal_and_export_dirs(dovecot, tmp_path):
    seed(dovecot, per_login=1)
    with small_tmpfs(tmp_path) as disk:
        (disk / "journal").mkdir()
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        before = inbox(dovecot)
        result = purge(dovecot, tmp_path, journal_path=str(disk / "journal" / "purge.jsonl"))
        assert result["_status"] == "failed", result
        assert result["msg"].startswith("journal_path") and "lecture seule" in result["msg"], result["msg"]
        result = purge(dovecot, tmp_path, journal_path=str(tmp_path / "j.jsonl"), export_dir=str(disk / "eml"))
        assert result["_status"] == "failed" and "export_dir" in result["msg"], result
        assert "lecture seule" in result["msg"] and "Errno" not in result["msg"], result["msg"]
        assert inbox(dovecot) == before


def test_export_on_a_full_disk_keeps_the_mail_and_leaves_no_part_file(dovecot, tmp_path):
    seed(dovecot, per_login=1)
    with small_tmpfs(tmp_path) as disk:
        (disk / "eml").mkdir()
        filler = fill(disk)
        before = inbox(dovecot)
        result = purge(dovecot, tmp_path, journal_path=str(tmp_path / "j.jsonl"), export_dir=str(disk / "eml"))
        assert result["_status"] == "failed", result
        assert "export_dir" in result["msg"] and "plus de place sur le disque" in result["msg"], result["msg"]
        assert inbox(dovecot) == before
        assert not [p for p in (disk / "eml").rglob("*") if p.is_file()]  # no .eml.part left
        os.unlink(filler)
        result = purge(dovecot, tmp_path, journal_path=str(tmp_path / "j.jsonl"), export_dir=str(disk / "eml"))
        assert result["_status"] == "ok" and result["failures"] == [], result
        gone = before - inbox(dovecot)
        assert len(list((disk / "eml").rglob("*.eml"))) == len(gone) == len(journal_lines(tmp_path / "j.jsonl"))
