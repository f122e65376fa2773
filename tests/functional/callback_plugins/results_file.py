# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Test-only callback: append every task result as one JSON line to $RESULTS_FILE."""

from __future__ import annotations

DOCUMENTATION = r"""
name: results_file
type: aggregate
short_description: Write task results to a JSON Lines file (tests only)
description:
  - Appends one JSON line per task result to the file named by the E(RESULTS_FILE) variable.
requirements:
  - enabled in ANSIBLE_CALLBACKS_ENABLED
"""

import json
import os

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "results_file"
    CALLBACK_NEEDS_ENABLED = True

    def _write(self, result, status):
        data = dict(result._result)  # pylint: disable=protected-access
        data["_status"] = status
        data["_task"] = result.task_name
        with open(os.environ["RESULTS_FILE"], "a", encoding="utf-8") as handle:
            handle.write(json.dumps(data, default=str) + "\n")

    def v2_runner_on_ok(self, result):
        self._write(result, "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._write(result, "failed")

    def v2_runner_on_skipped(self, result):
        self._write(result, "skipped")
