# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared role pieces are documented entry points that ansible-core checks, and each purge role
exposes its own result (no role reads another's internal variables)."""
from tests.functional.ansible_run import run_playbook


def _include(name, tasks_from=None, **variables):
    include = {"name": "mssante.hygiene.%s" % name}
    if tasks_from:
        include["tasks_from"] = tasks_from
    return {"name": "include %s" % name, "ansible.builtin.include_role": include, "vars": variables}


def test_disabled_trash_and_ruleless_retention_expose_an_empty_result(tmp_path):
    tasks = [
        _include("trash", mssante_trash={"enabled": False}, mssante_mailboxes=["a@ch.mssante.fr"]),
        _include("retention", mssante_mailboxes=["a@ch.mssante.fr"]),
        {"name": "results", "ansible.builtin.assert": {
            "that": ["mssante_trash_report == {}", "mssante_retention_report == {}"]}},
    ]
    code, output = run_playbook(tmp_path, tasks, json_output=False)
    assert code == 0, output[-3000:]


def test_purge_entry_point_checks_its_plan(tmp_path):
    tasks = [_include("retention", "purge", retention_plan={"name": "x", "title": "X", "safety": {}})]
    code, output = run_playbook(tmp_path, tasks, json_output=False)
    assert code != 0
    assert "arg spec 'purge'" in output
    assert "missing required arguments: rules found in retention_plan" in output


def test_request_entry_point_checks_its_kind(tmp_path):
    tasks = [_include("redlist", "request", redlist_request_kind="purge", redlist_request_label="X",
                      redlist_request_bals=[])]
    code, output = run_playbook(tmp_path, tasks, json_output=False)
    assert code != 0
    assert "arg spec 'request'" in output
    assert "redlist_request_kind must be one of: liste_rouge, suppression" in output
