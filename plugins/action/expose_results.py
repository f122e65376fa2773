# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Action of mssante.hygiene.expose_results: the whole work, on the controller. The parts are read
by variable name as the play holds them (megabytes of findings: neither templated nor copied)."""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.exposed_results import (
    ARGUMENT_SPEC, ExposeError, assemble)
from ansible_collections.mssante.hygiene.plugins.plugin_utils.play_variable import variable_value
from ansible_collections.mssante.hygiene.plugins.plugin_utils.play_variables_action import PlayVariablesAction


class ActionModule(PlayVariablesAction):

    ARGUMENT_SPEC = ARGUMENT_SPEC

    def produce(self, args, task_vars):
        def lookup(key, variable):
            value, problem = variable_value(variable, task_vars, self._templar, "parts.%s" % key,
                                            "posée plus tôt dans le jeu par register ou set_fact")
            if problem:
                raise ExposeError(problem)
            return value

        return assemble(args["parts"], args["values"], lookup)
