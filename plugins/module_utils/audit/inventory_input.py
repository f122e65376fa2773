# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Where bal_audit's inventory comes from: the inventory snapshot at inventory_path (written by the
inventory role in this run), or the seven arguments Ansible handed over.

Either way the audit gets the only reference to the raw lists, so that they are freed once
turned into records instead of living until the module exits.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.argspec import INVENTORY_KEYS, argument_spec
from ansible_collections.mssante.hygiene.plugins.module_utils.inventory_snapshot import SnapshotRejected, read


def read_inventory(path, expect_sha256=None):
    """The seven inventory inputs of the snapshot at `path` (argspec defaults for the keys it lacks).

    Raises SnapshotRejected naming inventory_path when the file is absent, cut, corrupt, of another
    format or not the one `expect_sha256` names.
    """
    try:
        inventory = read(path, expect_sha256=expect_sha256 or None)["inventory"]
    except SnapshotRejected as exc:
        raise SnapshotRejected(str(exc), parameter="inventory_path") from None
    spec = argument_spec()
    # the other keys of the snapshot (counts, completeness, sources) are the roles'; dropped here
    return {key: inventory[key] if inventory.get(key) is not None else spec[key]["default"]
            for key in INVENTORY_KEYS}


def take_inventory(params, *copies):
    """The seven inventory inputs, taken out of the module's parameters and of the other dicts that
    hold the same values (the argument validator's): the audit then holds the only reference, and
    the module's result does not echo them back in its invocation."""
    inventory = {key: params.pop(key, None) for key in INVENTORY_KEYS}
    for copy in copies:
        for key in INVENTORY_KEYS:
            copy.pop(key, None)
    return inventory
