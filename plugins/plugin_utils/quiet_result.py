# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Keep a large successful result away from the callbacks, not from the play.

Under ansible-core 2.19 the controller copies, cleans and converts every task result once more
for the callbacks, shown or not: 1.5 s for a 6 MB result (measured), several seconds per audit
at 10,000 BAL, and at -v megabytes of JSON on the console. A result marked `_ansible_no_log`
reaches the callbacks as its `changed`, `warnings` and `deprecations` only, while the registered
variable keeps all of it. Failures, diffs and small results are never hidden; -vvv shows all.
"""

from __future__ import annotations

import json

LARGE_BYTES = 256 * 1024  # JSON of a result above which the console is no place for it (pages of it)
SHOWN_FROM_VERBOSITY = 3


def json_size(result):
    """Bytes of the result's JSON, as a callback would write it."""
    return len(json.dumps(result, default=str, ensure_ascii=False).encode("utf-8"))


def _may_hide(result, verbosity):
    return verbosity < SHOWN_FROM_VERBOSITY and not result.get("failed") and "diff" not in result


def keep_quiet(result, verbosity, size=json_size):
    """Mark `result` (a task result dict) for the callbacks to see only its outcome, when it is a
    large success without a diff and the person did not ask for -vvv. Returns the result."""
    if _may_hide(result, verbosity) and size(result) > LARGE_BYTES:
        result["_ansible_no_log"] = True
    return result


def keep_private(result, verbosity):
    """The same for a result that is personal data whatever its size (the inventory): a success is
    shown at -vvv only; a failure's French message always is (task-level no_log would hide it)."""
    if _may_hide(result, verbosity):
        result["_ansible_no_log"] = True
    return result
