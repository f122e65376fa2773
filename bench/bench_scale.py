# SPDX-License-Identifier: GPL-3.0-or-later
"""The audit and the trash purge on a 10,000-BAL platform: time, peak memory, ratios at that size.

For each size (the smaller one first, so that memory growth shows): seed a lab with light mail
volumes (LDAP, Dovecot maildirs with old Trash mail, Annuaire FHIR resources and extraction),
copy its mailboxes for the native references, then run `playbooks/audit.yml` and
`playbooks/purge_trash.yml` through the demo inventory and print profile_scale's tables (time of
every task, peak RSS of every module process and of the controller, module phases, bytes of the
variables passed between roles). Issue 20's two targets, against the native commands run on the
copy in the same run: audit + purge <= 3x `doveadm mailbox status -A` + `doveadm expunge -A`
(the Annuaire read counted at the least time the gateway's throttle allows for its requests),
and purge_trash.yml <= 2x `doveadm expunge -A`. Also the audit against one task per mailbox
(bench_audit, extrapolated). `--cold` drops the page cache before each timed step, ours and
native alike: on a small disk-bound machine the order of the steps otherwise decides what is read
from RAM (three 10,000-BAL runs of 2026-12-02 differed by 1.6x). Several minutes at 10,000 BALs;
never part of `make test`. `--nightly` runs the audit a second time before the purge, as the next
night's would: the first audit of the lab reads every message's structure from its file (the lab
writes its mail behind Dovecot's back, so Dovecot's cache holds none), the second finds them in
the cache the first one filled; the targets are printed for both. Between the two, a working day
of mail (day_of_mail: --day-share of the INBOXes get a message, a sixth of them a patient
document) changes what the second audit must read again.

    .venv/bin/python bench/bench_scale.py [--mailboxes 10000] [--compare 2000] [--subset 30] [--cold] [--nightly]
"""

import argparse
import os
import re
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
sys.path[:0] = [os.path.join(ROOT, ".colls"), ROOT, BENCH]

from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.fhir import MAX_RATE  # noqa: E402
from day_of_mail import deliver_day  # noqa: E402
from bench_audit import audit_env, audit_summary, audited_addresses, per_mailbox_seconds  # noqa: E402
from profile_scale import profiled_run  # noqa: E402
from profile_scale import report as profile_report  # noqa: E402
from scale_baseline import copy_platform, drop_page_cache, native_references, no_drop, timed  # noqa: E402
from scale_lab import annuaire_vars, seed_lab, tear_down  # noqa: E402

# issue 20: a regional operator's 50,000 BALs audited and their Trash purged within a quarter hour
NIGHT_TARGET_BALS, NIGHT_TARGET_MINUTES = 50000, 15
AUDIT_MODULES = ("directory_info", "annuaire_info", "mailstore_info", "bal_audit", "mailstore_purge")


def seed(mailboxes):
    state, timings = seed_lab(mailboxes)
    copy_seconds, copy = timed(lambda: copy_platform(state["directory"]))
    print("copy for the native references %.0f s" % copy_seconds, flush=True)
    return state, copy, dict(timings, copy_seconds=copy_seconds)


def run_audit(state, env, subset_size, extra, work, before=no_drop):
    before()
    audit = profiled_run("audit.yml", env, extra, work)
    summary = audit_summary(state)
    addresses = audited_addresses(state)
    subset = addresses[:subset_size]
    naive = per_mailbox_seconds(env, subset) * summary["mailboxes"] / len(subset) if subset else 0
    return audit, summary, addresses, naive


def run_purge(state, env, extra, work, before=no_drop):
    """purge_trash.yml as an operator runs it (its inventory, then the trash purge)."""
    before()
    purge = profiled_run("purge_trash.yml", env, extra, work)
    journal = os.path.join(state["directory"], "reports", "journal", "trash.jsonl")
    deleted = 0
    if os.path.exists(journal):
        with open(journal, encoding="utf-8") as lines:
            deleted = sum(1 for _line in lines)
    # the role's French summary (messages deleted, refused, failed BALs)
    said = re.search(r"Corbeilles : [^\n]*\.", purge[0].stdout)
    # and what it took from the audit's preview (selection plan, doveadm)
    plan = re.search(r"(Sélection reprise|Aperçu de l'audit non repris)[^\n]*\.", purge[0].stdout)
    return purge, deleted, " ".join(m.group(0) for m in (said, plan) if m) or "(no summary line found)"


