# SPDX-License-Identifier: GPL-3.0-or-later
"""Purge and stats benchmark on seeded mailboxes (~50 Trash messages each); prints ratios.

    .venv/bin/python bench/bench_purge.py [--mailboxes 300] [--rounds 2] [--tuned] [--plain] [--unsynced] [--cases a,b]
                                          [--server dovecot|cyrus]

Each case runs on a fresh copy of the same seeded data: the native floor
`doveadm expunge -A mailbox Trash savedbefore 30d`, a sequential imaplib loop, a raw pooled
imaplib loop, our IMAP backend (in process, and as the Ansible task a playbook runs: module
start-up, journal with Message-IDs, fsync, safety checks), our doveadm backend (CLI and HTTP);
then stats against `doveadm mailbox status -A` and against a raw pooled imaplib sweep asking the
same facts. `--server cyrus` runs the IMAP cases on the lab Cyrus (seeded over IMAP with the same
mailboxes; no doveadm there): our backend against the raw loops, same server, same run.
Performance is never asserted in tests; this prints numbers.

The seeded mail is synced to disk before each case, as the old Trash mail of a real platform
is; `--unsynced` times it straight from the page cache, where deletions cost little I/O.
"""
import argparse
import datetime as dt
import imaplib
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [os.path.join(ROOT, ".colls"), ROOT]

from lab import establishment, mail_seed, tls  # noqa: E402
from playbook_run import run_playbook  # noqa: E402
from lab.cyrus import Cyrus  # noqa: E402
from lab.dovecot import TRASH, Dovecot  # noqa: E402
from scale_baseline import TRASH_QUERY, copy_dovecot  # noqa: E402
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.doveadm import FETCH_FIELDS  # noqa: E402
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.folders import encode_mutf7  # noqa: E402
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.service import run_info, run_purge  # noqa: E402
from ansible_collections.mssante.hygiene.plugins.module_utils.tls import client_context  # noqa: E402


def bench_est(count):
    est = establishment.build(staff=12)
    template = est.mailboxes[0]
    est.mailboxes = []
    for index in range(count):
        box = establishment.SeedMailbox(address="bench%05d@%s" % (index, est.domain), kind="PER",
                                        service=template.service, messages=150, trash_messages=50,
                                        trash_oldest_days=90)
        est.mailboxes.append(box)
    return est


class Platforms:
    """One seeded platform per run, and a fresh copy of it for each case (all cases start equal)."""

    def __init__(self, certs, count, tuned, synced, build=bench_est, server="dovecot"):
        self.tuned, self.synced = tuned, synced
        kind = Cyrus if server == "cyrus" else Dovecot
        self.source = kind(tempfile.mkdtemp(prefix="mssante-bench-seed-"), certs).start()
        self.logins = sorted(mail_seed.seed(self.source, build(count)))
        self.source.stop()

    def fresh(self):
        """A started server on a new copy; synced: on disk as on a real platform (right after a
        copy, ext4 delayed allocation lets a deletion of never-written files skip most of its I/O)."""
        directory = tempfile.mkdtemp(prefix="mssante-bench-")
        if isinstance(self.source, Cyrus):
            return self.source.copy_to(directory, self.tuned, self.synced)
        return copy_dovecot(self.source, directory, self.tuned, self.synced)

    def remove(self):
        shutil.rmtree(self.source.directory, ignore_errors=True)


def raw_login(server, login, context, plain=False):
    """A plain imaplib session of the admin for `login` (Dovecot: master user; Cyrus: PLAIN authzid)."""
    if plain:
        conn = imaplib.IMAP4(server.host, server.imap_port)
    else:
        conn = imaplib.IMAP4_SSL(server.host, server.imaps_port, ssl_context=context)
    if isinstance(server, Cyrus):
        token = ("%s\0%s\0%s" % (login, server.admin_user, server.admin_password)).encode("utf-8")
        conn.authenticate("PLAIN", lambda _challenge: token)
    else:
        conn.login("%s*%s" % (login, server.admin_user), server.admin_password)
    return conn


