# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Action of mssante.hygiene.directory_info: the module as usual; its result (one record per BAL,
megabytes at 10,000 BAL) stays in the registered variable but not on the console (quiet_result)."""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.plugin_utils.quiet_action import QuietResultAction


class ActionModule(QuietResultAction):
    pass
