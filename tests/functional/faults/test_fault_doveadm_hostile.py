# SPDX-License-Identifier: GPL-3.0-or-later
"""The doveadm backend against a real Dovecot with hostile folder names (`*`, `%`, `-rf`), a
login carrying a line feed, and doveadm out of reach (HTTP API port closed, CLI that hangs):
each case gives French words naming the folder, entry or parameter, never a traceback;
nothing outside the rule is deleted; the rerun completes (#13 items 5, 7, 10)."""
import json
import shutil
import stat
import subprocess
import tempfile

import pytest

from lab import faketime
from lab.dovecot import Dovecot
from lab.ports import free_ports
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import ConfigError
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.service import run_info, run_purge

USERS = ("alice@ch-hostile.fr", "bob@ch-hostile.fr")
HOSTILE = ("*", "%", "-rf")
OTHERS = ("INBOX", "starlit", "Keep")  # old mail the rules must never reach
OLD = "2025-01-01 10:00:00"


@pytest.fixture(scope="module")
def hostile_dovecot(lab_certs):
    server = Dovecot(tempfile.mkdtemp(prefix="mssante-doveadm-hostile-"), lab_certs)
    server.start()
    server.add_users([(user, "pw-" + user) for user in USERS])
    for user in USERS:
        for folder in HOSTILE + OTHERS[1:]:
            server.doveadm("mailbox", "create", "-u", user, "--", folder)
        for folder in HOSTILE + OTHERS:
            for _copy in range(2):  # two old messages per folder, saved back then
                subprocess.run(["doveadm", "-k", "-c", server.config_path, "save", "-u", user, "-m", folder],
                               input=b"Subject: old\n\nbody\n", check=True, env=faketime.environment("@" + OLD))
    yield server
    server.stop()
    shutil.rmtree(server.directory, ignore_errors=True)


def snapshot(server):
    rows = json.loads(server.doveadm("-f", "json", "fetch", "-A", "mailbox uid", "all"))
    return {(r["username"], r["mailbox"], int(r["uid"])) for r in rows}


def params(server, tmp_path, rules, **extra):
    base = {"backend": "doveadm", "doveadm_config": server.config_path, "mailboxes": list(USERS),
            "rules": rules, "max_delete_ratio": 1.0, "timeout": 10, "validate_certs": True,
            "journal_path": str(tmp_path / "journal.jsonl")}
    base.update(extra)
    return base


def journaled(tmp_path):
    return [json.loads(line) for line in (tmp_path / "journal.jsonl").read_text(encoding="utf-8").splitlines()]


def test_hostile_folder_names_are_literal_names_and_the_count_is_true(hostile_dovecot, tmp_path):
    server = hostile_dovecot
    before = snapshot(server)
    rules = [{"name": "joker-%d" % index, "folders": [folder], "older_than_days": 30}
             for index, folder in enumerate(HOSTILE)]
    result = run_purge(params(server, tmp_path, rules), check_mode=False, diff=False)
    assert result["failures"] == []
    gone = before - snapshot(server)
    assert gone == {key for key in before if key[1] in HOSTILE}  # nothing in INBOX, starlit, Keep
    assert result["summary"]["deleted_messages"] == len(gone) == 2 * 2 * len(HOSTILE)
    lines = journaled(tmp_path)
    assert {(l["mailbox"], l["folder"], l["uid"]) for l in lines} == gone
    assert all(l["saved"].endswith("Z") and l["saved"].startswith("2025-01-01") for l in lines)
    again = run_purge(params(server, tmp_path, rules), check_mode=False, diff=False)
    assert again["failures"] == [] and again["summary"]["selected_messages"] == 0


def test_a_line_feed_in_a_login_fails_naming_the_entry_and_deletes_nothing(hostile_dovecot, tmp_path):
    server = hostile_dovecot
    before = snapshot(server)
    rules = [{"name": "boite", "folders": ["Keep"], "older_than_days": 30}]
    hostile = ["%s\n%s" % USERS]
    with pytest.raises(ConfigError) as caught:
        run_purge(params(server, tmp_path, rules, mailboxes=hostile), check_mode=False, diff=False)
    assert str(caught.value).startswith("mailboxes[0] : « %s\\n%s » n'est pas une adresse" % USERS)
    assert snapshot(server) == before
    info = run_info(params(server, tmp_path, rules, mailboxes=list(USERS)))
    assert info["failures"] == [] and sorted(m["mailbox"] for m in info["mailboxes"]) == list(USERS)


def test_doveadm_out_of_reach_gives_per_bal_failures_then_the_rerun_completes(hostile_dovecot, tmp_path):
    server = hostile_dovecot
    before = snapshot(server)
    rules = [{"name": "boite", "folders": ["Keep"], "older_than_days": 30}]
    closed = {"doveadm_api_key": server.doveadm_api_key, "host": server.host, "port": free_ports(1)[0],
              "security": "none", "folder_roles": {"\\Trash": "Corbeille"}}
    hung = tmp_path / "doveadm-hung"
    hung.write_text("#!/bin/sh\nsleep 60\n", encoding="utf-8")
    hung.chmod(hung.stat().st_mode | stat.S_IXUSR)
    for broken in (closed, {"doveadm_bin": str(hung), "timeout": 1}):
        purge = run_purge(params(server, tmp_path, rules, **broken), check_mode=False, diff=False)
        info = run_info(params(server, tmp_path, rules, **broken))
        for failures in (purge["failures"], info["failures"]):
            assert sorted(f["mailbox"] for f in failures) == list(USERS)
            words = failures[0]["error"]
            assert ("connexion refusée" in words or "sans réponse après 10 s" in words) and "Traceback" not in words
        assert snapshot(server) == before and purge["deleted"] == []
    rerun = run_purge(params(server, tmp_path, rules), check_mode=False, diff=False)
    assert rerun["failures"] == [] and rerun["summary"]["deleted_messages"] == 2 * len(USERS)
