# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Action of mssante.hygiene.expose_results: the whole work, on the controller. The parts are read
by variable name as the play holds them (megabytes of findings: neither templated nor copied)."""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.exposed_results import ARGUMENT_SPEC, assemble
from ansible_collections.mssante.hygiene.plugins.plugin_utils.play_variables_action import PlayVariablesAction


class ActionModule(PlayVariablesAction):

    ARGUMENT_SPEC = ARGUMENT_SPEC

    def produce(self, args, task_vars):
        def lookup(key, variable):
            return self.play_dictionary(variable, task_vars, "parts.%s" % key,
                                        "posée plus tôt dans le jeu par register ou set_fact")

        return assemble(args["parts"], args["values"], lookup)
