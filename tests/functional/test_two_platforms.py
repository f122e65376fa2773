# SPDX-License-Identifier: GPL-3.0-or-later
"""Two mail platforms in one inventory, audited in parallel by Ansible forks (one host each), then
merged into one group report with every server stopped (the group report reads files only)."""
import json
import os
import shutil
import sys

import yaml

from lab import stack
from tests.functional.ansible_run import ROOT
from tests.functional.demo_playbook import playbook_process, recap_changed

LABS = ("pytest-ght-a", "pytest-ght-b")


def test_two_platforms_in_parallel(tmp_path):
    states = [stack.up(name, staff=12) for name in LABS]
    try:
        inventory = tmp_path / "inventory"
        shutil.copytree(os.path.join(ROOT, "inventories", "demo", "group_vars"), inventory / "group_vars")
        hosts = {name.replace("-", "_"): {"ansible_connection": "local",
                                          "ansible_python_interpreter": sys.executable,
                                          "mssante_lab_dir": state["directory"]}
                 for name, state in zip(LABS, states)}
        (inventory / "hosts.yml").write_text(yaml.safe_dump({"mssante_platforms": {"hosts": hosts}}),
                                             encoding="utf-8")
        proc = playbook_process(inventory, "audit.yml", "-f", "2")
        assert proc.returncode == 0, proc.stdout[-3000:]
        reports = {}
        for host, state in zip(hosts, states):
            assert "%s " % host in proc.stdout.split("PLAY RECAP")[-1]
            with open(os.path.join(state["directory"], "reports", "audit.json"), encoding="utf-8") as handle:
                reports[host] = json.load(handle)
            assert reports[host]["platform"] == host and reports[host]["summary"]["findings"] > 0
    finally:
        for name in LABS:
            stack.down(name)
    _group_report_without_servers(inventory, tmp_path / "groupe", reports)


def _group_report_without_servers(inventory, group_dir, reports):
    """report_group.yml with the labs down: merged audit.json = both platforms, sums; rerun changed=0."""
    group_vars = ["-e", json.dumps({"mssante_group_report_dir": str(group_dir), "mssante_group_name": "GHT Exemple"})]
    proc = playbook_process(inventory, "report_group.yml", *group_vars)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert "2 plateformes fusionnées" in proc.stdout
    with open(group_dir / "audit.json", encoding="utf-8") as handle:
        group = json.load(handle)
    assert group["platform"] == "GHT Exemple"
    assert [line["platform"] for line in group["platforms"]] == sorted(reports)
    for key in ("mailboxes", "findings", "trash_bytes"):
        assert group["summary"][key] == sum(r["summary"][key] for r in reports.values()), key
    for code, count in group["summary"]["by_code"].items():
        assert count == sum(r["summary"]["by_code"][code] for r in reports.values()), code
    assert {m["platform"] for m in group["mailboxes"]} == set(reports)
    assert sorted(os.listdir(group_dir))[:3] == ["audit.csv", "audit.html", "audit.json"]
    again = playbook_process(inventory, "report_group.yml", *group_vars)
    assert again.returncode == 0 and recap_changed(again.stdout) == 0, again.stdout[-3000:]