def pooled(logins, one, pool):
    if pool == 1:
        for login in logins:
            one(login)
    else:
        with ThreadPoolExecutor(pool) as executor:
            list(executor.map(one, logins))


def raw_loop(server, logins, context, pool, plain=False):
    cutoff = (dt.date.today() - dt.timedelta(days=30)).strftime("%d-%b-%Y")

    def one(login):
        conn = raw_login(server, login, context, plain)
        conn.select('"%s"' % encode_mutf7(TRASH))
        uids = conn.uid("SEARCH", "SAVEDBEFORE", cutoff, "UNFLAGGED")[1][0].split()
        if uids:
            uid_set = b",".join(uids).decode()
            conn.uid("STORE", uid_set, "+FLAGS.SILENT", "(\\Deleted)")
            conn.uid("EXPUNGE", uid_set)
        conn.logout()
    pooled(logins, one, pool)


def raw_stats_loop(server, logins, context, pool):
    """What our stats report, asked the plain way: LIST + STATUS of each folder, EXAMINE and the
    first/last INTERNALDATE (SAVEDATE of the whole Trash), the quota; one command at a time."""
    def one(login):
        conn = raw_login(server, login, context)
        for line in conn.list()[1]:
            flags, _sep, name = line.decode("utf-8").partition(') "/" ')
            if "\\Noselect" in flags:
                continue
            conn.status(name, "(MESSAGES UNSEEN SIZE)")
            exists = int(conn.select(name, readonly=True)[1][0] or 0)
            if exists:
                conn.fetch("1,*", "(INTERNALDATE)")
                if "\\Trash" in flags:
                    conn.fetch("1:*", "(SAVEDATE)")
        conn.getquotaroot("INBOX")
        conn.logout()
    pooled(logins, one, pool)


DOVEADM_CASES = ("doveadm expunge -A", "doveadm fetch+expunge -A", "ours doveadm cli", "ours doveadm http")


CASES = ("doveadm expunge -A", "doveadm fetch+expunge -A", "imaplib sequential", "imaplib pool",
         "ours imap", "ours imap task", "ours doveadm cli", "ours doveadm http")


def task_playbook(params, directory):
    """A one-task playbook (JSON is YAML) that runs mailstore_purge with `params` and checks its result."""
    path = os.path.join(directory, "purge-task.yml")
    play = {"name": "Purge de la corbeille (bench)", "hosts": "localhost", "gather_facts": False, "tasks": [
        {"name": "Purger", "mssante.hygiene.mailstore_purge": params, "register": "purge"},
        {"name": "Vérifier", "ansible.builtin.assert": {"that": [
            "purge.failures | length == 0", "purge.summary.deleted_messages > 0"]}}]}
    with open(path, "w", encoding="utf-8") as handle:
        json.dump([play], handle)
    return path


def journaled_floor(server, logins):
    """The least a journaled purge can do natively: read the journal fields, then expunge."""
    del logins
    server.doveadm("fetch", "-A", FETCH_FIELDS, *TRASH_QUERY)
    server.doveadm("expunge", "-A", *TRASH_QUERY)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mailboxes", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=1, help="cases alternate within each round")
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated subset of: %s" % ", ".join(CASES))
    parser.add_argument("--no-stats", action="store_true")
    parser.add_argument("--server", choices=("dovecot", "cyrus"), default="dovecot",
                        help="cyrus: the IMAP cases on the lab Cyrus (the doveadm cases are left out)")
    parser.add_argument("--tuned", action="store_true", help="server with process reuse")
    parser.add_argument("--plain", action="store_true",
                        help="IMAP without TLS on loopback (both the raw loops and ours), to separate TLS cost")
    parser.add_argument("--unsynced", action="store_true",
                        help="time right after seeding, before the mail reaches the disk (page cache only)")
    parser.add_argument("--journal-dir", default=None,
                        help="where our cases write their journal (default: a temporary directory on the mail's "
                             "disk; e.g. /dev/shm for a controller whose journal is on another disk than the mail)")
    args = parser.parse_args()
    ca_dir = tempfile.mkdtemp(prefix="mssante-bench-ca-")
    certs = tls.make_ca_and_server(ca_dir)
    context = client_context(True, certs.ca_cert)
    journal = tempfile.mkdtemp(prefix="mssante-bench-journal-", dir=args.journal_dir)
    times = {}
    started = time.perf_counter()
    platforms = Platforms(certs, args.mailboxes, args.tuned, not args.unsynced, server=args.server)
    print("%d mailboxes seeded in %.0f s" % (args.mailboxes, time.perf_counter() - started), flush=True)
    try:
        run_cases(args, platforms, certs, context, journal, times)
    finally:
        platforms.remove()
        shutil.rmtree(ca_dir, ignore_errors=True)
        shutil.rmtree(journal, ignore_errors=True)


