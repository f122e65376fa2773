# SPDX-License-Identifier: GPL-3.0-or-later
"""mailstore_info's memory of patient documents per folder, on a real Dovecot: an unchanged folder
is not read again, a changed one is (new mail, expunge, a keyword), and every count equals a
count made without the memory."""
import imaplib
import json
import os
import subprocess
import time

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.documents_cache import FILE_NAME
from lab import faketime
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.folders import encode_mutf7
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.service import run_info
from tests.functional.patient_mail import KEYWORD, XDM_SUBJECT, document, mdn, plain, plant

PASSWORD = "Docs-boite-1"
ACKS = "Accusés de réception"


def mid(name):
    return "<%s@ch-partenaire.mssante.fr>" % name


def planted():
    return [("INBOX", document(mid("doc.pending"), XDM_SUBJECT), 300, []),
            ("INBOX", document(mid("doc.mdn")), 200, []),
            ("INBOX", plain(mid("plain.1")), 100, []),
            ("Archives", document(mid("doc.archive")), 900, []),
            ("Archives", plain(mid("plain.2")), 800, []),
            (ACKS, mdn(mid("mdn.ok"), mid("doc.mdn")), 190, [])]


BACKENDS = ("imap", "doveadm", "doveadm-http")
LOGINS = dict((backend, ["cache.%s.%s@ch-exemple.mssante.fr" % (case, backend)
                         for case in ("change", "keyword", "corrupt", "check", "disk", "migrated")])
              for backend in BACKENDS)


@pytest.fixture(scope="module")
def server(empty_dovecot):
    plant(empty_dovecot, {login: planted() for logins in LOGINS.values() for login in logins}, password=PASSWORD)
    return empty_dovecot


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


def params(server, login, state_dir=None, keywords=(), backend="imap"):
    base = {"backend": "imap", "host": server.host, "port": server.imaps_port, "security": "tls",
            "admin_user": server.admin_user, "admin_password": server.admin_password,
            "ca_path": server.ca_cert, "validate_certs": True, "timeout": 10, "mailboxes": [login],
            "patient_documents": {"proof": {"keywords": list(keywords)}},
            "state_dir": str(state_dir) if state_dir else None}
    if backend == "doveadm":
        base.update(backend="doveadm", doveadm_config=server.config_path)
    elif backend == "doveadm-http":
        base.update(backend="doveadm", port=server.doveadm_http_port, security="none",
                    doveadm_api_key=server.doveadm_api_key)
    return base


def audit(server, login, state_dir, keywords=(), check_mode=False, backend="imap"):
    """(counts, documents_cache summary, warnings), the counts checked against a run without memory."""
    warnings = []
    result = run_info(params(server, login, state_dir, keywords, backend), check_mode=check_mode, warnings=warnings)
    truth = run_info(params(server, login, None, keywords, backend))
    assert result["failures"] == []
    assert result["mailboxes"][0]["patient_documents"] == truth["mailboxes"][0]["patient_documents"]
    assert "documents_cache" not in truth
    return result["mailboxes"][0]["patient_documents"], result["documents_cache"], warnings


def as_owner(server, login, action):
    conn = imaplib.IMAP4(server.host, server.imap_port)
    try:
        conn.login(login, PASSWORD)
        action(conn)
    finally:
        conn.logout()


def reused_and_read(summary):
    """(folders not read, read from their remembered UIDNEXT on, read whole)."""
    return summary["folders_reused"], summary["folders_read_new"], summary["folders_read"]


def test_unchanged_folders_are_not_read_again_and_changes_are(server, tmp_path, backend):
    login = LOGINS[backend][0]
    counts, summary, _warnings = audit(server, login, tmp_path, backend=backend)
    assert counts == {"total": 3, "integrated": 1, "pending": 2, "oldest_pending": counts["oldest_pending"]}
    assert summary["start"] == "absent" and reused_and_read(summary) == (0, 0, 3)
    assert oct(os.stat(tmp_path / FILE_NAME).st_mode & 0o777) == "0o600"
    stored = (tmp_path / FILE_NAME).read_text(encoding="utf-8")
    assert "ZOLA" not in stored and "doc.pending@ch-partenaire.mssante.fr" in stored  # Message-IDs, no Subject

    written = os.stat(tmp_path / FILE_NAME).st_mtime_ns
    again, summary, _warnings = audit(server, login, tmp_path, backend=backend)
    assert again == counts and summary["start"] == "reprise" and reused_and_read(summary) == (3, 0, 0)
    assert os.stat(tmp_path / FILE_NAME).st_mtime_ns == written  # nothing changed: the file is left alone

    as_owner(server, login, lambda conn: conn.append("INBOX", None, imaplib.Time2Internaldate(time.time()),
                                                     document(mid("doc.new")).as_bytes()))
    counts, summary, _warnings = audit(server, login, tmp_path, backend=backend)
    assert (counts["total"], counts["pending"]) == (4, 3) and reused_and_read(summary) == (2, 1, 0)

    def expunge_archive(conn):
        conn.select('"Archives"')
        conn.store("1", "+FLAGS", "(\\Deleted)")
        conn.expunge()
    as_owner(server, login, expunge_archive)
    counts, summary, _warnings = audit(server, login, tmp_path, backend=backend)
    assert counts["total"] == 3 and reused_and_read(summary) == (2, 1, 0)

    def expunge_mdn(conn):  # the proof goes: its document is pending again
        conn.select('"%s"' % encode_mutf7(ACKS))
        conn.store("1", "+FLAGS", "(\\Deleted)")
        conn.expunge()
    as_owner(server, login, expunge_mdn)
    counts, summary, _warnings = audit(server, login, tmp_path, backend=backend)
    # the folder now empty is not opened at all
    assert (counts["integrated"], counts["pending"]) == (0, 3) and reused_and_read(summary) == (2, 0, 0)

    def recreate_archive(conn):  # same name, new UIDVALIDITY: nothing remembered holds
        conn.delete('"Archives"')
        conn.create('"Archives"')
        conn.append('"Archives"', None, imaplib.Time2Internaldate(time.time() - 86400 * 700),
                    document(mid("doc.archive.2")).as_bytes())
    as_owner(server, login, recreate_archive)
    counts, summary, _warnings = audit(server, login, tmp_path, backend=backend)
    assert counts["total"] == 4 and reused_and_read(summary) == (1, 0, 1)


