# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Action of mssante.hygiene.inventory_snapshot: encode the snapshot here, on the controller, and
stage its bytes in the task's temporary directory on the host; the module only compares and moves
them. The inventory (megabytes at 10,000 BAL) never becomes module arguments: no JSON round trip of
it, no module process holding it parsed. With `inventory_from`, it is not even templated: the
variable is read as the play holds it (ansible-core 2.19 took 10 s to template 18 MB of it)."""

from __future__ import annotations

from ansible.plugins.action import ActionBase

from ansible_collections.mssante.hygiene.plugins.module_utils.inventory_snapshot import encode
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.entries import measured_entries
from ansible_collections.mssante.hygiene.plugins.plugin_utils.play_variable import variable_value

ARGUMENT_SPEC = {
    "path": {"type": "path", "required": True},
    "inventory": {"type": "dict"},
    "inventory_from": {"type": "str"},
    "leave_out": {"type": "list", "elements": "str", "default": []},
    "sources": {"type": "str", "required": True},
}


class ActionModule(ActionBase):

    TRANSFERS_FILES = True

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        _validation, args = self.validate_argument_spec(
            argument_spec=ARGUMENT_SPEC, required_one_of=[("inventory", "inventory_from")],
            mutually_exclusive=[("inventory", "inventory_from")])
        inventory = args["inventory"]
        if args["inventory_from"]:
            inventory, problem = variable_value(
                args["inventory_from"], task_vars or {}, self._templar, "inventory_from",
                "le rôle mssante.hygiene.inventory la pose avant d'écrire l'instantané")
            if problem:
                return dict(result, failed=True, msg=problem)
        inventory = dict((key, value) for key, value in inventory.items() if key not in args["leave_out"])
        data, sha256 = encode(inventory, args["sources"], measured_entries(inventory))
        tmpdir = self._connection._shell.tmpdir  # made by ActionBase.run, as TRANSFERS_FILES
        staged = self._connection._shell.join_path(tmpdir, "inventaire.json")
        try:
            self._transfer_data(staged, data)
            self._fixup_perms2((tmpdir, staged))
            result.update(self._execute_module(
                module_name="mssante.hygiene.inventory_snapshot", task_vars=task_vars,
                module_args={"path": args["path"], "sources": args["sources"], "staged": staged, "sha256": sha256}))
        finally:
            self._remove_tmp_path(tmpdir)
        return result
