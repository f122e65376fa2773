# SPDX-License-Identifier: GPL-3.0-or-later
"""The request ledger (mssante_state_dir/ledger.json) is corrupt or its writer is killed.

A corrupt ledger stops the run with a message naming the file; the file is kept as it is for the
operator (never reset: that would forget requests already sent) and no request file changes;
once the ledger is restored, the same run completes and asks for nothing twice. A writer killed
at any moment leaves the old ledger or the new one, never a torn one."""
import os
import signal
import subprocess
import sys
import time

from ansible_collections.mssante.hygiene.plugins.module_utils.requests import ledger
from ansible_collections.mssante.hygiene.plugins.module_utils.state_lock import StateLock
from tests.functional.ansible_run import ROOT, run_playbook
from tests.functional.faults.helpers import (
    assert_clear_failure, assert_completes, assert_no_crash, run_lab, snapshot)
from tests.functional.test_operator_request import ALICE, finding, task


def _tear(path):
    """Cut the ledger in the middle, as a full disk or a hand edit would; the good bytes back."""
    good = path.read_bytes()
    path.write_bytes(good[:len(good) // 2])
    return good


def test_corrupt_ledger_is_a_clear_error_and_kept(tmp_path):
    state = tmp_path / "state"
    item = task(state, "liste_rouge", [finding(ALICE, "inactive", "liste_rouge")], published=[ALICE])
    assert run_playbook(tmp_path, [item])[0] == 0
    good = _tear(state / "ledger.json")
    before = snapshot(state)
    code, results = run_playbook(tmp_path, [item])
    assert code != 0
    msg = results[0]["msg"]
    assert "registre des demandes %s corrompu" % (state / "ledger.json") in msg
    assert_no_crash(msg + results[0].get("exception", ""))
    assert snapshot(state) == before  # the torn ledger is kept, no request file rewritten

    (state / "ledger.json").write_bytes(good)
    code, results = run_playbook(tmp_path, [item])
    assert code == 0 and results[0]["changed"] is False and results[0]["pending"] == [ALICE]


def test_corrupt_ledger_stops_redlist_playbook(fault_lab, run_dirs, tmp_path):
    assert_completes(run_lab(fault_lab, "redlist.yml", **run_dirs))
    path = tmp_path / "etat" / "ledger.json"
    good = _tear(path)
    before = snapshot(tmp_path, caches=False)

    failed = run_lab(fault_lab, "redlist.yml", **run_dirs)
    assert_clear_failure(failed, "registre des demandes %s corrompu" % path, "restaurez-le depuis une sauvegarde")
    assert snapshot(tmp_path, caches=False) == before  # ledger kept as found; requests/ and reports untouched

    path.write_bytes(good)
    rerun = run_lab(fault_lab, "redlist.yml", **run_dirs)
    assert_completes(rerun)
    assert rerun.changed == 0  # nothing asked twice


WRITER = r"""
import sys
sys.path.insert(0, sys.argv[2])
from ansible_collections.mssante.hygiene.plugins.module_utils.requests import ledger
from ansible_collections.mssante.hygiene.plugins.module_utils.records import Request
path = sys.argv[1]
n = 0
print("ready", flush=True)
while True:
    n += 1
    data = ledger.empty()
    for i in range(20000):  # a few MiB per write
        address = "bal%05d@ch-exemple.mssante.fr" % i
        data["requests"][ledger.key("liste_rouge", address)] = Request(
            address=address, kind="liste_rouge", operator="Op", detail="x" * 100,
            history=[{"state": "pending", "at": "2026", "run_id": "gen%d" % n}])
    ledger.save(path, data)
    if len(sys.argv) > 3:  # "once": one whole ledger, then stop
        break
"""


def test_sigkill_during_ledger_writes_leaves_a_whole_ledger(tmp_path):
    path = tmp_path / "ledger.json"
    # a whole ledger first: on a loaded machine no write may complete before the kills below
    subprocess.run([sys.executable, "-c", WRITER, str(path), os.path.join(ROOT, ".colls"), "once"],
                   stdout=subprocess.DEVNULL, check=True)
    for delay in (0.3, 0.7, 1.1, 1.6):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), os.path.join(ROOT, ".colls")],
                                stdout=subprocess.PIPE)
        assert proc.stdout.readline().strip() == b"ready"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        if path.exists():
            data = ledger.load(str(path))  # parses: old or new, never torn
            assert len(data["requests"]) == 20000
            runs = {r.history[0]["run_id"] for r in data["requests"].values()}
            assert len(runs) == 1
    # the next run: takes the lock, clears the killed writer's temp files, writes
    with StateLock(str(tmp_path)):
        ledger.remove_stale_temps(str(tmp_path))
        data = ledger.load(str(path))
        data["requests"].popitem()
        assert ledger.save(str(path), data) is True
    assert len(ledger.load(str(path))["requests"]) == 19999
    assert sorted(os.listdir(tmp_path)) == ["ledger.json", "ledger.lock"]
