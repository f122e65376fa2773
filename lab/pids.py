# SPDX-License-Identifier: GPL-3.0-or-later
"""Is the process a pid file names still the server that wrote it?

The tests start and stop thousands of processes (one imapd per Cyrus connection), so PIDs wrap
around within minutes (pid_max is 32768 here). A server that died leaves its pid file behind; the
same number may then belong to another worker's server, and stopping "ours" would kill theirs
(seen as a Cyrus master refusing connections in the middle of its seeding). A pid counts as ours
only while its command line names our own configuration file.
"""


def runs_with(pid, marker):
    """True when process `pid` exists and `marker` (a config path) is one of its arguments."""
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as handle:
            arguments = handle.read().split(b"\0")
    except OSError:
        return False
    return marker.encode() in arguments