def measure(mailboxes, args):
    state, copy, result = seed(mailboxes)
    env = audit_env(state)
    try:
        extra = annuaire_vars(state, args.annuaire)
        with tempfile.TemporaryDirectory(prefix="mssante-scale-") as work:
            before = drop_page_cache if args.cold else no_drop
            audit, summary, addresses, naive = run_audit(state, env, args.subset, extra, work, before)
            if args.nightly:
                reached, seconds = deliver_day(state["imap"], addresses, args.day_share, args.day_share / 6)
                print("a day of mail before the next night: %d INBOXes got new mail (LMTP, %.1f s)" % (
                    reached, seconds), flush=True)
                result["nightly"] = run_audit(state, env, 0, extra, work, before)[0]
            purge, deleted, said = run_purge(state, env, extra, work, before)
        result.update(mailboxes=summary["mailboxes"], audit=audit, naive_seconds=naive, purge=purge,
                      deleted=deleted, purge_said=said)
        # printed before the native references: a failure there must not lose what was measured
        profiles(result, args)
        on_copy = copy.users()
        result.update(native_references(copy, [a for a in addresses if a in on_copy], before))
        report(result)  # before the tear-down, which takes minutes at 10,000 BALs
    finally:
        copy.stop()
        tear_down(state, args.keep)
    return result


def annuaire_floor(tasks):
    """(requests, seconds the playbook spent on the Annuaire, seconds it would spend with the read at
    the national gateway's throttle floor: MAX_RATE calls/s).

    The read runs in the background while the platform is measured (issue 20): the playbook only
    spends the wait for its result (the background_result task that carries `requests`). At the
    floor, the read would have taken requests / MAX_RATE instead of its own `timings`; what of it
    ran before the wait began stays hidden either way."""
    carrier = [t for t in tasks if t.get("requests")]
    requests = sum(t["requests"] for t in carrier)
    floor = requests / MAX_RATE
    spent = sum(t["seconds"] for t in carrier)
    if not any(t["action"].endswith("background_result") for t in carrier):
        return requests, spent, floor  # read in the foreground: its whole task
    worked = sum(sum(timings.values()) for t in carrier for timings in t.get("timings", []))
    hidden = max(0.0, worked - spent)
    return requests, spent, max(0.0, floor - hidden)


def profiles(r, args):
    """The profile tables of the runs measured (time per task, module phases, peak memory)."""
    runs = [("audit.yml", r["audit"]), ("purge_trash.yml", r["purge"])]
    if r.get("nightly"):
        runs.append(("audit.yml, the next night", r["nightly"]))
    for name, (run, tasks, controller) in runs:
        print("\n".join(profile_report(name, r["mailboxes"], run, tasks, controller, args)), flush=True)


def report(r):
    """The ratios against the native references of the same run."""
    (audit, audit_tasks, _controller), purge = r["audit"], r["purge"][0]
    if r["naive_seconds"]:
        print("\none task per mailbox, extrapolated: %.0f s -> %.0fx faster batched (target >= 50x)" % (
            r["naive_seconds"], r["naive_seconds"] / audit.wall))
    print("\nstats sweep: mailstore_info in the audit %.1f s; engine alone (no document count) %.1f s vs "
          "doveadm mailbox status -A %.1f s (best of 2, alternated): %.2fx" % (
              audit.module_seconds("mailstore_info"), r["stats_seconds"], r["status_seconds"],
              r["stats_seconds"] / r["status_seconds"]))
    print("trash purge: %s" % r["purge_said"])
    print("deleted %d (journal) vs doveadm expunge -A %d (left after it: %d) in %.1f s" % (
        r["deleted"], r["expunge_matched"], r["expunge_left"], r["expunge_seconds"]))
    targets(r, audit, audit_tasks, purge)
    if r.get("nightly"):
        print("\n-- with the next night's audit (Dovecot's cache holds what the first audit read)")
        audit_target(r, r["nightly"][0], r["nightly"][1], purge)


