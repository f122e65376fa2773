# SPDX-License-Identifier: GPL-3.0-or-later
"""A large successful result is kept from the callbacks; failures, diffs, small results and
-vvv are always shown (issue 20: 1.5 s per 6 MB result under ansible-core 2.19)."""
import pytest

from ansible_collections.mssante.hygiene.plugins.plugin_utils.quiet_result import LARGE_BYTES, json_size, keep_quiet

LARGE = {"changed": False, "mailboxes": [{"mailbox": "x" * 1000}] * 1100}


def test_a_large_success_is_marked_and_keeps_its_data():
    result = keep_quiet(dict(LARGE), verbosity=0)
    assert result["_ansible_no_log"] is True
    assert result["mailboxes"] == LARGE["mailboxes"]  # the registered variable keeps it all


@pytest.mark.parametrize("result, verbosity", [
    ({"changed": False, "mailboxes": []}, 0),  # small
    (dict(LARGE, failed=True, msg="identifiants refusés"), 0),  # a failure says why
    (dict(LARGE, diff={"before": "", "after": ""}), 0),  # --diff shows what would change
    (dict(LARGE), 3),  # -vvv shows all
])
def test_what_is_always_shown(result, verbosity):
    assert "_ansible_no_log" not in keep_quiet(result, verbosity)


def test_the_size_is_the_json_a_callback_would_write():
    assert json_size({"é": 1}) == len('{"é": 1}'.encode("utf-8"))
    assert json_size(LARGE) > LARGE_BYTES
