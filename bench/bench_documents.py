# SPDX-License-Identifier: GPL-3.0-or-later
"""What the patient-document guard costs a retention purge (issue 16); prints ratios.

    .venv/bin/python bench/bench_documents.py [--mailboxes 1000] [--rounds 3] [--documents 8]

Every BAL holds ordinary mail over three years and `--documents` XDM messages (real IHE_XDM.ZIP
attachments) from one to three years old, most of them answered by an MDN, one by an MDN in error,
one marked with the DPI's keyword, the others never answered. One retention rule deletes the
inbox's mail older than a year. Cases, each on a fresh copy of the same seeded platform, in
alternating order:

- `ignore`: the rule treats patient documents as any mail (the baseline: today's purge);
- `keep`: the default, no patient document selected (BODYSTRUCTURE + Subject read per message);
- `integrated`: proven ones go (MDNs searched and their report part read, keywords checked).

Each case runs the engine in its own process, so its peak memory (ru_maxrss) is its own; the
`integrated` case also runs on a quarter of the BALs, to show the peak does not grow with the
number of messages. Performance is never asserted in tests; this prints numbers.
"""
import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [os.path.join(ROOT, ".colls"), ROOT]

from lab import establishment, tls  # noqa: E402
from lab.patient_documents import DPI_KEYWORD, SeedDocument  # noqa: E402
from bench_purge import Platforms  # noqa: E402

POLICIES = ("ignore", "keep", "integrated")
# (age in days, proof) of a BAL's documents, repeated to --documents
DOCUMENT_PATTERN = ((400, "mdn"), (500, "mdn"), (650, "mdn_error"), (700, "keyword"), (800, ""),
                    (900, "mdn"), (1000, ""), (30, "mdn"))


def documents_est(count, per_box):
    est = establishment.build(staff=12)
    template = est.mailboxes[0]
    est.mailboxes = []
    for index in range(count):
        documents = [SeedDocument(index * per_box + number + 1, "CR consultation", age, proof)
                     for number, (age, proof) in enumerate(
                         DOCUMENT_PATTERN[i % len(DOCUMENT_PATTERN)] for i in range(per_box))]
        est.mailboxes.append(establishment.SeedMailbox(
            address="bench%05d@%s" % (index, est.domain), kind="PER", service=template.service,
            messages=150, trash_messages=0, documents=documents))
    return est


def purge_params(server, certs, logins, policy, journal_dir, concurrency):
    return {"backend": "imap", "host": server.host, "port": server.imaps_port, "security": "tls",
            "admin_user": server.admin_user, "admin_password": server.admin_password,
            "ca_path": certs.ca_cert, "mailboxes": logins, "concurrency": concurrency,
            "rules": [{"name": "boite-1-an", "folders": ["INBOX"], "older_than_days": 365,
                       "date": "received", "patient_documents": policy}],
            "patient_documents": {"proof": {"mdn": True, "keywords": [DPI_KEYWORD]}},
            "journal_path": os.path.join(journal_dir, "%s-%s.jsonl" % (policy, uuid.uuid4().hex[:8])),
            "max_delete_ratio": 1.0}


def child(params_path):
    """Run one purge in this process; print its summary and this process's peak memory."""
    from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.service import run_purge
    with open(params_path, encoding="utf-8") as handle:
        params = json.load(handle)
    start, cpu = time.perf_counter(), time.process_time()
    result = run_purge(params, False, False)
    print(json.dumps({"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu,
                      "summary": result["summary"],
                      "failures": result["failures"][:3],
                      "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def run_case(params, work_dir):
    path = os.path.join(work_dir, "params-%s.json" % uuid.uuid4().hex[:8])
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(params, handle)
    done = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", path],
                          check=True, capture_output=True, text=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert not result["failures"], result["failures"]
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mailboxes", type=int, default=1000)
    parser.add_argument("--documents", type=int, default=8, help="XDM messages per BAL")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child)
    work_dir = tempfile.mkdtemp(prefix="mssante-bench-docs-")
    certs = tls.make_ca_and_server(os.path.join(work_dir, "ca"))
    started = time.perf_counter()
    platforms = Platforms(certs, args.mailboxes, False, True,
                          build=lambda count: documents_est(count, args.documents))
    print("%d BAL seeded (%d patient documents each) in %.0f s"
          % (args.mailboxes, args.documents, time.perf_counter() - started), flush=True)
    times, peaks = {}, {}
    try:
        for round_index in range(args.rounds):
            shift = round_index % len(POLICIES)
            for policy in POLICIES[shift:] + POLICIES[:shift]:
                server = platforms.fresh()
                try:
                    result = run_case(purge_params(server, certs, platforms.logins, policy, work_dir,
                                                   args.concurrency), work_dir)
                finally:
                    server.stop()
                    shutil.rmtree(server.directory, ignore_errors=True)
                times.setdefault(policy, []).append(result["seconds"])
                peaks.setdefault(policy, []).append(result["peak_mib"])
                summary = result["summary"]
                print("%-11s %7.2f s  (client CPU %5.2f s)  peak %5.1f MiB  deleted %6d  patient documents kept %5s"
                      % (policy, result["seconds"], result["cpu"], result["peak_mib"], summary.get("deleted_messages", 0),
                         summary.get("kept_patient_documents", "-")), flush=True)
        server = platforms.fresh()
        try:
            quarter = run_case(purge_params(server, certs, platforms.logins[:max(1, args.mailboxes // 4)],
                                            "integrated", work_dir, args.concurrency), work_dir)
        finally:
            server.stop()
            shutil.rmtree(server.directory, ignore_errors=True)
    finally:
        platforms.remove()
        shutil.rmtree(work_dir, ignore_errors=True)
    best = {policy: min(values) for policy, values in times.items()}
    print("\n%d BAL, %d round(s); best run of each case" % (args.mailboxes, args.rounds))
    for policy in POLICIES:
        print("%-11s best %6.2f s  runs %s  %5.2fx ignore" % (
            policy, best[policy], " ".join("%.2f" % v for v in times[policy]), best[policy] / best["ignore"]))
    print("peak memory, integrated: %.1f MiB for %d BAL, %.1f MiB for %d BAL (%.2fx for 4x the messages)"
          % (max(peaks["integrated"]), args.mailboxes, quarter["peak_mib"], max(1, args.mailboxes // 4),
             max(peaks["integrated"]) / quarter["peak_mib"]))


if __name__ == "__main__":
    main()
