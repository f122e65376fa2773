# SPDX-License-Identifier: GPL-3.0-or-later
"""Run a lab process at another time: libfaketime preloaded directly.

Never the `faketime` wrapper: its named semaphores (/dev/shm) outlive a killed run, and a later
wrapper whose PID matches a stale one fails ("sem_open: File exists") - seen on a machine that
had run the suite many times.
"""
import glob
import os


def library():
    """The path of libfaketime.so.1 (Debian's multiarch directory first), or None."""
    for path in sorted(glob.glob("/usr/lib/*/faketime/libfaketime.so.1")) + ["/usr/lib/faketime/libfaketime.so.1"]:
        if os.path.exists(path):
            return path
    return None


def environment(spec, base=None):
    """A copy of `base` (os.environ) whose processes see the time `spec`: "-3600s" (an offset) or
    "@2025-01-01 10:00:00" (a fixed start that then runs on), in UTC; file times stay real."""
    path = library()
    if path is None:
        raise RuntimeError("libfaketime absent : installez le paquet Debian libfaketime "
                           "(scripts/install-system-deps.sh)")
    return dict(os.environ if base is None else base, LD_PRELOAD=path, FAKETIME=spec, NO_FAKE_STAT="1", TZ="UTC")
