# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one root of the engine's exceptions, so that a module catches one class and never shows a traceback.

Every engine exception derives from MssanteError; its message is the French sentence for the
person at the console, and `parameter` names the module option to fix when one is at fault.
"""

from __future__ import annotations


class MssanteError(Exception):
    """A failure the engine explains in French; `parameter` is the option at fault ("" when none),
    `result` the fields the failed task still returns (how far a read went, its evidence)."""

    parameter = ""

    def __init__(self, *args, parameter="", result=None):
        super().__init__(*args)
        if parameter:
            self.parameter = parameter
        self.result = dict(result or {})


class OptionError(MssanteError, ValueError):
    """A module option holds a value the engine cannot use (still a ValueError for older callers)."""
