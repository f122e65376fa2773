# SPDX-License-Identifier: GPL-3.0-or-later
"""The Annuaire Santé answers "nothing" by mistake while liste rouge requests are pending (#13 item 1).

Before, zero BALs was taken as "nothing is published": every pending liste rouge was confirmed and
the deletion role asked the operator to delete BALs still published. Now an Annuaire read not
proven complete concludes nothing: the playbooks stop with a French message, the ledger and the
request files stay byte for byte; a playbook calling operator_request directly with such
observations is warned and changes nothing; once the Annuaire answers in full again, the rerun
confirms what the operator really did."""
import json
import os

from lab import fhir_daemon
from tests.functional.ansible_run import run_playbook
from tests.functional.faults.helpers import assert_clear_failure, assert_completes, assert_no_crash, run_lab, snapshot
from tests.functional.test_operator_request import task


def _write_resources(lab, resources):
    fhir_daemon.publish(lab["directory"], resources)


def _ledger(run_dirs):
    with open(os.path.join(run_dirs["mssante_state_dir"], "ledger.json"), encoding="utf-8") as handle:
        return {(r["kind"], r["address"]): r["state"] for r in json.load(handle)["requests"]}


def _files(run_dirs):
    return {name: snapshot(path) for name, path in run_dirs.items()}


def test_incomplete_annuaire_confirms_creates_withdraws_nothing(fault_lab, run_dirs, tmp_path):
    assert_completes(run_lab(fault_lab, "redlist.yml", **run_dirs))
    pending = sorted(a for (kind, a), state in _ledger(run_dirs).items() if state == "pending")
    assert pending, _ledger(run_dirs)
    before = _files(run_dirs)

    path = os.path.join(fault_lab["directory"], fhir_daemon.RESOURCES)
    with open(path, encoding="utf-8") as handle:
        original = handle.read()
    published = json.loads(original)
    try:
        _write_resources(fault_lab, [])  # HTTP 200, a Bundle with no entry for our establishment
        for playbook in ("redlist.yml", "deletion.yml"):
            broken = run_lab(fault_lab, playbook, **run_dirs)
            assert_clear_failure(broken, "Annuaire Santé", "api_url")
    finally:
        _write_resources(fault_lab, published)
    assert _files(run_dirs) == before  # nothing confirmed, no deletion request, files as they were

    # a playbook calling the module directly with the same empty answer: warned, nothing concluded
    state_dir = run_dirs["mssante_state_dir"]
    direct_task = task(state_dir, "liste_rouge", [], published=[], mailboxes=pending, annuaire_complete=False)
    direct_task["mssante.hygiene.operator_request"]["output_dir"] = str(tmp_path / "direct")
    code, results = run_playbook(tmp_path, [direct_task])
    assert code == 0, results
    direct = results[0]
    assert (direct["confirmed"], direct["withdrawn"], direct["pending"]) == ([], [], pending)
    assert any("n'est pas prouvée complète (observations.annuaire_complete" in w for w in direct["warnings"])
    assert_no_crash(json.dumps(direct, ensure_ascii=False))
    assert _files(run_dirs) == before  # the ledger as it was

    # the Annuaire answers in full again; the operator red-listed the first pending BAL
    done = pending[0]
    for resource in published:
        resource["telecom"] = [t for t in resource.get("telecom", []) if t.get("value") != done]
    try:
        _write_resources(fault_lab, published)
        assert_completes(run_lab(fault_lab, "redlist.yml", **run_dirs))
    finally:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(original)
    states = _ledger(run_dirs)
    assert states[("liste_rouge", done)] == "confirmed"
    assert all(states[("liste_rouge", a)] == "pending" for a in pending[1:]), states
