# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The action of a module whose result can weigh megabytes (one record per BAL): runs the module
as ansible-core's own action does (check mode, async, module_defaults alike), then keeps a large
successful result away from the callbacks (quiet_result)."""

from __future__ import annotations

from ansible.plugins.action.normal import ActionModule as NormalAction
from ansible.utils.display import Display

from ansible_collections.mssante.hygiene.plugins.plugin_utils.quiet_result import keep_quiet


class QuietResultAction(NormalAction):

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        if self._task.async_val:
            return result  # a job's start: nothing large yet
        return keep_quiet(result, Display().verbosity)
