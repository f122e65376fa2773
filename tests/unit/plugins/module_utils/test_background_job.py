# SPDX-License-Identifier: GPL-3.0-or-later
"""Waiting for a module started in the background: which job, how often, what is the module's."""

import itertools

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.background_job import (
    LONGEST_INTERVAL, JobArgumentError, intervals, is_done, job_id, module_result)


def test_job_id_from_the_registered_start_or_the_id_itself():
    assert job_id({"ansible_job_id": "j123.45", "started": 1, "finished": 0}) == "j123.45"
    assert job_id(" j123.45 ") == "j123.45"


@pytest.mark.parametrize("job, says", [
    ({"skipped": True, "changed": False}, "sautée"),
    ({"changed": False, "msg": "x"}, "ansible_job_id ; la tâche doit être lancée avec async et poll: 0 (clés reçues : changed, msg)"),
    ({}, "clés reçues : aucune"),
    ("", "job : attendu"),
    (42, "job : attendu"),
])
def test_a_job_argument_that_names_no_job_is_a_french_error_naming_job(job, says):
    with pytest.raises(JobArgumentError, match="^job : ") as error:
        job_id(job)
    assert says in str(error.value)


def test_polls_start_short_then_never_wait_longer_than_the_bound():
    first = list(itertools.islice(intervals(), 8))
    assert first[0] < 0.5 and first == sorted(first)
    assert max(first) == LONGEST_INTERVAL and first[-1] == LONGEST_INTERVAL


@pytest.mark.parametrize("status, done", [
    ({"started": True, "finished": False}, False),
    ({"finished": True, "changed": False}, True),
    ({"finished": 1}, True),
    # async_status cannot find the job, or cannot read its status: nothing more will come
    ({"failed": True, "msg": "could not find job", "finished": True}, True),
    ({"failed": True, "msg": "Could not parse job output"}, True),
    # a failed poll whose answer Ansible could not parse (connection trouble): poll again
    ({"failed": True, "_ansible_parsed": False}, False),
])
def test_done_when_finished_or_failed_as_async_status_reports_it(status, done):
    assert is_done(status) is done


def test_the_module_result_leaves_out_the_job_bookkeeping():
    status = {"ansible_job_id": "j1", "started": True, "finished": True, "results_file": "/root/.ansible_async/j1",
              "stdout": "", "stderr": "", "stdout_lines": [], "stderr_lines": [],
              "changed": True, "msg": "rapport écrit", "warnings": ["attention"], "diff": {"before": "a", "after": "b"},
              "findings": [{"kind": "inactive"}]}
    assert module_result(status) == {"changed": True, "msg": "rapport écrit", "warnings": ["attention"],
                                     "diff": {"before": "a", "after": "b"}, "findings": [{"kind": "inactive"}]}