def run_cases(args, platforms, certs, context, journal, times):

    def case(name, action):
        server, logins = platforms.fresh(), platforms.logins
        try:
            start, cpu = time.perf_counter(), time.process_time()
            measured = action(server, logins)
            elapsed = measured if isinstance(measured, float) else time.perf_counter() - start
            times.setdefault(name, []).append(elapsed)
            where = "module process as Ansible runs it" if isinstance(measured, float) else \
                "client CPU %.2f s" % (time.process_time() - cpu)
            print("%-22s %7.2f s  (%s)" % (name, elapsed, where), flush=True)
        finally:
            server.stop()
            shutil.rmtree(server.directory, ignore_errors=True)

    def purge_params(server, logins, backend):
        params = {"backend": "imap", "host": server.host, "port": server.imaps_port, "security": "tls",
                  "admin_user": server.admin_user, "admin_password": server.admin_password,
                  "ca_path": certs.ca_cert, "mailboxes": logins, "concurrency": args.concurrency,
                  "rules": [{"name": "t", "folders": ["\\Trash"], "older_than_days": 30}],
                  "journal_path": os.path.join(journal, "%s-%s.jsonl" % (backend, uuid.uuid4().hex[:8])),
                  "max_delete_ratio": 1.0}
        if backend == "imap" and args.plain:
            params.update(port=server.imap_port, security="none")
        if backend == "doveadm":
            params.update(backend="doveadm", doveadm_config=server.config_path)
        if backend == "doveadm-http":
            params.update(backend="doveadm", port=server.doveadm_http_port, security="none",
                          doveadm_api_key=server.doveadm_api_key, folder_roles={"\\Trash": TRASH})
        return params

    def ours(backend):
        def run(server, logins):
            result = run_purge(purge_params(server, logins, backend), False, False)
            assert not result["failures"], result["failures"][:2]
            assert result["summary"]["deleted_messages"] > 0
        return run

    def ours_task(server, logins):
        """The real path: ansible-playbook runs one mailstore_purge task (its module process is timed)."""
        run = run_playbook(task_playbook(purge_params(server, logins, "imap"), journal),
                           dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg")),
                           "-c", "local", inventory="localhost,")
        [module] = [m for m in run.modules if m["module"] == "mailstore_purge"]
        times.setdefault("ours imap playbook", []).append(run.wall)
        return module["seconds"]

    actions = {
        "doveadm expunge -A": lambda s, l: s.doveadm("expunge", "-A", *TRASH_QUERY),
        "doveadm fetch+expunge -A": journaled_floor,
        "imaplib sequential": lambda s, l: raw_loop(s, l, context, 1, args.plain),
        "imaplib pool": lambda s, l: raw_loop(s, l, context, args.concurrency, args.plain),
        "ours imap": ours("imap"),
        "ours imap task": ours_task,
        "ours doveadm cli": ours("doveadm"),
        "ours doveadm http": ours("doveadm-http"),
    }
    chosen = [name for name in args.cases.split(",") if name and not (args.server == "cyrus" and name in DOVEADM_CASES)]
    for round_index in range(args.rounds):
        # rotate the order each round so that no case always runs first (cold caches) or last
        shift = round_index % len(chosen)
        for name in chosen[shift:] + chosen[:shift]:
            case(name, actions[name])
    if not args.no_stats:
        stats_case(args, platforms, certs, times)
    best = {name: min(values) for name, values in times.items()}
    print("\n%d mailboxes, %d round(s), %s server %s, IMAP %s, mail %s; ratios to doveadm: best runs; to the raw loop: median of paired rounds" % (
        args.mailboxes, args.rounds, args.server, "tuned (process reuse)" if args.tuned else "default",
        "without TLS" if args.plain else "over TLS",
        "in the page cache only (--unsynced)" if args.unsynced else "synced to disk"))
    for name, values in sorted(times.items()):
        print("%-22s best %6.2f s  median %6.2f s  runs %s" % (
            name, best[name], statistics.median(values), " ".join("%.2f" % v for v in values)))
    native = best.get("doveadm expunge -A")
    for name in ("ours imap", "ours doveadm cli", "ours doveadm http", "imaplib sequential", "imaplib pool"):
        if native and name in best:
            print("%-22s %5.2fx doveadm expunge -A" % (name, best[name] / native))
    floor = best.get("doveadm fetch+expunge -A")
    for name in ("ours doveadm cli", "ours doveadm http"):
        if floor and name in best:
            print("%-22s %5.2fx doveadm fetch+expunge -A (journaled floor)" % (name, best[name] / floor))
    for name in ("ours imap", "ours imap task", "ours imap playbook"):
        if name in best and "imaplib pool" in best:
            print_paired(name, times[name], times["imaplib pool"], "raw pooled imaplib")
    if "stats ours imap" in best and "stats native" in best:
        print("%-22s %5.2fx doveadm mailbox status -A" % ("stats ours imap", best["stats ours imap"] / best["stats native"]))
    if "stats ours imap" in best and "stats imaplib pool" in best:
        print_paired("stats ours imap", times["stats ours imap"], times["stats imaplib pool"], "raw pooled imaplib stats")


