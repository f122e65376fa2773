# SPDX-License-Identifier: GPL-3.0-or-later
"""Run a lab process at another time: libfaketime preloaded directly.

Never the `faketime` wrapper: its named semaphores (/dev/shm) outlive a killed run, and a later
wrapper whose PID matches a stale one fails ("sem_open: File exists") - seen on a machine that
had run the suite many times.

The preloaded library names a semaphore and a shared memory after each process too
(/dev/shm/sem.faketime_sem_<pid>, faketime_shm_<pid>), and a killed process leaves them behind.
PIDs wrap around within minutes during the suite, so a new faked process may be given the PID of
a stale pair and die at once (a Cyrus master or imapd: connections reset or refused while the
lab seeds). Each environment() call first removes the pairs no faked process owns any more.
"""
import glob
import os
import re

SHM = "/dev/shm"
_OWNER = re.compile(r"^(?:sem\.faketime_sem|faketime_shm)_(\d+)$")


def _faked(pid):
    """True while process `pid` runs with libfaketime loaded."""
    try:
        with open("/proc/%d/maps" % pid, encoding="utf-8", errors="replace") as handle:
            return "libfaketime" in handle.read()
    except OSError:
        return False


def remove_stale_entries(directory=SHM):
    """Unlink the libfaketime semaphores and shared memories of processes gone (or no longer faked)."""
    try:
        names = os.listdir(directory)
    except OSError:
        return
    owners = {}
    for name in names:
        match = _OWNER.match(name)
        if match:
            owners.setdefault(int(match.group(1)), []).append(name)
    for pid, entries in owners.items():
        if not _faked(pid):
            for name in entries:
                try:
                    os.unlink(os.path.join(directory, name))
                except OSError:
                    pass  # another worker removed it first


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
    remove_stale_entries()
    return dict(os.environ if base is None else base, LD_PRELOAD=path, FAKETIME=spec, NO_FAKE_STAT="1", TZ="UTC")
