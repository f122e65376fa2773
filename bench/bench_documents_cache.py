# SPDX-License-Identifier: GPL-3.0-or-later
"""What mailstore_info's per-folder memory of patient documents (state_dir) saves a nightly audit.

    .venv/bin/python bench/bench_documents_cache.py [--mailboxes 1000] [--rounds 3] [--day-share 0.3]

Seeds the scale lab (bench_scale's), then times the IMAP sweep of every BAL in process, the same
options as the demo's inventory (keyword and Message-ID file proofs, MDNs), cases in turn each
round, Dovecot's own cache already filled by a first count:

- `status`: no patient_documents (the floor: folders, dates, sizes, quota);
- `count`: patient_documents without state_dir (every message's structure read each night);
- `memory, day`: state_dir, after a working day of mail (day_of_mail: --day-share of the INBOXes
  got a message, a sixth of them a document): only what arrived in the changed folders is read;
- `memory, unchanged`: state_dir, nothing changed since.

Every count made with the memory is checked equal to the one made without it.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
sys.path[:0] = [os.path.join(ROOT, ".colls"), ROOT, BENCH]

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.service import run_info  # noqa: E402
from day_of_mail import deliver_day  # noqa: E402
from scale_lab import seed_lab, tear_down  # noqa: E402


def sweep_params(state, logins, state_dir=None, documents=True):
    imap = state["imap"]
    params = {"backend": "imap", "host": imap["host"], "port": imap["imaps_port"], "security": "tls",
              "admin_user": imap["admin_user"], "admin_password": imap["admin_password"],
              "ca_path": imap["ca_cert"], "validate_certs": True, "mailboxes": logins, "state_dir": state_dir}
    if documents:
        proofs = state["patient_documents"]
        params["patient_documents"] = {"proof": {"keywords": [proofs["keyword"]],
                                                 "message_ids_file": proofs["message_ids_file"]}}
    return params


def timed_sweep(params):
    start = time.perf_counter()
    result = run_info(params)
    seconds = time.perf_counter() - start
    assert not result["failures"], result["failures"][:2]
    counts = {m["mailbox"]: m.get("patient_documents") for m in result["mailboxes"]}
    return seconds, counts, result.get("documents_cache", {})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mailboxes", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--day-share", type=float, default=0.3)
    args = parser.parse_args()
    state, _timings = seed_lab(args.mailboxes)
    try:
        logins = sorted(state_users(state))
        with tempfile.TemporaryDirectory(prefix="mssante-documents-cache-") as state_dir:
            timed_sweep(sweep_params(state, logins, state_dir))  # fills Dovecot's cache and the memory
            times = {"status": [], "count": [], "memory, day": [], "memory, unchanged": []}
            for number in range(args.rounds):
                reached, _seconds = deliver_day(state["imap"], logins, args.day_share, args.day_share / 6,
                                                seed=number)
                seconds, remembered, summary = timed_sweep(sweep_params(state, logins, state_dir))
                times["memory, day"].append(seconds)
                print("round %d: %d INBOXes got mail; memory: %d folders read whole, %d from their UIDNEXT on, "
                      "%d not read" % (number + 1, reached, summary["folders_read"], summary["folders_read_new"],
                                       summary["folders_reused"]), flush=True)
                seconds, counted, _summary = timed_sweep(sweep_params(state, logins))
                times["count"].append(seconds)
                assert remembered == counted, "the memory changed a count"
                seconds, remembered, summary = timed_sweep(sweep_params(state, logins, state_dir))
                times["memory, unchanged"].append(seconds)
                assert remembered == counted and summary["folders_read"] == 0, summary
                times["status"].append(timed_sweep(sweep_params(state, logins, documents=False))[0])
        floor = statistics.median(times["status"])
        print("\n%d BALs, %d rounds (median s; x the status sweep)" % (len(logins), args.rounds))
        for case, values in times.items():
            median = statistics.median(values)
            print("  %-18s %6.1f  %5.2fx   (%s)" % (case, median, median / floor, " ".join("%.1f" % v for v in values)))
    finally:
        tear_down(state)


def state_users(state):
    from lab import stack  # pylint: disable=import-outside-toplevel
    return stack.dovecot_of(state["directory"]).users()


if __name__ == "__main__":
    main()