def print_paired(name, ours, raw, what):
    """Our time over the raw loop's, round by round (the two ran back to back on copies of the same
    data, so a round's ratio cancels the machine's drift), their median first: on a shared machine
    whose disk time varies by a third between rounds, the quotient of two best times is one draw."""
    pairs = [mine / theirs for mine, theirs in zip(ours, raw)]
    print("%-22s %5.2fx %s: median of %d paired rounds (range %.2f-%.2f; best over best %.2fx)" % (
        name, statistics.median(pairs), what, len(pairs), min(pairs), max(pairs), min(ours) / min(raw)))


def stats_case(args, platforms, certs, times):
    """Stats sweeps on one copy (they change nothing), alternated over the rounds."""
    server, logins = platforms.fresh(), platforms.logins
    context = client_context(True, certs.ca_cert)

    def timed_into(name, action):
        start = time.perf_counter()
        action()
        times.setdefault(name, []).append(time.perf_counter() - start)

    def ours():
        result = run_info({"backend": "imap", "host": server.host, "port": server.imaps_port, "security": "tls",
                           "admin_user": server.admin_user, "admin_password": server.admin_password,
                           "ca_path": certs.ca_cert, "mailboxes": logins, "concurrency": args.concurrency})
        assert not result["failures"], result["failures"][:2]

    try:
        for round_index in range(args.rounds):
            if not isinstance(server, Cyrus):
                timed_into("stats native", lambda: server.doveadm("mailbox", "status", "-A", "messages vsize", "*"))
            pair = [("stats ours imap", ours),
                    ("stats imaplib pool", lambda: raw_stats_loop(server, logins, context, args.concurrency))]
            for name, action in pair[round_index % 2:] + pair[:round_index % 2]:
                timed_into(name, action)
    finally:
        server.stop()
        shutil.rmtree(server.directory, ignore_errors=True)


if __name__ == "__main__":
    main()
