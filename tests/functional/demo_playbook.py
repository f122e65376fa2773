# SPDX-License-Identifier: GPL-3.0-or-later
"""Run the collection's own playbooks with the demo inventory against a lab of the tests."""
import os
import re
import subprocess
import sys

import pytest

from lab import stack
from tests.functional.ansible_run import ROOT


# mssante_imap over IMAP (admin with proxy authorisation) on the lab's Dovecot, for -e overrides:
# the last activity then comes from the Sent folder, as on any non-Dovecot platform
IMAP_OVERRIDE = {"backend": "imap", "host": "{{ mssante_lab.imap.host }}", "port": "{{ mssante_lab.imap.imaps_port }}",
                 "security": "tls", "admin_user": "{{ mssante_lab.imap.admin_user }}",
                 "admin_password": "{{ mssante_lab.imap.admin_password }}", "ca_path": "{{ mssante_lab.tls.ca_cert }}",
                 "concurrency": 4}


def lab_fixture(name, staff, scope="module"):
    """A pytest fixture: the lab `name` seeded with `staff` people, stopped after its scope."""
    @pytest.fixture(scope=scope)
    def lab_state():
        state = stack.up(name, staff=staff)
        yield state
        stack.down(name)
    return lab_state


def playbook_process(inventory, playbook, *extra, lab_directory=None):
    """ansible-playbook playbooks/<playbook> with `inventory`, whatever its outcome (CompletedProcess).

    `lab_directory` is the lab the demo inventory reads (MSSANTE_LAB_DIR); without it, only
    the inventory's own `mssante_lab_dir` counts.
    """
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), ANSIBLE_NOCOLOR="1")
    env.pop("MSSANTE_LAB_DIR", None)
    if lab_directory:
        env["MSSANTE_LAB_DIR"] = lab_directory
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"),
               "-i", str(inventory), os.path.join(ROOT, "playbooks", playbook), *extra]
    return subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT, check=False)


def demo_playbook_process(lab_directory, playbook, *extra):
    """ansible-playbook playbooks/<playbook> on the lab, whatever its outcome (CompletedProcess)."""
    return playbook_process(os.path.join(ROOT, "inventories", "demo"), playbook, *extra,
                            lab_directory=lab_directory)


def recap_changed(stdout):
    """The changed count of the PLAY RECAP."""
    return int(re.search(r"changed=(\d+)", stdout.split("PLAY RECAP")[-1]).group(1))


def run_demo_playbook(lab_directory, playbook, *extra):
    """ansible-playbook playbooks/<playbook> on the lab; (output, changed count of the recap)."""
    proc = demo_playbook_process(lab_directory, playbook, *extra)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    return proc.stdout, recap_changed(proc.stdout)
