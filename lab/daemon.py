# SPDX-License-Identifier: GPL-3.0-or-later
"""Background lab servers that must outlive `python -m lab up` (FHIR server, SMTP relay).

A daemon is `python -m <module> <lab dir>`, detached in its own session; once it serves, it
writes a small JSON state file (at least its `pid`) that `launch` waits for and `stop` reads.
"""

import json
import os
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def write_state(path, state):
    """Atomically publish the daemon's state: its presence means "serving"."""
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(state, handle)
    os.replace(tmp, path)


def launch(module, directory, state_path, log_path, what):
    """Start `python -m module directory` and return the state it publishes."""
    if os.path.exists(state_path):
        os.unlink(state_path)
    with open(log_path, "ab") as log:
        subprocess.Popen([sys.executable, "-m", module, directory],  # pylint: disable=consider-using-with
                         cwd=ROOT, stdout=log, stderr=log, start_new_session=True)
    for _attempt in range(200):
        if os.path.exists(state_path):
            with open(state_path, encoding="utf-8") as handle:
                return json.load(handle)
        time.sleep(0.05)
    raise RuntimeError("%s did not start: see %s" % (what, log_path))


def stop(state_path):
    """SIGTERM the daemon of `state_path` (SIGKILL after 5 s) and forget its state."""
    if not os.path.exists(state_path):
        return
    with open(state_path, encoding="utf-8") as handle:
        pid = json.load(handle)["pid"]
    try:
        os.kill(pid, signal.SIGTERM)
        for _attempt in range(100):
            if not _running(pid):
                break
            time.sleep(0.05)
        else:
            os.kill(pid, signal.SIGKILL)  # still serving after 5 s
    except ProcessLookupError:
        pass
    os.unlink(state_path)


def _running(pid):
    """False once the process has exited (a zombie nobody reaps counts as exited)."""
    try:
        with open("/proc/%d/stat" % pid, encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
