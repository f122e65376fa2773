# SPDX-License-Identifier: GPL-3.0-or-later
"""The three checks every fault case makes, and the runs they read."""
import json
import os
from dataclasses import dataclass

from tests.functional.demo_playbook import demo_playbook_process, recap_changed

# what an unhandled exception looks like in ansible-playbook output
CRASH_MARKERS = ("Traceback (most recent call last)", "MODULE FAILURE", "Unexpected Exception")


@dataclass
class Run:
    returncode: int
    output: str  # stdout + stderr
    changed: int


def run_lab(lab, playbook, *extra, **extra_vars):
    """playbooks/<playbook> with the demo inventory on `lab`; extra_vars override it (JSON)."""
    args = (["-e", json.dumps(extra_vars)] if extra_vars else []) + list(extra)
    proc = demo_playbook_process(lab["directory"], playbook, *args)
    return Run(proc.returncode, proc.stdout + proc.stderr, recap_changed(proc.stdout))


def api_double_vars(lab, double, base):
    """Extra vars pointing the demo inventory at a FHIR double of `lab`, outputs under `base`."""
    return {"mssante_report_dir": str(base / "rapports"), "mssante_state_dir": str(base / "etat"),
            "mssante_annuaire": {"source": "api", "api_url": double.url, "api_key": lab["annuaire"]["api_key"],
                                 "ca_path": lab["tls"]["ca_cert"]}}


def assert_no_crash(output):
    for marker in CRASH_MARKERS:
        assert marker not in output, output[-4000:]


def assert_clear_failure(run, *names):
    """The run failed, said so in words naming each of `names`, and did not crash."""
    assert run.returncode != 0, run.output[-4000:]
    assert_no_crash(run.output)
    for name in names:
        assert name in run.output, (name, run.output[-4000:])


def assert_completes(run):
    assert run.returncode == 0, run.output[-4000:]
    assert_no_crash(run.output)


# rewritten (with its date) by every complete Annuaire read, before any later fault
LAST_GOOD_READ = "annuaire-derniere-lecture.json"


def snapshot(directory, caches=True):
    """{relative path: bytes} of every file under `directory` but the Annuaire's last good read;
    without `caches`, also but the purges' selection plans (the audit's preview rewrites them at
    each run, whatever fails after it)."""
    found = {}
    for root, _dirs, names in os.walk(directory):
        if not caches and os.path.basename(os.path.dirname(root)) == "plans":
            continue
        for name in names:
            if name == LAST_GOOD_READ:
                continue
            path = os.path.join(root, name)
            with open(path, "rb") as handle:
                found[os.path.relpath(path, directory)] = handle.read()
    return found
