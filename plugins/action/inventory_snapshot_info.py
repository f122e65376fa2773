# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Action of mssante.hygiene.inventory_snapshot_info: the module as usual; the purges' list it
reads back from the snapshot (a megabyte and a half at 10,000 BAL) stays in the registered
variable but not on the console (quiet_result)."""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.plugin_utils.quiet_action import QuietResultAction


class ActionModule(QuietResultAction):
    pass
