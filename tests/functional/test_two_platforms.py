# SPDX-License-Identifier: GPL-3.0-or-later
"""Two mail platforms in one inventory, audited in parallel by Ansible forks (one host each)."""
import json
import os
import shutil
import sys

import yaml

from lab import stack
from tests.functional.ansible_run import ROOT
from tests.functional.demo_playbook import playbook_process

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
        for host, state in zip(hosts, states):
            assert "%s " % host in proc.stdout.split("PLAY RECAP")[-1]
            with open(os.path.join(state["directory"], "reports", "audit.json"), encoding="utf-8") as handle:
                report = json.load(handle)
            assert report["platform"] == host and report["summary"]["findings"] > 0
    finally:
        for name in LABS:
            stack.down(name)
