# SPDX-License-Identifier: GPL-3.0-or-later
"""Filtered read of a national-size Extraction_Correspondance_MSSante vs `grep -F <domain>`.

Writes a 545,000-line file with lab.annuaire_seed (our BALs in the middle), then times the
reader filtered on our domain against grep on the same (page-cached) file, best of 3 each,
and reports peak Python memory (tracemalloc) and the process's max RSS. Target: <= 5x grep,
memory flat (independent of the file size).
"""

import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
for path in (os.path.join(ROOT, ".colls"), ROOT):
    sys.path.insert(0, path)

from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.extraction import read_extraction  # noqa: E402
from lab import annuaire_seed, establishment  # noqa: E402

LINES = 545000


def best_of(runs, func):
    times = []
    for _run in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    est = establishment.build()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "Extraction_Correspondance_MSSante_BENCH.txt")
        start = time.perf_counter()
        annuaire_seed.write_extraction(est, path, national_lines=LINES)
        print("wrote %d lines (%.1f MB) in %.2f s" % (LINES, os.path.getsize(path) / 1e6,
                                                      time.perf_counter() - start))
        grep = best_of(3, lambda: subprocess.run(["grep", "-F", est.domain, path], check=True,
                                                 stdout=subprocess.DEVNULL))
        ours = best_of(3, lambda: read_extraction(path, domains=[est.domain]))
        tracemalloc.start()
        reader = read_extraction(path, domains=[est.domain])
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        small = os.path.join(tmp, "small.txt")
        annuaire_seed.write_extraction(est, small, national_lines=LINES // 10)
        tracemalloc.start()
        read_extraction(small, domains=[est.domain])
        peak_small = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print("BALs kept: %d (malformed %d)" % (len(reader.bals), reader.report()["malformed"]))
        print("grep -F: %.3f s   reader: %.3f s   ratio: %.2fx (target <= 5x)"
              % (grep, ours, ours / grep))
        print("peak Python memory: %.1f MiB for %d lines, %.1f MiB for %d lines (flat = same)"
              % (peak / 2 ** 20, LINES, peak_small / 2 ** 20, LINES // 10))
        print("max RSS of the process: %.1f MiB"
              % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


if __name__ == "__main__":
    main()
