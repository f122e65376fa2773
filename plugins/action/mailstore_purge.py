# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Action of mssante.hygiene.mailstore_purge: the module as usual; a batch's result (what was
selected and deleted in each BAL, a megabyte per 2,000 BAL) stays in the registered variable but
not on the console (quiet_result). A looped task whose items are quiet is quiet as a whole."""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.plugin_utils.quiet_action import QuietResultAction


class ActionModule(QuietResultAction):
    pass
