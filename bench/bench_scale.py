# SPDX-License-Identifier: GPL-3.0-or-later
"""The audit and the trash purge on a 10,000-BAL platform: time, peak memory, ratios at that size.

For each size (the smaller one first, so that memory growth shows): seed a lab with light mail
volumes (LDAP, Dovecot maildirs with old Trash mail, Annuaire FHIR resources and extraction),
copy its mailboxes for the native references, then time `playbooks/audit.yml` and
`playbooks/purge_trash.yml` through the demo inventory, with the peak RSS of every module
process. Ratios: the audit against one task per mailbox (bench_audit, extrapolated), the purge
against `doveadm expunge -A` on the copy, the stats sweep (mailstore_info) against
`doveadm mailbox status -A`. Several minutes at 10,000 BALs; never part of `make test`.

    .venv/bin/python bench/bench_scale.py [--mailboxes 10000] [--compare 2000] [--subset 30]
"""

import argparse
import json
import os
import re
import shutil
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
sys.path[:0] = [os.path.join(ROOT, ".colls"), ROOT, BENCH]

from lab import stack  # noqa: E402
from bench_audit import audit_env, audit_summary, audited_addresses, per_mailbox_seconds  # noqa: E402
from playbook_run import module_table, run_playbook  # noqa: E402
from scale_baseline import copy_platform, native_references, timed  # noqa: E402

# BALs on the platform besides the professionals' own (establishment.build): a second personal
# BAL, a BAL no directory entry owns, three functional BALs, three owned by the people planted
# for the audit cases of another establishment (lab/establishment._plant_other_establishment)
EXTRA_BALS = 8
AUDIT_MODULES = ("directory_info", "annuaire_info", "mailstore_info", "bal_audit", "mailstore_purge")


def seed_lab(mailboxes):
    """(lab state, timings) of a lab seeded with `mailboxes` BALs of light volumes (.lab/scale-N)."""
    timings = {}
    seconds, state = timed(lambda: stack.up("scale-%d" % mailboxes, staff=mailboxes - EXTRA_BALS,
                                            scale=True, timings=timings))
    print("seeded %d BALs in %.0f s (ldap %.0f s, mail %.0f s = files %.0f + Trash moves under faketime "
          "%.0f + indexes %.0f, annuaire %.0f s)" % (
              mailboxes, seconds, timings["ldap"], timings["mail"], timings["mail_files"],
              timings["mail_trash_moves"], timings["mail_indexes"], timings["annuaire"]), flush=True)
    return state, dict(timings, seed_seconds=seconds)


def seed(mailboxes):
    state, timings = seed_lab(mailboxes)
    copy_seconds, copy = timed(lambda: copy_platform(state["directory"]))
    print("copy for the native references %.0f s" % copy_seconds, flush=True)
    return state, copy, dict(timings, copy_seconds=copy_seconds)


def annuaire_vars(state, annuaire):
    """Extra vars: the daily extraction file instead of the local FHIR server (demo default)."""
    if annuaire != "extraction":
        return []
    return ["-e", json.dumps({"mssante_annuaire": {
        "source": "extraction", "extraction_path": state["annuaire"]["extraction_path"], "min_lines": 10}})]


def run_audit(state, env, subset_size, extra):
    audit = run_playbook(os.path.join(ROOT, "playbooks", "audit.yml"), env, *extra)
    summary = audit_summary(state)
    addresses = audited_addresses(state)
    subset = addresses[:subset_size]
    naive = per_mailbox_seconds(env, subset) * summary["mailboxes"] / len(subset) if subset else 0
    return audit, summary, addresses, naive


def run_purge(state, env, extra):
    """purge_trash.yml as an operator runs it (its inventory, then the trash purge)."""
    purge = run_playbook(os.path.join(ROOT, "playbooks", "purge_trash.yml"), env, *extra)
    journal = os.path.join(state["directory"], "reports", "journal", "trash.jsonl")
    deleted = 0
    if os.path.exists(journal):
        with open(journal, encoding="utf-8") as lines:
            deleted = sum(1 for _line in lines)
    # the role's French summary (messages selected, deleted, refused, failed BALs)
    said = re.search(r"trash : \d+ BAL.*?relancer\)", purge.stdout, re.S)
    return purge, deleted, " ".join(said.group(0).split()) if said else "(no summary line found)"


