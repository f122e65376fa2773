# SPDX-License-Identifier: GPL-3.0-or-later
"""Bench callback: wall time of every task (less the bench's own reading of the variables), bytes of
every registered or set_fact variable (read from the play once stored: a large result reaches the
callbacks censored), controller RSS,
the `timings` ({phase: seconds}) the collection's modules return (one per module run, loops included)
and annuaire_info's request count.

Enabled by bench/profile_scale.py only (ANSIBLE_CALLBACK_PLUGINS=bench/callback_plugins,
ANSIBLE_CALLBACKS_ENABLED=task_profile); writes one JSON line per task, then one for the
controller, to the file named by MSSANTE_TASK_PROFILE. Never shipped with the collection.
"""

import json
import os
import resource
import time

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
name: task_profile
type: aggregate
short_description: bench only - time per task and size of the variables passed between roles
description: Writes JSON lines to the file named by MSSANTE_TASK_PROFILE.
"""


def _size(value):
    """Bytes of the JSON of a variable (what travels between roles, as Ansible stores it)."""
    return len(json.dumps(value, default=str, ensure_ascii=False).encode("utf-8"))


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "task_profile"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self.path = os.environ.get("MSSANTE_TASK_PROFILE")
        self.current = None
        self.variable_manager = None
        self.pending = []  # (host name, registered variable) read once the play has stored them

    def _write(self, record):
        if self.path:
            with open(self.path, "a", encoding="utf-8") as out:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")

    def _close_task(self):
        if self.current is not None:
            # the bench's own reading of the variables is not the product's time
            spent = self._read_registered()
            self.current["seconds"] = round(time.perf_counter() - self.current.pop("started") - spent, 3)
            self._write(self.current)
            self.current = None

    def v2_playbook_on_play_start(self, play):
        self.variable_manager = play.get_variable_manager()

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._close_task()
        role = task._role.get_name() if task._role else ""  # pylint: disable=protected-access
        self.current = {"task": task.get_name(), "role": role, "action": task.action,
                        "started": time.perf_counter(), "variables": {}}

    def v2_playbook_on_handler_task_start(self, task):
        self.v2_playbook_on_task_start(task, False)

    def _variables(self, result, skipped=False):
        """A large result reaches the callbacks censored (the collection's quiet_result): the
        registered variable is read from the play once stored, after this callback."""
        if self.current is None:
            return
        task, data = result._task, result._result  # pylint: disable=protected-access
        started = time.perf_counter()
        host = result._host.name  # pylint: disable=protected-access
        names = [task.register] if task.register else []
        if task.action.endswith("set_fact") and not skipped:
            names += [name for name in task.args if name != "cacheable"]
        self.pending += [(host, name) for name in names]
        if not task.register:
            self._module_figures(data)
        self.current["bench_seconds"] = self.current.get("bench_seconds", 0) + time.perf_counter() - started

    def _read_registered(self):
        """Size, module timings and request counts of the variables registered by the task that
        ends; the seconds this took (left out of the task's time)."""
        started = time.perf_counter()
        stored = getattr(self.variable_manager, "_nonpersistent_fact_cache", {}) if self.variable_manager else {}
        found = self.current["variables"]
        for host, name in self.pending:
            data = (stored.get(host) or {}).get(name, ...)
            if data is ...:
                continue  # not set (a skipped set_fact)
            found[name] = max(found.get(name, 0), _size(data))
            if isinstance(data, dict):
                self._module_figures(data)
        self.pending = []
        return time.perf_counter() - started + self.current.pop("bench_seconds", 0)

    def _module_figures(self, data):
        # a looped task's result holds one result per item, each with its own timings
        for one in [data] + [item for item in data.get("results") or [] if isinstance(item, dict)]:
            if isinstance(one.get("timings"), dict):
                self.current.setdefault("timings", []).append(one["timings"])
            # annuaire_info's request count: its time is bounded by the gateway's throttle
            if isinstance(one.get("requests"), dict) and isinstance(one["requests"].get("count"), int):
                self.current["requests"] = self.current.get("requests", 0) + one["requests"]["count"]

    def v2_runner_on_ok(self, result):
        self._variables(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._variables(result)

    def v2_runner_on_skipped(self, result):
        self._variables(result, skipped=True)

    def v2_playbook_on_stats(self, stats):
        self._close_task()
        self._write({"controller_maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss})
