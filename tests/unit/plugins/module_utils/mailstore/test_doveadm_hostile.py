# SPDX-License-Identifier: GPL-3.0-or-later
"""The doveadm backend facing hostile folder names, logins and transports (#13 items 5, 7, 10, 11).

A small doveadm simulator answers like the real one: `mailbox NAME` is a pattern ('*', '%'),
fetch rows carry only the fields asked for. Transports are real (a fake doveadm program, a
local HTTP server), only the mail server is absent.
"""
import datetime as dt
import fnmatch
import http.server
import socket
import stat
import threading
import time

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.doveadm import DoveadmBackend, _iso, _meta
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.doveadm_run import (
    CliRunner, HttpRunner, Runner)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import ConfigError, MailstoreError
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.journal import Journal
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.mailboxes import normalize
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.purge import PurgeRun
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.rules import parse_rules

NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.timezone.utc)
OLD = str(int(dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc).timestamp()))
USERS = ("a@ch.fr", "b@ch.fr")


def _matches(pattern, name):
    """doveadm's mailbox pattern: '*' anything, '%' anything but the separator."""
    regex = fnmatch.translate(pattern.replace("[", "[[]").replace("?", "[?]")).replace(".*", "__STAR__")
    return fnmatch.re.match(regex.replace("%", "[^/]*").replace("__STAR__", ".*"), name) is not None


class Simulator(Runner):
    """{user: {folder: [uid, ...]}}, every message old and unflagged; expunge really deletes."""

    def __init__(self, folders):
        self.store = {user: {name: list(uids) for name, uids in folders.items()} for user in USERS}
        self.guids = {(user, name): "g-%s-%s" % (user, name) for user in USERS for name in folders}
        self.fetched_fields = []

    def run_many(self, jobs, json_output=True):
        return [self._one(args, users) for args, users in jobs]

    def _one(self, args, users):
        rows = []
        if args[:2] == ["mailbox", "status"]:
            for user in users:
                for name, uids in self.store[user].items():
                    if any(_matches(pattern, name) for pattern in args[3:]):
                        rows.append({"username": user, "mailbox": name, "messages": str(len(uids)),
                                     "uidvalidity": "7", "guid": self.guids[(user, name)]})
        elif args[0] == "fetch":
            fields = args[1].split()
            self.fetched_fields.append(args[1])
            pattern = args[args.index("mailbox") + 1]
            for user in users:
                for name, uids in self.store[user].items():
                    if _matches(pattern, name):
                        for uid in uids:
                            row = {"username": user, "uid": str(uid), "mailbox": name, "size.virtual": "10",
                                   "date.saved.unixtime": OLD, "date.received.unixtime": OLD,
                                   "hdr.message-id": "<%d@x>" % uid}
                            rows.append({k: v for k, v in row.items() if k == "username" or k in fields})
        elif args[0] == "expunge":
            self._expunge(args, users)
        return rows, {}

    def _expunge(self, args, users):
        pattern = args[args.index("mailbox") + 1]
        for position, word in enumerate(args):
            if word != "mailbox-guid":
                continue
            guid, uids = args[position + 1], args[position + 3]
            wanted = set()
            for part in uids.split(","):
                low, _sep, high = part.partition(":")
                wanted.update(range(int(low), int(high or low) + 1))
            for (user, name), folder_guid in self.guids.items():
                if folder_guid == guid and user in users and _matches(pattern, name):
                    self.store[user][name] = [uid for uid in self.store[user][name] if uid not in wanted]


def _entries(*logins):
    return [{"login": login, "type": "", "service": ""} for login in logins]


def _run(check_mode=False):
    return PurgeRun(check_mode, Journal(None), now=NOW)


@pytest.mark.parametrize("pattern", ["star*", "%"])
def test_wildcard_folder_name_never_widens_the_rule_and_counts_what_was_deleted(pattern):
    folders = {pattern: [1], "starlit": [1, 2, 3], "INBOX": [1, 2, 3, 4], "Keep/sub": [5]}
    runner = Simulator(folders)
    run = _run()
    DoveadmBackend(runner, folder_roles={"\\Trash": "T"}).purge(
        _entries(*USERS), parse_rules([{"name": "joker", "folders": [pattern], "older_than_days": 30}]), run)
    assert run.failures == []
    for user in USERS:
        assert runner.store[user] == dict(folders, **{pattern: []})  # only the folder named so
    summary = run.summary(2)
    assert summary["deleted_messages"] == summary["selected_messages"] == 2  # one per BAL, really
    assert {(e["mailbox"], e["folder"], e["messages"]) for e in run.deleted} == {(u, pattern, 1) for u in USERS}


