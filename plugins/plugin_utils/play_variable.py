# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A play variable read by name, as the play holds it, from an action plugin.

Megabytes of results (10,000 BAL) passed as module arguments are templated again first:
ansible-core 2.19 took 10 s for the 18 MB inventory. Read by name, they are not.
"""

from __future__ import annotations

from collections.abc import Mapping


def variable_value(name, task_vars, templar, option, hint):
    """(the dictionary the variable `name` holds, None) or (None, why not, in French).

    `option`: the option that named it; `hint`: who sets the variable, said when it is missing."""
    if name not in task_vars:
        return None, "%s : la variable %s n'est pas définie pour cet hôte (%s)" % (option, name, hint)
    value = task_vars[name]
    if isinstance(value, str):  # set as a template in vars rather than by set_fact or register
        value = templar.template(value)
    if not isinstance(value, Mapping):
        return None, "%s : la variable %s doit contenir un dictionnaire, elle contient : %s" % (
            option, name, type(value).__name__)
    return value, None
