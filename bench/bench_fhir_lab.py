# SPDX-License-Identifier: GPL-3.0-or-later
"""The lab's local FHIR server under the audit's read: requests/s against the 17 req/s of the national API.

Seeds CH Exemple with N professionals (lab/establishment, default 10,000), serves its resources
with lab.fhir_server over TLS as the lab daemon does, and reads them the way annuaire_info does
(annuaire.api.collect: our structures, their roles page by page, every professional by RPPS
batches), with the client's throttle lifted so that the server is the only limit. The lab must
answer faster than the gateway's 17 req/s, or a bench measures the test double, not the product.

    .venv/bin/python bench/bench_fhir_lab.py [--staff 10000] [--profile]
"""

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import threading
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
sys.path[:0] = [os.path.join(ROOT, ".colls"), ROOT]

from lab import annuaire_seed, establishment, tls  # noqa: E402
from lab import fhir_server  # noqa: E402
from lab.fhir_server import LocalFhirServer  # noqa: E402
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire import api as annuaire_api  # noqa: E402
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.fhir import (  # noqa: E402
    MAX_RATE, FhirClient)
from ansible_collections.mssante.hygiene.plugins.module_utils.tls import client_context  # noqa: E402


def seeded(staff):
    """(establishment, its FHIR resources)."""
    est = establishment.build(staff=staff, scale=True)
    return est, annuaire_seed.fhir_resources(est)


def read_all(server, est, ca_cert):
    """annuaire_info's read of the establishment (no throttle); returns (client stats, BALs found)."""
    client = FhirClient(server.url, server.api_key, rate_limit=MAX_RATE, ssl_context=client_context(ca_path=ca_cert),
                        max_pages=10000)
    client.throttle.interval = 0.0  # the server alone sets the pace
    rpps = sorted({p.rpps for p in est.people if p.in_ldap})
    found = annuaire_api.collect(client, practitioners=rpps, organizations=[est.finess_ej, *est.finess_eg],
                                 domains=[est.domain])
    return client.stats.as_dict(), len(found["bals"])


def profile_server():
    """Profile every request the server answers (one profiler, so one request at a time); returns it."""
    profiler, lock = cProfile.Profile(), threading.Lock()
    answer = fhir_server.Handler.do_GET

    def profiled(handler):
        with lock:
            profiler.runcall(answer, handler)
    fhir_server.Handler.do_GET = profiled
    return profiler


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=10000, help="professionnels semés (10 000 par défaut)")
    parser.add_argument("--profile", action="store_true",
                        help="profil cProfile du serveur (requêtes alors servies une à une), 25 premières lignes")
    args = parser.parse_args()
    start = time.perf_counter()
    est, resources = seeded(args.staff)
    print("semis : %d professionnels, %d ressources FHIR en %.1f s" % (
        args.staff, len(resources), time.perf_counter() - start), flush=True)
    with tempfile.TemporaryDirectory(prefix="mssante-fhir-bench-") as work:
        certs = tls.make_ca_and_server(work)
        with LocalFhirServer(resources, api_key="bench-key", certs=certs) as server:
            profiler = profile_server() if args.profile else None
            start = time.perf_counter()
            stats, bals = read_all(server, est, certs.ca_cert)
            seconds = time.perf_counter() - start
    rate = stats["count"] / seconds
    figures = (stats["count"], stats["pages"], bals, seconds, rate, rate / MAX_RATE, MAX_RATE)
    print("lecture : %d requêtes (%d pages), %d BAL en %.1f s : %.1f requêtes/s, soit %.1f × les %g requêtes/s "
          "de l'API nationale (cible >= 1 ×)" % figures)
    print("  %.1f ms par requête en moyenne, %.1f ms au plus ; au débit de l'API nationale, la même lecture "
          "prendrait au moins %.1f s" % (stats["mean_seconds"] * 1000, stats["slowest_seconds"] * 1000,
                                         stats["count"] / MAX_RATE))
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    return 0 if rate >= MAX_RATE else 1


if __name__ == "__main__":
    sys.exit(main())