def test_check_mode_reads_the_folder_of_each_row_too():
    runner = Simulator({"*": [1], "INBOX": [1, 2]})
    run = _run(check_mode=True)
    DoveadmBackend(runner, folder_roles={"\\Trash": "T"}).purge(
        _entries("a@ch.fr"), parse_rules([{"name": "r", "folders": ["*"], "older_than_days": 30}]), run)
    assert [(e["folder"], e["messages"]) for e in run.selected] == [("*", 1)]
    assert runner.fetched_fields == ["uid mailbox size.virtual date.saved.unixtime"]


def test_a_folder_named_like_an_option_stays_a_folder_on_the_cli():
    runner = CliRunner("doveadm")
    for args in (["fetch", "uid mailbox", "mailbox", "-rf", "all"],
                 ["mailbox", "status", "messages guid", "-rf", "INBOX"],
                 ["expunge", "mailbox", "-rf", "uid", "1"]):
        cmd = runner._command(args, "/tmp/users", True)
        words = 2 if args[0] == "mailbox" else 1
        dashes = cmd.index("--")
        assert cmd[dashes + 1:] == args[words:] and cmd.index("-F") < dashes


def _program(tmp_path, body):
    path = tmp_path / "fake-doveadm"
    path.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def test_usage_error_with_an_empty_json_answer_is_a_failure(tmp_path):
    program = _program(tmp_path, "echo '[]'; echo 'fetch: invalid option -- r' >&2; exit 64")
    with pytest.raises(MailstoreError) as caught:
        CliRunner(program).run(["fetch", "uid", "mailbox", "-rf", "all"], ["a@ch.fr"])
    assert "code 64" in str(caught.value) and "usage" in str(caught.value)


def test_global_error_code_without_user_lines_is_a_failure(tmp_path):
    program = _program(tmp_path, "echo '[]'; echo 'Error: dict_init(bogus:x) failed' >&2; exit 75")
    with pytest.raises(MailstoreError, match="code 75"):
        CliRunner(program).run(["dict", "iter", "bogus:x", "shared/"])


def test_per_user_errors_stay_per_user(tmp_path):
    program = _program(tmp_path, "echo '[]'; echo \"doveadm(a@ch.fr): Error: Mailbox T: Permission denied\" >&2; exit 75")
    rows, errors = CliRunner(program).run(["fetch", "uid", "mailbox", "T", "all"], ["a@ch.fr", "b@ch.fr"])
    assert rows == [] and list(errors) == ["a@ch.fr"]


class Broken(Runner):
    """A transport that fails on the n-th call (doveadm down, timed out, refused)."""

    def __init__(self, inner, fail_at=0):
        self.inner, self.calls, self.fail_at = inner, 0, fail_at

    def run_many(self, jobs, json_output=True):
        self.calls += 1
        if self.calls > self.fail_at:
            raise MailstoreError("doveadm fetch sans réponse après 30 s : relancez, ou augmentez timeout")
        return self.inner.run_many(jobs, json_output)


def test_transport_failure_while_planning_fails_each_bal_and_deletes_nothing():
    inner = Simulator({"INBOX": [1, 2]})
    run = _run()
    DoveadmBackend(Broken(inner), folder_roles={"\\Trash": "T"}).purge(
        _entries(*USERS), parse_rules([{"name": "r", "folders": ["INBOX"], "older_than_days": 30}]), run)
    assert sorted(f["mailbox"] for f in run.failures) == list(USERS)
    assert all("rien n'a été supprimé" in f["error"] and "sans réponse" in f["error"] for f in run.failures)
    assert inner.store["a@ch.fr"]["INBOX"] == [1, 2] and run.deleted == []


def test_transport_failure_during_expunge_is_an_unconfirmed_deletion():
    inner = Simulator({"INBOX": [1, 2]})
    run = _run()
    DoveadmBackend(Broken(inner, fail_at=1), folder_roles={"\\Trash": "T"}).purge(
        _entries(*USERS), parse_rules([{"name": "r", "folders": ["INBOX"], "older_than_days": 30}]), run)
    assert sorted(f["mailbox"] for f in run.failures) == list(USERS)
    assert all(f["error"].startswith("suppression non confirmée") for f in run.failures)
    assert {e["status"] for e in run.selected} == {"not_confirmed"}


def test_transport_failure_in_stats_gives_failures_not_a_crash():
    mailboxes, failures = DoveadmBackend(Broken(Simulator({})), folder_roles={"\\Trash": "T"}).stats(
        _entries(*USERS))
    assert mailboxes == [] and [f["mailbox"] for f in failures] == list(USERS)
    assert all(f["error"].startswith("BAL illisible") and not f["absent"] for f in failures)


