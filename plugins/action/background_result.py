# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Action of mssante.hygiene.background_result: poll the job quietly, give the module's result
as the task's own, and erase the job's status file once read (it holds that result)."""

from __future__ import annotations

import time

from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

from ansible_collections.mssante.hygiene.plugins.module_utils.background_job import (
    ARGUMENT_SPEC, JobArgumentError, intervals, is_done, job_id, module_result)
from ansible_collections.mssante.hygiene.plugins.plugin_utils.quiet_result import keep_quiet


class ActionModule(ActionBase):

    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        _validation, args = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)
        try:
            jid = job_id(args["job"])
        except JobArgumentError as error:
            return dict(result, failed=True, msg=str(error))
        async_dir = self._remote_expand_user(self.get_shell_option("async_dir", default="~/.ansible_async"))
        deadline = time.monotonic() + args["timeout"]
        for interval in intervals():
            status = self._job_status(jid, "status", async_dir, task_vars)
            if is_done(status):
                break
            if time.monotonic() + interval > deadline:
                # the status file is left: the job still runs and writes it when it ends
                return dict(result, failed=True, msg=(
                    "la tâche lancée en arrière-plan (%s) n'a pas fini en %d s (timeout) ; elle s'arrête "
                    "d'elle-même à la limite donnée par son async" % (jid, args["timeout"])))
            time.sleep(interval)
        self._job_status(jid, "cleanup", async_dir, task_vars)
        result.update(module_result(status))
        # the Annuaire's records or the audit's findings: megabytes at 10,000 BAL
        return keep_quiet(result, Display().verbosity)

    def _job_status(self, jid, mode, async_dir, task_vars):
        return self._execute_module(module_name="ansible.legacy.async_status", task_vars=task_vars,
                                    module_args={"jid": jid, "mode": mode, "_async_dir": async_dir})
