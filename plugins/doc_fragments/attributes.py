# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Documentation fragments for module attributes (check mode, diff) shared by the collection."""

from __future__ import annotations


class ModuleDocFragment:

    DOCUMENTATION = r"""
options: {}
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
"""

    # Read-only modules: nothing to change, so check mode is exact and diff does not apply.
    INFO_MODULE = r"""
options: {}
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details: This module never changes anything, so check mode runs exactly like a normal run.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: N/A
    details: This module never changes anything.
"""

    # Modules with an action plugin of the same name: part of the work runs on the controller.
    ACTION_PLUGIN = r"""
options: {}
attributes:
  action:
    description: Indicates this has a corresponding action plugin so some parts of the module run on the controller.
    support: full
"""

    # Action-only modules that read play variables on the controller and change nothing
    # (with DOCUMENTATION and ACTION_PLUGIN, which describe the attributes).
    PLAY_VARIABLES = r"""
options: {}
attributes:
  check_mode:
    support: full
    details: Reads variables only.
  diff_mode:
    support: none
"""
