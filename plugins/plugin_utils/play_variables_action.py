# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The action of a module that works on play variables only, on the controller: its options
checked, its result personal data kept from the callbacks below -vvv (quiet_result.keep_private),
its failure (an MssanteError) a French message."""

from __future__ import annotations

from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError
from ansible_collections.mssante.hygiene.plugins.plugin_utils.play_variable import variable_value
from ansible_collections.mssante.hygiene.plugins.plugin_utils.quiet_result import keep_private


class PlayVariablesAction(ActionBase):

    TRANSFERS_FILES = False
    ARGUMENT_SPEC = {}

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        _validation, args = self.validate_argument_spec(argument_spec=self.ARGUMENT_SPEC)
        try:
            produced = self.produce(args, task_vars or {})
        except MssanteError as error:
            return dict(result, failed=True, msg=str(error))
        result.update(produced, changed=False)
        return keep_private(result, Display().verbosity)

    def produce(self, args, task_vars):
        """The result's keys, from the checked options and the play's variables."""
        raise NotImplementedError

    def play_dictionary(self, name, task_vars, option, hint):
        """The dictionary the variable `name` holds, as the play holds it (play_variable); else an
        MssanteError in French naming `option` (and `hint`: who sets the variable)."""
        value, problem = variable_value(name, task_vars, self._templar, option, hint)
        if problem:
            raise MssanteError(problem)
        return value
