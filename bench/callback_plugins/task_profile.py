# SPDX-License-Identifier: GPL-3.0-or-later
"""Bench callback: wall time of every task, bytes of every registered or set_fact variable, controller RSS,
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

    def _write(self, record):
        if self.path:
            with open(self.path, "a", encoding="utf-8") as out:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")

    def _close_task(self):
        if self.current is not None:
            self.current["seconds"] = round(time.perf_counter() - self.current.pop("started"), 3)
            self._write(self.current)
            self.current = None

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._close_task()
        role = task._role.get_name() if task._role else ""  # pylint: disable=protected-access
        self.current = {"task": task.get_name(), "role": role, "action": task.action,
                        "started": time.perf_counter(), "variables": {}}

    def v2_playbook_on_handler_task_start(self, task):
        self.v2_playbook_on_task_start(task, False)

    def _variables(self, result):
        if self.current is None:
            return
        task, data = result._task, result._result  # pylint: disable=protected-access
        found = self.current["variables"]
        if task.register:
            found[task.register] = max(found.get(task.register, 0), _size(data))
        for name, value in (data.get("ansible_facts") or {}).items():
            if task.action.endswith("set_fact"):
                found[name] = max(found.get(name, 0), _size(value))
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
        self._variables(result)

    def v2_playbook_on_stats(self, stats):
        self._close_task()
        self._write({"controller_maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss})
