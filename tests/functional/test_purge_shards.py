# SPDX-License-Identifier: GPL-3.0-or-later
"""playbooks/purge_trash.yml on one platform cut into two shard hosts by LDAP filter, run in
parallel by forks: check mode changes nothing, the shards share no mailbox, together they
delete exactly what the rule selects for every directory account, and a rerun changes nothing."""
import json
import os
import re
import shutil
import string
import sys

import yaml

from lab import stack
from tests.functional.ansible_run import ROOT
from tests.functional.demo_playbook import lab_fixture, playbook_process, recap_changed
from tests.functional.ldap_fixtures import lab_ldapsearch
from tests.functional.test_mailstore_purge import rule_matches, snapshot, trash_query

LAB = "pytest-shards"
FIRST_HALF = "(|%s)" % "".join("(uid=%s*)" % letter for letter in string.ascii_lowercase[:13])
SHARDS = {"shard_a_m": "(&(objectClass=inetOrgPerson)%s)" % FIRST_HALF,
          "shard_n_z": "(&(objectClass=inetOrgPerson)(!%s))" % FIRST_HALF}
lab_state = lab_fixture(LAB, staff=16)


def shard_inventory(path, state):
    shutil.copytree(os.path.join(ROOT, "inventories", "demo", "group_vars"), path / "group_vars")
    hosts = {}
    for host, ldap_filter in SHARDS.items():
        hosts[host] = {
            "ansible_connection": "local", "ansible_python_interpreter": sys.executable,
            "mssante_lab_dir": state["directory"],
            # a purge shard: its own directory slice, no platform-wide discovery, no Annuaire
            "mssante_ldap": {"server_uri": ["{{ mssante_lab.ldap.uri }}"], "start_tls": True,
                             "bind_dn": "{{ mssante_lab.ldap.bind_dn }}", "bind_pw": "{{ mssante_lab.ldap.bind_pw }}",
                             "ca_path": "{{ mssante_lab.tls.ca_cert }}", "dn": "{{ mssante_lab.ldap.base }}",
                             "filter": ldap_filter},
            "mssante_imap": {"backend": "doveadm", "doveadm_config": "{{ mssante_lab.imap.config_path }}",
                             "discover": False},
            "mssante_annuaire": {},
            "mssante_report_dir": "{{ mssante_lab_dir }}/reports/{{ inventory_hostname }}",
            "mssante_state_dir": "{{ mssante_lab_dir }}/state/{{ inventory_hostname }}"}
    (path / "hosts.yml").write_text(yaml.safe_dump({"mssante_platforms": {"hosts": hosts}}), encoding="utf-8")


def purge(inventory, *extra):
    proc = playbook_process(inventory, "purge_trash.yml", "-f", "2", *extra)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    return proc.stdout


def directory_mails(state):
    out = lab_ldapsearch(state, "(objectClass=inetOrgPerson)", "mail")
    return {line.split(": ", 1)[1].strip() for line in out.splitlines() if line.startswith("mail: ")}


def journal_mailboxes(state, host):
    path = os.path.join(state["directory"], "reports", host, "journal", "trash.jsonl")
    if not os.path.exists(path):
        return set()
    with open(path, encoding="utf-8") as handle:
        return {json.loads(line)["mailbox"] for line in handle}


def mailboxes_per_shard(output):
    """{host: BAL count} from each shard's purge summary."""
    return {host: int(count) for host, count in re.findall(
        r"ok: \[(\w+)\] => \{\s*\"msg\": \[\s*\"Corbeilles : [^\"]* dans \d+ BAL sur (\d+) ;", output)}


def test_two_shards_purge_the_platform_once(lab_state, tmp_path):
    shard_inventory(tmp_path, lab_state)
    server = stack.dovecot_of(lab_state["directory"])
    before = snapshot(server)
    purge(tmp_path, "--check")
    assert snapshot(server) == before
    owned = directory_mails(lab_state)
    expected = {key for key in rule_matches(server, trash_query()) if key[0] in owned}
    output = purge(tmp_path)
    gone = set(before) - set(snapshot(server))
    assert gone == expected and expected
    first, second = journal_mailboxes(lab_state, "shard_a_m"), journal_mailboxes(lab_state, "shard_n_z")
    assert not first & second and first | second == {key[0] for key in gone}
    counts = mailboxes_per_shard(output)
    on_server = {login for login, _folder, _uid in before}
    assert all(counts.get(host) for host in SHARDS)
    assert sum(counts.values()) == len(owned & on_server)
    again = purge(tmp_path)
    assert recap_changed(again) == 0 and "changed=1" not in again.split("PLAY RECAP")[-1]