def measure(mailboxes, args):
    state, copy, result = seed(mailboxes)
    env = audit_env(state)
    try:
        extra = annuaire_vars(state, args.annuaire)
        audit, summary, addresses, naive = run_audit(state, env, args.subset, extra)
        purge, deleted, said = run_purge(state, env, extra)
        on_copy = copy.users()
        result.update(native_references(copy, [a for a in addresses if a in on_copy]))
    finally:
        copy.stop()
        tear_down(state, args.keep)
    result.update(mailboxes=summary["mailboxes"], audit=audit, naive_seconds=naive, purge=purge,
                  deleted=deleted, purge_said=said)
    report(result)
    return result


def tear_down(state, keep=False):
    """Stop the lab's servers; remove its files unless `keep`."""
    start = time.perf_counter()
    stack.down(state["name"])
    if not keep:
        shutil.rmtree(state["directory"], ignore_errors=True)
    print("servers stopped%s in %.0f s" % ("" if keep else ", lab files removed", time.perf_counter() - start),
          flush=True)


def report(r):
    audit, purge = r["audit"], r["purge"]
    stats = audit.module_seconds("mailstore_info")
    print("\n== %d BALs" % r["mailboxes"])
    print("audit.yml   %6.1f s   peak RSS: modules %.0f MiB, whole ansible-playbook tree %.0f MiB" % (
        audit.wall, audit.module_peak() / 1024, audit.tree_maxrss_kib / 1024))
    print("\n".join(module_table(audit)))
    if r["naive_seconds"]:
        print("  one task per mailbox, extrapolated: %.0f s -> %.0fx faster batched (target >= 50x)" % (
            r["naive_seconds"], r["naive_seconds"] / audit.wall))
    print("  stats sweep: mailstore_info in the audit %.1f s; engine alone %.1f s vs "
          "doveadm mailbox status -A %.1f s (best of 2, alternated): %.2fx" % (
              stats, r["stats_seconds"], r["status_seconds"], r["stats_seconds"] / r["status_seconds"]))
    print("purge_trash.yml %6.1f s   peak RSS: modules %.0f MiB, whole tree %.0f MiB" % (
        purge.wall, purge.module_peak() / 1024, purge.tree_maxrss_kib / 1024))
    print("\n".join(module_table(purge)))
    print("  %s" % r["purge_said"])
    print("  deleted %d (journal) vs doveadm expunge -A %d (left after it: %d) in %.1f s" % (
        r["deleted"], r["expunge_matched"], r["expunge_left"], r["expunge_seconds"]))
    print("  purge_trash.yml / doveadm expunge -A: %.2fx; its purge step (mailstore_purge) alone: %.2fx" % (
        purge.wall / r["expunge_seconds"], purge.module_seconds("mailstore_purge") / r["expunge_seconds"]),
        flush=True)


def growth(small, large):
    """Peak RSS per module at both sizes, and what each extra 1,000 BALs cost."""
    extra = (large["mailboxes"] - small["mailboxes"]) / 1000.0
    print("\n== memory: %d vs %d BALs (peak RSS, MiB; growth per 1,000 BALs)" % (
        small["mailboxes"], large["mailboxes"]))
    rows = [("ansible-playbook tree (audit)", small["audit"].tree_maxrss_kib, large["audit"].tree_maxrss_kib),
            ("ansible-playbook tree (purge)", small["purge"].tree_maxrss_kib, large["purge"].tree_maxrss_kib)]
    for name in AUDIT_MODULES:
        run = "purge" if name == "mailstore_purge" else "audit"
        rows.append(("%s (%s)" % (name, run), small[run].module_peak(name), large[run].module_peak(name)))
    for label, low, high in rows:
        print("  %-32s %7.1f %7.1f   %+6.1f" % (label, low / 1024, high / 1024, (high - low) / 1024 / extra))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mailboxes", type=int, default=10000, help="BALs on the platform (>= 17)")
    parser.add_argument("--compare", type=int, default=2000,
                        help="a smaller size run first, to show memory growth (0: none)")
    parser.add_argument("--subset", type=int, default=30,
                        help="BALs timed one task per mailbox for the extrapolation (0: skip)")
    parser.add_argument("--annuaire", choices=("api", "extraction"), default="api",
                        help="Annuaire source of the audit: the local FHIR server (as the demo) or the file")
    parser.add_argument("--keep", action="store_true", help="keep the lab files (.lab/scale-N)")
    args = parser.parse_args()
    sizes = [n for n in (args.compare, args.mailboxes) if n]
    started = time.perf_counter()
    results = [measure(size, args) for size in sizes]
    if len(results) == 2:
        growth(*results)
    print("\ntotal %.0f s" % (time.perf_counter() - started))


if __name__ == "__main__":
    main()
