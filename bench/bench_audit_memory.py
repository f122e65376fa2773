# SPDX-License-Identifier: GPL-3.0-or-later
"""Peak memory and time of bal_audit at scale, without a lab (issue 20, item 5).

Builds the sources of the lab establishment (lab/establishment.py, as directory_info,
annuaire_info and mailstore_info return them: lab/module_outputs.py) for 2,000 BALs and for
--mailboxes BALs, then runs the bal_audit module in a subprocess the way Ansible does (its
arguments in a JSON file), once per way of handing it the inventory:
- `args`: the seven inventory arguments (accounts, bals, ... : what Ansible parses and copies);
- `path`: `inventory_path` to an inventory snapshot (plugins/module_utils/inventory_snapshot.py).
Each path runs twice in a fresh directory: the first audit writes the four report files and the
history, the second (the next night's) finds them there, as every audit after the first does.
Prints, per path and run, peak RSS (ru_maxrss of the module process) and seconds at both sizes, and
the slope per thousand BALs of the higher of the two peaks. `--trace` also prints the largest Python allocations (tracemalloc) near the peak (slow: use it
with --small 0 --mailboxes 2000).

    .venv/bin/python bench/bench_audit_memory.py [--mailboxes 10000] [--small 2000]
        [--paths args,path] [--trace] [--keep]
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
COLLS = os.path.join(ROOT, ".colls")
sys.path[:0] = [COLLS, ROOT]

from lab import establishment as lab  # noqa: E402
from lab.module_outputs import lab_sources  # noqa: E402
from ansible_collections.mssante.hygiene.plugins.module_utils import inventory_snapshot  # noqa: E402

MODULE = os.path.join(ROOT, "plugins", "modules", "bal_audit.py")
PATHS = ("args", "path")
RUNS = ("1er", "2e")

# --trace: the module runs under this runner, which snapshots tracemalloc each time the traced
# memory grows by a quarter past its highest (a snapshot of millions of blocks is slow), and prints the top allocations of the last (highest) one
TRACER = r'''
import os, runpy, sys, threading, time, tracemalloc
tracemalloc.start(4)
state = {"peak": 0, "snapshot": None, "done": False}
def watch():
    while not state["done"]:
        current = tracemalloc.get_traced_memory()[0]
        if current > state["peak"] * 1.25:
            state["peak"], state["snapshot"] = current, tracemalloc.take_snapshot()
        time.sleep(0.05)
threading.Thread(target=watch, daemon=True).start()
sys.argv = sys.argv[1:]
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
except SystemExit:
    pass
finally:
    state["done"] = True
    out = sys.stderr
    out.write("tracemalloc: peak %.1f MiB traced, snapshot at %.1f MiB\n"
              % (tracemalloc.get_traced_memory()[1] / 2**20, state["peak"] / 2**20))
    snapshot = state["snapshot"]
    if snapshot is not None:
        snapshot = snapshot.filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
        for stat in snapshot.statistics("traceback")[:int(os.environ.get("TRACE_TOP", "12"))]:
            out.write("%8.1f MiB %7d blocks\n" % (stat.size / 2**20, stat.count))
            for line in stat.traceback.format(most_recent_first=True):
                out.write("        %s\n" % line)
'''


def inventory_of(mailboxes):
    """The inventory (mssante_inventory's keys, as the inventory role sets it) of about `mailboxes` BALs."""
    est = lab.build(staff=max(12, mailboxes), scale=True)
    accounts, bals, situations, stats, identity = lab_sources(est)
    domains = identity.pop("domains")
    inventory = {"accounts": accounts, "bals": bals, "practitioners": situations, "mailboxes": stats,
                 "mailbox_failures": [], "mailbox_absent": [], "mailbox_absent_evidence": {},
                 "mailbox_listed_all": False, "connections": [], "connection_file": {},
                 "annuaire_complete": True, "directory_counts": {"accounts": len(accounts)},
                 "sources": ["ldap", "annuaire", "messagerie"]}
    return inventory, identity, domains, len(est.mailboxes)


def module_args(way, inventory, identity, domains, work):
    args = {"establishment": identity, "domains": domains, "platform": "bench",
            "report_dir": os.path.join(work, "reports"), "state_dir": os.path.join(work, "state")}
    if way == "args":
        args.update((key, inventory[key]) for key in (
            "accounts", "bals", "practitioners", "mailboxes", "mailbox_failures", "mailbox_absent_evidence",
            "connections"))
    else:
        os.makedirs(args["state_dir"], mode=0o700)
        written = inventory_snapshot.write(os.path.join(args["state_dir"], inventory_snapshot.FILE_NAME),
                                           inventory, inventory_snapshot.sources_fingerprint({"bench": True}))
        args.update(inventory_path=written["path"], inventory_sha256=written["sha256"])
    return args


def run_module(args, work, trace):
    """(peak RSS KiB, seconds, module result) of one bal_audit run on `args`."""
    args_path = os.path.join(work, "args.json")
    with open(args_path, "w", encoding="utf-8") as handle:
        json.dump({"ANSIBLE_MODULE_ARGS": args}, handle)
    command = [sys.executable] + (["-c", TRACER] if trace else []) + [MODULE, args_path]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([COLLS, ROOT]))
    with open(os.path.join(work, "stdout"), "wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, env=env)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    with open(os.path.join(work, "stdout"), "rb") as handle:
        result = json.loads(handle.read().decode("utf-8"))
    if result.get("failed"):
        raise SystemExit("bal_audit a échoué : %s" % result.get("msg"))
    return usage.ru_maxrss, seconds, result


def measure(size, ways, trace, keep):
    inventory, identity, domains, count = inventory_of(size)
    rows = {}
    for way in ways:
        work = tempfile.mkdtemp(prefix="mssante-bench-audit-memory-")
        try:
            args = module_args(way, inventory, identity, domains, work)
            if trace:
                print("--- %s, %d BAL" % (way, count), flush=True)
            rows[way] = [run_module(args, work, trace) for _run in RUNS]
            del args
        finally:
            if keep:
                print("gardé : %s" % work)
            else:
                shutil.rmtree(work)
    return count, rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mailboxes", type=int, default=10000)
    parser.add_argument("--small", type=int, default=2000, help="the smaller size, for the slope (0: none)")
    parser.add_argument("--paths", default=",".join(PATHS), help="args, path or both (comma separated)")
    parser.add_argument("--trace", action="store_true", help="print tracemalloc's top allocations near the peak")
    parser.add_argument("--keep", action="store_true", help="keep the work directories (reports, args)")
    options = parser.parse_args()
    ways = [w.strip() for w in options.paths.split(",") if w.strip()]
    unknown = sorted(set(ways) - set(PATHS))
    if unknown:
        parser.error("--paths : %s inconnu (args, path)" % ", ".join(unknown))
    sizes = sorted({s for s in (options.small, options.mailboxes) if s})
    measured = [measure(size, ways, options.trace, options.keep) for size in sizes]
    print("| entrée | BAL | audit | pic RSS (Mio) | secondes | phases (s) |")
    print("|---|---|---|---|---|---|")
    for count, rows in measured:
        for way in ways:
            for run, (rss, seconds, result) in zip(RUNS, rows[way]):
                phases = ", ".join("%s %.2f" % item for item in result.get("timings", {}).items())
                print("| %s | %d | %s | %.0f | %.1f | %s |" % (way, count, run, rss / 1024, seconds, phases or "-"))
    if len(measured) == 2:
        (low, low_rows), (high, high_rows) = measured
        for way in ways:
            slope = (max(r[0] for r in high_rows[way]) - max(r[0] for r in low_rows[way])) / 1024 / ((high - low) / 1000)
            print("%s : %+.1f Mio par millier de BAL" % (way, slope))


if __name__ == "__main__":
    main()