def targets(r, audit, audit_tasks, purge):
    """Issue 20's two ratios, against the native commands on the same data (same run)."""
    print("\n== targets at %d BALs" % r["mailboxes"])
    audit_target(r, audit, audit_tasks, purge)
    purge_target(r, purge)


def audit_target(r, audit, audit_tasks, purge):
    """audit + purge against the native status sweep + expunge, the Annuaire at its throttle floor."""
    native = r["status_seconds"] + r["expunge_seconds"]
    requests, spent, at_floor = annuaire_floor(audit_tasks)
    # the Annuaire's own time is bounded by the gateway's throttle, not by the mail server
    bounded = audit.wall + purge.wall - spent + at_floor
    print("annuaire_info: %d requests (%.1f s at the gateway's %g calls/s); the playbook waited %.1f s for "
          "them, %.1f s at that floor" % (requests, requests / MAX_RATE, MAX_RATE, spent, at_floor))
    print("audit.yml + purge_trash.yml = %.1f s (%.1f s with the Annuaire at its throttle floor) vs native "
          "status sweep + expunge %.1f s: %.2fx (%.2fx at the floor; target <= 3x) %s" % (
              audit.wall + purge.wall, bounded, native, (audit.wall + purge.wall) / native, bounded / native,
              "MET" if bounded <= 3 * native else "NOT MET"), flush=True)
    if r["mailboxes"] >= NIGHT_TARGET_BALS:
        minutes = (audit.wall + purge.wall) / 60
        print("audit.yml + purge_trash.yml in %.1f min (target at %d BALs: within %d min) %s" % (
            minutes, NIGHT_TARGET_BALS, NIGHT_TARGET_MINUTES, "MET" if minutes <= NIGHT_TARGET_MINUTES else "NOT MET"),
            flush=True)


def purge_target(r, purge):
    ratio = purge.wall / r["expunge_seconds"]
    print("purge_trash.yml after the audit %.1f s vs doveadm expunge -A %.1f s: %.2fx (target <= 2x) %s; "
          "its mailstore_purge processes alone %.2fx" % (
              purge.wall, r["expunge_seconds"], ratio, "MET" if ratio <= 2 else "NOT MET",
              purge.module_seconds("mailstore_purge") / r["expunge_seconds"]))
    floor = r["journal_read_seconds"] + r["expunge_seconds"]
    print("  what no journaled, guarded purge avoids: doveadm fetch -A of the journal's and the guard's fields "
          "%.1f s + expunge = %.1f s; purge_trash.yml %.2fx that floor" % (
              r["journal_read_seconds"], floor, purge.wall / floor), flush=True)


def growth(small, large):
    """Peak RSS per module at both sizes, and what each extra 1,000 BALs cost."""
    extra = (large["mailboxes"] - small["mailboxes"]) / 1000.0
    print("\n== memory: %d vs %d BALs (peak RSS, MiB; growth per 1,000 BALs)" % (
        small["mailboxes"], large["mailboxes"]))
    rows = [("controller (audit)", small["audit"][2], large["audit"][2]),
            ("controller (purge)", small["purge"][2], large["purge"][2])]
    for name in AUDIT_MODULES:
        run = "purge" if name == "mailstore_purge" else "audit"
        rows.append(("%s (%s)" % (name, run), small[run][0].module_peak(name), large[run][0].module_peak(name)))
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
    parser.add_argument("--cold", action="store_true",
                        help="drop the page cache before each timed step, ours and native alike (root): "
                             "without it the order of the steps decides what is read from RAM")
    parser.add_argument("--nightly", action="store_true",
                        help="a second audit before the purge, as the next night's (Dovecot's cache filled by the first)")
    parser.add_argument("--day-share", type=float, default=0.3,
                        help="with --nightly: share of the BALs that receive a message before the second audit "
                             "(a sixth of that share also a patient document), as a working day would")
    parser.add_argument("--min-seconds", type=float, default=0.5, help="shorter tasks summed in one row")
    parser.add_argument("--min-bytes", type=int, default=1024, help="smaller variables summed in one row")
    args = parser.parse_args()
    sizes = [n for n in (args.compare, args.mailboxes) if n]
    started = time.perf_counter()
    results = [measure(size, args) for size in sizes]
    if len(results) == 2:
        growth(*results)
    print("\ntotal %.0f s" % (time.perf_counter() - started))


if __name__ == "__main__":
    main()