def test_unreadable_last_login_dict_fails_every_bal_in_words():
    backend = DoveadmBackend(Broken(Simulator({})), folder_roles={"\\Trash": "T"}, last_login_dict="file:/x")
    mailboxes, failures = backend.stats(_entries(*USERS))
    assert mailboxes == [] and len(failures) == 2
    assert "last_login_dict file:/x" in failures[0]["error"]


def _refused_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Handler(http.server.BaseHTTPRequestHandler):
    answers = {}

    def do_POST(self):  # noqa: N802  (http.server's name)
        self.rfile.read(int(self.headers["Content-Length"]))
        status, body = self.answers[self.server.server_port]
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        del args


@pytest.fixture()
def http_doveadm():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def answering(status, body):
        _Handler.answers[server.server_port] = (status, body)
        return "http://127.0.0.1:%d/doveadm/v1" % server.server_port
    yield answering
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("answer, words", [
    (None, "connexion refusée"),
    ((500, b"oops"), "HTTP 500"),
    ((200, b"<html>"), "réponse illisible"),
    ((200, b'{"error": 1}'), "réponse inattendue"),
    ((200, b'[["error", {"type": "exitCode", "exitCode": 64}, "0\\ta@ch.fr"]]'), "a refusé la commande"),
])
def test_http_transport_faults_become_per_bal_failures(http_doveadm, answer, words):
    url = "http://127.0.0.1:%d/doveadm/v1" % _refused_port() if answer is None else http_doveadm(*answer)
    backend = DoveadmBackend(HttpRunner(url, "key", timeout=5), folder_roles={"\\Trash": "T"})
    mailboxes, failures = backend.stats(_entries(*USERS))
    assert mailboxes == [] and [f["mailbox"] for f in failures] == list(USERS)
    assert all(words in f["error"] and "Traceback" not in f["error"] for f in failures), failures
    run = _run()
    backend.purge(_entries(*USERS), parse_rules([{"name": "r", "folders": ["INBOX"], "older_than_days": 30}]), run)
    assert [f["mailbox"] for f in run.failures] == list(USERS) and run.deleted == []
    assert all(words in f["error"] for f in run.failures)


def test_a_line_feed_in_a_mailboxes_entry_fails_naming_it():
    with pytest.raises(ConfigError) as caught:
        normalize(["ok@ch.fr", {"login": "a@ch.fr\nb@ch.fr"}])
    assert str(caught.value).startswith("mailboxes[1] : « a@ch.fr\\nb@ch.fr » n'est pas une adresse")
    with pytest.raises(ConfigError, match=r"mailboxes\[0\] .*caractère interdit avant le @"):
        normalize(["*@ch.fr"])


def test_hostile_logins_never_reach_a_doveadm_user_list():
    runner = Simulator({"INBOX": [1]})
    backend = DoveadmBackend(runner, folder_roles={"\\Trash": "T"})
    mailboxes, failures = backend.stats(_entries("a@ch.fr\nb@ch.fr", "a@ch.fr"))
    assert [m["mailbox"] for m in mailboxes] == ["a@ch.fr"]  # counted once, b@ch.fr not doubled
    assert failures[0]["mailbox"] == "a@ch.fr\nb@ch.fr" and "caractère de contrôle" in failures[0]["error"]
    with pytest.raises(ConfigError, match="séparateur ou un joker"):
        CliRunner("doveadm").run_many([(["quota", "get"], ["a@ch.fr\nb@ch.fr"])])


def test_question_mark_login_is_refused_it_is_a_doveadm_wildcard(http_doveadm):
    backend = DoveadmBackend(HttpRunner(http_doveadm(200, b"[]"), "key"), folder_roles={"\\Trash": "T"})
    run = _run()
    backend.purge(_entries("a?c@ch.fr"), parse_rules([{"name": "r", "folders": ["INBOX"], "older_than_days": 30}]), run)
    assert run.failures[0]["mailbox"] == "a?c@ch.fr" and "« ? »" in run.failures[0]["error"]


def test_doveadm_dates_are_iso_8601_with_an_offset(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    try:
        assert _iso("1796096188") == "2026-12-01T03:36:28Z"
        assert _iso("2026-12-01 04:36:28") == "2026-12-01T03:36:28Z"  # local (Paris) time of the host
        assert _iso("hier") == "" and _iso("0") == ""
        meta = _meta({"uid": "1", "date.saved.unixtime": "1796096188", "date.received.unixtime": "1796096188"})
        assert meta["saved"] == meta["date"] == "2026-12-01T03:36:28Z"
    finally:
        monkeypatch.undo()
        time.tzset()
