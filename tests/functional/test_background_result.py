# SPDX-License-Identifier: GPL-3.0-or-later
"""mssante.hygiene.background_result: a module started in the background (async, poll: 0) gives
its own result to the task that waits for it - values, changed, its French failure, warnings -
in check mode too, and its job's status file (personal data) is erased once read."""

import os
import socket

import pytest

from tests.functional.ansible_run import run_playbook


def _closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(module, args):
    return {"name": "Commencer", module: args, "async": 600, "poll": 0, "changed_when": False, "register": "job"}


WAIT = {"name": "Attendre", "mssante.hygiene.background_result": {"job": "{{ job }}"}, "register": "waited"}


@pytest.fixture(name="async_dir")
def async_dir_fixture(tmp_path, monkeypatch):
    directory = tmp_path / "jobs"
    monkeypatch.setenv("ANSIBLE_ASYNC_DIR", str(directory))
    return directory


@pytest.mark.parametrize("check", [False, True])
def test_the_waiting_task_is_the_module_result_and_the_status_file_goes(tmp_path, async_dir, check):
    snapshot = tmp_path / "absent.json"
    tasks = [_start("mssante.hygiene.inventory_snapshot_info", {"path": str(snapshot), "sources": "x"}), WAIT]
    code, results = run_playbook(tmp_path, tasks, extra_args=["--check"] if check else [])
    assert code == 0
    started, waited = results
    assert started["ansible_job_id"] and not started["changed"]
    assert waited["usable"] is False and "absent" in waited["reason"]
    assert "ansible_job_id" not in waited and "results_file" not in waited
    assert not os.listdir(async_dir), "the job's status file must be erased once read"


def test_a_failed_background_module_fails_the_waiting_task_with_its_french_message(tmp_path, async_dir):
    port = _closed_port()
    tasks = [_start("mssante.hygiene.mailstore_info", {
        "backend": "imap", "host": "127.0.0.1", "port": port, "security": "none",
        "admin_user": "mssante-admin", "admin_password": "mot-de-passe-secret",
        "mailboxes": ["jean.dupont@ch-exemple.mssante.fr"]}), WAIT]
    code, results = run_playbook(tmp_path, tasks)
    assert code != 0
    waited = results[-1]
    assert waited["_task"] == "Attendre" and waited["_status"] == "failed"
    assert waited["msg"].startswith("aucune BAL n'a pu être lue (1 en échec)")
    assert "127.0.0.1:%d" % port in waited["msg"]
    assert "mot-de-passe-secret" not in str(results)
    assert not os.listdir(async_dir)


def test_waiting_for_a_skipped_start_names_the_argument(tmp_path):
    tasks = [dict(_start("mssante.hygiene.inventory_snapshot_info", {"path": "/nonexistent", "sources": "x"}),
                  when=False), WAIT]
    code, results = run_playbook(tmp_path, tasks)
    assert code != 0
    assert results[-1]["msg"].startswith("job : la tâche lancée en arrière-plan a été sautée")


def test_a_large_result_stays_in_the_variable_not_on_the_console(tmp_path, async_dir):
    """Megabytes (the audit's findings at 10,000 BAL) reach the callbacks as the outcome only;
    the registered variable keeps every byte; -vvv shows them."""
    file = tmp_path / "gros.txt"
    file.write_bytes(b"x" * 1500000)
    big = {"name": "Commencer", "ansible.builtin.slurp": {"src": str(file)},
           "async": 600, "poll": 0, "changed_when": False, "register": "job"}
    count = {"name": "Compter", "ansible.builtin.debug": {"msg": "{{ waited.content | length }}"}}
    code, results = run_playbook(tmp_path, [big, WAIT, count])
    assert code == 0, results
    assert "content" not in results[1] and "censored" in results[1]
    assert str(results[2]["msg"]) == "2000000"
    code, results = run_playbook(tmp_path, [big, WAIT], extra_args=["-vvv"])
    assert code == 0 and len(results[1]["content"]) == 2000000