def test_a_keyword_set_since_is_seen_through_highestmodseq(server, tmp_path, backend):
    login = LOGINS[backend][1]
    counts, _summary, _warnings = audit(server, login, tmp_path, keywords=[KEYWORD], backend=backend)
    assert counts["integrated"] == 1

    def mark(conn):
        conn.select("INBOX")
        conn.store("1", "+FLAGS", "(%s)" % KEYWORD)
    as_owner(server, login, mark)
    counts, summary, _warnings = audit(server, login, tmp_path, keywords=[KEYWORD], backend=backend)
    assert counts["integrated"] == 2 and reused_and_read(summary) == (2, 1, 0)
    # other options: nothing stored answers them
    _counts, summary, _warnings = audit(server, login, tmp_path, backend=backend)
    assert summary["start"] == "autre" and reused_and_read(summary) == (0, 0, 3)


def test_a_line_that_does_not_read_back_is_read_again(server, tmp_path, backend):
    login = LOGINS[backend][2]
    audit(server, login, tmp_path, backend=backend)
    path = tmp_path / FILE_NAME
    head, line = path.read_text(encoding="utf-8").splitlines()
    data = json.loads(line)
    data["folders"][0][2] = "pas une liste"
    path.write_text("%s\n%s\n{\"login\": tronq\n" % (head, json.dumps(data)), encoding="utf-8")
    counts, summary, _warnings = audit(server, login, tmp_path, backend=backend)
    assert counts["total"] == 3 and reused_and_read(summary) == (0, 0, 3) and summary["unreadable_lines"] == 2
    path.write_text("<html>502 Bad Gateway</html>\n", encoding="utf-8")
    _counts, summary, _warnings = audit(server, login, tmp_path, backend=backend)
    assert summary["start"] == "illisible" and reused_and_read(summary) == (0, 0, 3)


def test_check_mode_writes_nothing_and_a_full_disk_only_warns(server, tmp_path, backend):
    _counts, summary, _warnings = audit(server, LOGINS[backend][3], tmp_path, check_mode=True, backend=backend)
    assert summary["folders_read"] == 3 and not (tmp_path / FILE_NAME).exists()
    blocked = tmp_path / "pas-un-dossier"
    blocked.write_text("", encoding="utf-8")
    counts, _summary, warnings = audit(server, LOGINS[backend][4], blocked, backend=backend)
    assert counts["total"] == 3
    assert len(warnings) == 1 and "mémoire des documents patients non écrite" in warnings[0], warnings


def test_a_message_saved_with_an_old_date_has_its_folder_read_whole(server, tmp_path, backend):
    """doveadm learns what arrived from the save dates: a message that arrives with an old one (a
    migration, a restore) is not described by that query, the UID listing shows it, and its folder
    is read whole instead of being counted from half a read."""
    login = LOGINS[backend][5]
    audit(server, login, tmp_path, backend=backend)

    def save(folder, message, env=None):
        subprocess.run(["doveadm", "-k", "-c", server.config_path, "save", "-u", login, "-m", folder],
                       input=message.as_bytes(), check=True, env=env)
    save("INBOX", document(mid("doc.migrated")), faketime.environment("-30d"))
    # three folders changed: all in one query, Archives and the acknowledgements settled from it;
    # the MDN that arrives proves the document that arrives, whatever happens to INBOX
    save("Archives", document(mid("doc.today")))
    save(ACKS, mdn(mid("mdn.today"), mid("doc.today")))
    counts, summary, _warnings = audit(server, login, tmp_path, backend=backend)
    assert (counts["total"], counts["integrated"]) == (5, 2)
    assert reused_and_read(summary) == ((0, 3, 0) if backend == "imap" else (0, 2, 1))
