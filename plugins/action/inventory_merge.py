# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Action of mssante.hygiene.inventory_merge: the whole work, on the controller. The sources'
results are read by variable name as the play holds them (megabytes at 10,000 BAL: not templated,
not sent to a module process) and merged in Python (module_utils.inventory_merge)."""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.inventory_merge import (
    ARGUMENT_SPEC, SOURCES, MergeError, merge_inventory)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.entries import measured_entries
from ansible_collections.mssante.hygiene.plugins.plugin_utils.play_variables_action import PlayVariablesAction


class ActionModule(PlayVariablesAction):

    ARGUMENT_SPEC = ARGUMENT_SPEC

    def produce(self, args, task_vars):
        results = {}
        for source, name in sorted(args["results_from"].items()):
            if source not in SOURCES:
                raise MergeError("results_from : source inconnue %s (sources possibles : %s)" % (
                    source, ", ".join(SOURCES)))
            if name is None or (source != "directory" and name not in task_vars):
                continue  # that source was not read in this run
            results[source] = dict(self.play_dictionary(
                str(name), task_vars, "results_from.%s" % source,
                "le rôle mssante.hygiene.inventory la pose en lisant la source"))
        inventory = merge_inventory(results, args["sources"], args["witness"] or "", args["probed"])
        # the purges' list: the mailboxes measured, with their BAL type and service
        inventory["mailbox_entries"] = measured_entries(inventory)
        return inventory
