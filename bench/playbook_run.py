# SPDX-License-Identifier: GPL-3.0-or-later
"""Run ansible-playbook for a bench: wall time, and peak memory of the play and of each module.

Modules run under a small interpreter wrapper (ansible_python_interpreter) that logs, for every
module process, its name, wall time and peak RSS (ru_maxrss of the process and of what it
started, e.g. doveadm). The whole ansible-playbook tree's peak comes from wait4().
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.dirname(sys.executable)

WRAPPER = '''#!{python}
# bench/playbook_run.py: runs one Ansible module, logs its wall time and peak RSS
import json, os, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call([{python!r}] + sys.argv[1:])
name = os.path.basename(sys.argv[-1]).replace("AnsiballZ_", "").replace(".py", "")
with open({log!r}, "a", encoding="utf-8") as log:
    log.write(json.dumps({{"module": name, "seconds": time.perf_counter() - start,
                          "maxrss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}}) + "\\n")
sys.exit(code)
'''


@dataclass
class PlaybookRun:
    wall: float
    tree_maxrss_kib: int  # ansible-playbook, its workers and every module, the largest
    modules: list = field(default_factory=list)  # [{"module", "seconds", "maxrss_kib"}] in order
    stdout: str = ""

    def module_peak(self, name=None):
        """Largest module RSS (KiB), of one module name or of all."""
        return max((m["maxrss_kib"] for m in self.modules if name in (None, m["module"])), default=0)

    def module_seconds(self, name):
        return sum(m["seconds"] for m in self.modules if m["module"] == name)


def run_playbook(path, env, *extra, inventory=None, measure_modules=True):
    """Run one playbook (failure raises SystemExit with its output tail) and measure it."""
    with tempfile.TemporaryDirectory(prefix="mssante-bench-") as work:
        log = os.path.join(work, "modules.jsonl")
        args = [os.path.join(BIN, "ansible-playbook"), "-i",
                inventory or os.path.join(ROOT, "inventories", "demo"), path, *extra]
        if measure_modules:
            wrapper = os.path.join(work, "python")
            with open(wrapper, "w", encoding="utf-8") as handle:
                handle.write(WRAPPER.format(python=sys.executable, log=log))
            os.chmod(wrapper, 0o755)
            args += ["-e", "ansible_python_interpreter=" + wrapper]
        output = os.path.join(work, "stdout")
        start = time.perf_counter()
        with open(output, "w+", encoding="utf-8") as out:
            proc = subprocess.Popen(args, env=env, cwd=ROOT, stdout=out,  # pylint: disable=consider-using-with
                                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            _pid, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            wall = time.perf_counter() - start
            out.seek(0)
            stdout = out.read()
        if proc.returncode != 0:
            raise SystemExit("ansible-playbook %s failed:\n%s" % (os.path.basename(path), stdout[-5000:]))
        modules = []
        if os.path.exists(log):
            with open(log, encoding="utf-8") as handle:
                modules = [json.loads(line) for line in handle]
    return PlaybookRun(wall, usage.ru_maxrss, modules, stdout)


def module_rows(run):
    """(name, calls, seconds, peak RSS in KiB) per module name, in order of first call."""
    names = []
    for item in run.modules:
        if item["module"] not in names:
            names.append(item["module"])
    return [(name, sum(1 for m in run.modules if m["module"] == name), run.module_seconds(name),
             run.module_peak(name)) for name in names]
