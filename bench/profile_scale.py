# SPDX-License-Identifier: GPL-3.0-or-later
"""Where the time goes at scale: audit.yml and purge_trash.yml on a seeded lab, task by task.

Seeds a lab as bench_scale does (N BALs of light volumes, default 10,000; 1,000 for a quick run),
runs both playbooks through the demo inventory and prints, as Markdown tables (for
docs/performances.md): the time of every task (bench/callback_plugins/task_profile.py), the
peak RSS of every module process (bench/playbook_run.py's interpreter wrapper) and of the
controller, the bytes of the JSON of every registered or set_fact variable, i.e. what
the roles pass on to each other through Ansible, and per module the seconds of each phase its
results' `timings` report (phases named *_summed add up the workers of a pool: they can exceed
the wall time).

    .venv/bin/python bench/profile_scale.py [--mailboxes 10000] [--min-seconds 0.5] [--keep]
"""

import argparse
import json
import os
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
sys.path[:0] = [os.path.join(ROOT, ".colls"), ROOT, BENCH]

from bench_audit import audit_env  # noqa: E402
from scale_lab import annuaire_vars, seed_lab, tear_down  # noqa: E402
from playbook_run import module_rows, run_playbook  # noqa: E402

CALLBACKS = os.path.join(BENCH, "callback_plugins")
PLAYBOOKS = ("audit.yml", "purge_trash.yml")


def profiled_run(playbook, env, extra, work):
    """(PlaybookRun, task records in play order, controller peak RSS in KiB) of one playbook."""
    log = os.path.join(work, playbook + ".jsonl")
    if os.path.exists(log):
        os.remove(log)  # the callback appends: a second run of the same playbook starts its own log
    env = dict(env, ANSIBLE_CALLBACK_PLUGINS=CALLBACKS, ANSIBLE_CALLBACKS_ENABLED="task_profile",
               MSSANTE_TASK_PROFILE=log)
    run = run_playbook(os.path.join(ROOT, "playbooks", playbook), env, *extra)
    with open(log, encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    controller = max((r["controller_maxrss_kib"] for r in records if "controller_maxrss_kib" in r), default=0)
    return run, [r for r in records if "task" in r], controller


def markdown(headers, rows):
    return ["| %s |" % " | ".join(headers), "|" + "---|" * len(headers)] + [
        "| %s |" % " | ".join(str(cell).replace("|", "\\|") for cell in row) for row in rows]


def short(role, task):
    """(role without the collection, task name without its "role : " prefix)."""
    return role.rpartition(".")[2], task.partition(" : ")[2] if task.startswith(role + " : ") else task


def task_rows(tasks, min_seconds):
    """Tasks merged by (role, name) in play order; the ones under min_seconds summed in one row."""
    merged = {}
    for record in tasks:
        row = merged.setdefault(short(record["role"], record["task"]), [0, 0.0])
        row[0] += 1
        row[1] += record["seconds"]
    rows = [(role or "-", name, calls, "%.1f" % seconds) for (role, name), (calls, seconds) in merged.items()
            if seconds >= min_seconds]
    small = [seconds for calls, seconds in merged.values() if seconds < min_seconds]
    rows.append(("-", "%d autres tâches (< %g s chacune)" % (len(small), min_seconds), "", "%.1f" % sum(small)))
    return rows


def variable_rows(tasks, min_bytes):
    """Registered / set_fact variables, largest first: bytes of their JSON and the task that set them."""
    largest = {}
    for record in tasks:
        for name, size in record["variables"].items():
            if size > largest.get(name, (0, ""))[0]:
                largest[name] = (size, "%s : %s" % short(record["role"], record["task"]))
    rows = [(name, "%.1f" % (size / 1024.0), task) for name, (size, task)
            in sorted(largest.items(), key=lambda item: -item[1][0]) if size >= min_bytes]
    small = [size for size, _task in largest.values() if size < min_bytes]
    rows.append(("%d autres variables" % len(small), "%.1f" % (sum(small) / 1024.0),
                 "(< %d octets chacune)" % min_bytes))
    return rows


def phase_rows(tasks):
    """(module, phase, runs, seconds) summed over every result that returned `timings`, in play order."""
    merged = {}
    for record in tasks:
        module = record["action"].rpartition(".")[2]
        for timings in record.get("timings", []):
            for phase, seconds in timings.items():
                row = merged.setdefault((module, phase), [0, 0.0])
                row[0] += 1
                row[1] += seconds
    modules = list(dict.fromkeys(module for module, _phase in merged))
    # per module, its wall phases first, then those summed over a pool's workers
    order = sorted(merged, key=lambda key: (modules.index(key[0]), key[1].endswith("_summed")))
    return [(module, phase) + (merged[(module, phase)][0], "%.2f" % merged[(module, phase)][1])
            for module, phase in order]


def report(playbook, mailboxes, run, tasks, controller, args):
    lines = ["", "### %s, %d BAL : %.1f s, pic mémoire du contrôleur %.0f Mio, de l'arbre ansible-playbook "
             "%.0f Mio" % (playbook, mailboxes, run.wall, controller / 1024.0, run.tree_maxrss_kib / 1024.0), ""]
    lines += markdown(("rôle", "tâche", "exécutions", "secondes"), task_rows(tasks, args.min_seconds))
    lines += [""] + markdown(("module", "processus", "secondes", "pic RSS (Mio)"), [
        (name, calls, "%.1f" % seconds, "%.0f" % (peak / 1024.0)) for name, calls, seconds, peak in module_rows(run)])
    lines += [""] + markdown(("module", "phase (timings)", "exécutions", "secondes"), phase_rows(tasks))
    lines += [""] + markdown(("variable (register / set_fact)", "Kio (JSON)", "posée par la tâche"),
                             variable_rows(tasks, args.min_bytes))
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mailboxes", type=int, default=10000, help="BAL de la plateforme (>= 17)")
    parser.add_argument("--min-seconds", type=float, default=0.5, help="tâches plus courtes regroupées")
    parser.add_argument("--min-bytes", type=int, default=1024, help="variables plus petites regroupées")
    parser.add_argument("--annuaire", choices=("api", "extraction"), default="api",
                        help="source Annuaire de l'audit : le serveur FHIR local (comme la démo) ou le fichier")
    parser.add_argument("--keep", action="store_true", help="garder les fichiers du labo (.lab/scale-N)")
    args = parser.parse_args()
    started = time.perf_counter()
    state, _timings = seed_lab(args.mailboxes)
    try:
        env, extra = audit_env(state), annuaire_vars(state, args.annuaire)
        with tempfile.TemporaryDirectory(prefix="mssante-profile-") as work:
            for playbook in PLAYBOOKS:  # each table as soon as it is known: a stopped run keeps it
                print("\n".join(report(playbook, args.mailboxes, *profiled_run(playbook, env, extra, work), args)),
                      flush=True)
    finally:
        tear_down(state, args.keep)
    print("\ntotal %.0f s (semis compris)" % (time.perf_counter() - started))


if __name__ == "__main__":
    main()
