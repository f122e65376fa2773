# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Waiting for a module started in the background (task `async`, `poll: 0`) without the
"FAILED - RETRYING" lines an `until` loop on async_status prints at every poll: the arguments,
the pace of the polls and what of the job's status file is the module's own result."""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import OptionError

ARGUMENT_SPEC = {
    "job": {"type": "raw", "required": True},
    "timeout": {"type": "int", "default": 86400},
}

# The job's status file carries these besides the module's result: left out of the task's result.
JOB_KEYS = ("ansible_job_id", "started", "finished", "results_file", "stdout", "stderr",
            "stdout_lines", "stderr_lines", "erased", "attempts")

FIRST_INTERVAL = 0.25
LONGEST_INTERVAL = 2.0


class JobArgumentError(OptionError):
    """The `job` argument names no background job (French message naming the argument)."""


def job_id(job):
    """The async job id from `job`: the result registered by the task started with `poll: 0`,
    or the id itself."""
    if isinstance(job, dict):
        if job.get("skipped"):
            raise JobArgumentError("job : la tâche lancée en arrière-plan a été sautée (when), il n'y a rien à attendre")
        identifier = job.get("ansible_job_id")
        if not identifier:
            raise JobArgumentError(
                "job : le résultat enregistré ne porte pas d'ansible_job_id ; la tâche doit être lancée "
                "avec async et poll: 0 (clés reçues : %s)" % (", ".join(sorted(job)) or "aucune"))
        return str(identifier)
    if isinstance(job, str) and job.strip():
        return job.strip()
    raise JobArgumentError("job : attendu le résultat enregistré d'une tâche lancée avec async et poll: 0, "
                           "ou son ansible_job_id")


def intervals():
    """Seconds to sleep between two polls: short first (most jobs end soon after the work
    they overlap with), then at most LONGEST_INTERVAL (each poll starts a process)."""
    interval = FIRST_INTERVAL
    while True:
        yield interval
        interval = min(interval * 2, LONGEST_INTERVAL)


def is_done(status):
    """Whether the job's status says it ended: finished, or failed in a way async_status could
    read (a job it cannot find, an unreadable status file)."""
    return bool(status.get("finished")) or bool(status.get("failed") and status.get("_ansible_parsed", True))


def module_result(status):
    """The module's own result out of the job's final status."""
    return {key: value for key, value in status.items() if key not in JOB_KEYS}
