# SPDX-License-Identifier: GPL-3.0-or-later
"""The audit playbook (batched sources) vs. the same gathering as one Ansible task per mailbox.

Seeds a lab of N mailboxes (default 1,000), times `playbooks/audit.yml` on it, then times a
playbook that gathers the same three sources mailbox by mailbox (a loop: one module run per
BAL and per source) on a subset, and extrapolates that to N. Prints the ratio (target >= 50x).

    .venv/bin/python bench/bench_audit.py [--staff 1000] [--subset 40]
"""

import argparse
import json
import os
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [os.path.join(ROOT, ".colls"), ROOT, os.path.dirname(os.path.abspath(__file__))]

from ansible_collections.mssante.hygiene.plugins.module_utils.inventory_snapshot import read  # noqa: E402
from lab import stack  # noqa: E402
from playbook_run import run_playbook  # noqa: E402

LAB = "bench-audit"

PER_MAILBOX_PLAY = """
- name: One task per mailbox (the naive way)
  hosts: mssante_platforms
  gather_facts: false
  tasks:
    - name: Directory, one search per address
      mssante.hygiene.directory_info:
        server_uri: "{{ mssante_ldap.server_uri }}"
        bind_dn: "{{ mssante_ldap.bind_dn }}"
        bind_pw: "{{ mssante_ldap.bind_pw }}"
        start_tls: true
        ca_path: "{{ mssante_ldap.ca_path }}"
        dn: "{{ mssante_ldap.dn }}"
        mails: ["{{ item }}"]
      loop: "{{ subset }}"
    - name: Annuaire, one lookup per address
      mssante.hygiene.annuaire_info:
        source: api
        api_url: "{{ mssante_annuaire.api_url }}"
        api_key: "{{ mssante_annuaire.api_key }}"
        ca_path: "{{ mssante_annuaire.ca_path }}"
        rate_limit: 17
        mailboxes: ["{{ item }}"]
      loop: "{{ subset }}"
    - name: Mail platform, one sweep per mailbox
      mssante.hygiene.mailstore_info:
        backend: doveadm
        doveadm_config: "{{ mssante_imap.doveadm_config }}"
        mailboxes: ["{{ item }}"]
      loop: "{{ subset }}"
"""


def playbook(path, env, *extra):
    return run_playbook(path, env, *extra, measure_modules=False).wall


def audit_env(state):
    return dict(os.environ, MSSANTE_LAB_DIR=state["directory"],
                ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"))


def audit_summary(state):
    with open(os.path.join(state["directory"], "reports", "audit.json"), encoding="utf-8") as handle:
        return json.load(handle)["summary"]


def audited_addresses(state):
    """The BALs the audit just inventoried (its snapshot), sorted."""
    snapshot = read(os.path.join(state["directory"], "state", "inventaire.json"))
    return sorted(m["mailbox"] for m in snapshot["inventory"]["mailboxes"])


def per_mailbox_seconds(env, subset):
    """Wall time of the naive play (one module run per BAL and per source) over `subset`."""
    with tempfile.NamedTemporaryFile("w", suffix=".yml", dir=ROOT, delete=False) as handle:
        handle.write(PER_MAILBOX_PLAY)
    try:
        return playbook(handle.name, env, "-e", json.dumps({"subset": subset}))
    finally:
        os.unlink(handle.name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=1000)
    parser.add_argument("--subset", type=int, default=40)
    args = parser.parse_args()
    started = time.perf_counter()
    state = stack.up(LAB, staff=args.staff)
    print("lab of %d professionals seeded in %.1f s" % (args.staff, time.perf_counter() - started))
    env = audit_env(state)
    try:
        batched = playbook(os.path.join(ROOT, "playbooks", "audit.yml"), env)
        total = audit_summary(state)["mailboxes"]
        subset = audited_addresses(state)[:args.subset]
        naive = per_mailbox_seconds(env, subset)
    finally:
        stack.down(LAB)
    naive_total = naive * total / len(subset)
    print("audit.yml (inventory + audit + purge preview), %d BAL: %.1f s" % (total, batched))
    print("one task per mailbox, %d BAL: %.1f s -> extrapolated to %d BAL: %.0f s"
          % (len(subset), naive, total, naive_total))
    print("ratio per-mailbox / batched: %.0fx (target >= 50x)" % (naive_total / batched))


if __name__ == "__main__":
    main()
