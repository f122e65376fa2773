# SPDX-License-Identifier: GPL-3.0-or-later
"""The audit role's `report` entry point reads the inventory snapshot by path when the inventory
role published it (mssante_inventory_snapshot_file), the seven arguments otherwise: same report.

No server: the inventory is the lab establishment as the source modules return it.
"""

import datetime as dt
import json
import os
import subprocess
import sys

from lab import establishment as lab
from lab.module_outputs import lab_sources
from tests.functional.ansible_run import ROOT
from ansible_collections.mssante.hygiene.plugins.module_utils import inventory_snapshot

PLAY = """
- name: Rapport d'audit sur un inventaire donné
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Croiser les sources et écrire le rapport
      ansible.builtin.include_role:
        name: mssante.hygiene.audit
        tasks_from: report
    - name: Garder le résultat
      ansible.builtin.copy:
        content: "{{ mssante_audit_result | to_json }}"
        dest: "{{ result_file }}"
        mode: "0600"
"""


def _inventory():
    now = dt.datetime.now(dt.timezone.utc).replace(minute=0, second=0, microsecond=0)
    accounts, bals, situations, mailboxes, identity = lab_sources(lab.build(staff=12, now=now))
    domains = identity.pop("domains")
    inventory = {"accounts": accounts, "bals": bals, "practitioners": situations, "mailboxes": mailboxes,
                 "mailbox_failures": [], "mailbox_absent_evidence": {}, "connections": [], "annuaire_complete": True}
    return inventory, identity, domains


def _run(work, variables):
    os.makedirs(work)
    play, extra, result = (os.path.join(work, name) for name in ("play.yml", "vars.json", "result.json"))
    with open(play, "w", encoding="utf-8") as handle:
        handle.write(PLAY)
    with open(extra, "w", encoding="utf-8") as handle:
        json.dump(dict(variables, result_file=result, mssante_report_dir=os.path.join(work, "rapports"),
                       mssante_state_dir=os.path.join(work, "etat"), ansible_python_interpreter=sys.executable), handle)
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), ANSIBLE_NOCOLOR="1")
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,", "-c", "local",
               play, "-e", "@" + extra]
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    with open(result, encoding="utf-8") as handle:
        return json.load(handle)


def _undated(document, stamp):
    return json.loads(json.dumps(document, ensure_ascii=False).replace(json.dumps(stamp), '"maintenant"'))


def _report(work):
    with open(os.path.join(work, "rapports", "audit.json"), encoding="utf-8") as handle:
        document = json.load(handle)
    return _undated(document, document["generated_at"])


def test_the_report_by_path_is_the_report_by_arguments(tmp_path):
    inventory, identity, domains = _inventory()
    common = {"mssante_establishment": identity, "mssante_domains": domains, "mssante_inventory": inventory}
    by_args = _run(str(tmp_path / "args"), dict(common, mssante_inventory_snapshot_file={}))
    written = inventory_snapshot.write(str(tmp_path / "inventaire.json"), inventory,
                                       inventory_snapshot.sources_fingerprint({"test": "audit"}), [])
    published = {"path": written["path"], "sha256": written["sha256"]}
    by_path = _run(str(tmp_path / "path"), dict(common, mssante_inventory_snapshot_file=published))
    # "load": the module read the snapshot (it is the only one to time that phase)
    assert "load" in by_path["timings"] and "load" not in by_args["timings"]
    assert _report(str(tmp_path / "path")) == _report(str(tmp_path / "args"))
    assert by_path["summary"] == by_args["summary"]
