#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
---
module: inventory_snapshot
short_description: Write the inventory snapshot that later steps read instead of the sources
version_added: 0.10.0
description:
  - Writes one complete read of the inventory (the inventory role's C(mssante_inventory)) to O(path),
    usually C(inventaire.json) under the state directory, mode C(0600) (it holds personal data),
    with its format, the SHA-256 of its content and the O(sources) fingerprint, so that
    M(mssante.hygiene.inventory_snapshot_info) and M(mssante.hygiene.bal_audit) can prove it before trusting it.
  - Three lines of canonical JSON - a header (format, fingerprint, the SHA-256 of each other line), the
    purges' part (the measured mailboxes with their BAL type and service, the counts), then the
    inventory - so that a purge reads its part and only hashes the rest.
  - The file is deterministic. When it already holds the same bytes, only its modification time
    (the snapshot's age) is refreshed and the task reports no change.
  - The file is written atomically (a temporary file renamed), so a reader never sees half of it.
  - An action plugin encodes the file on the controller and stages it in the task's temporary
    directory on the host, so that megabytes of inventory do not travel as module arguments
    (at 10,000 BAL the module needed 286 MiB to receive them); the module then compares and moves it.
author:
  - mssante.hygiene contributors (@mssante)
extends_documentation_fragment:
  - mssante.hygiene.attributes
  - mssante.hygiene.attributes.ACTION_PLUGIN
attributes:
  check_mode:
    support: full
    details: Writes nothing and refreshes nothing; reports whether the file would change.
  diff_mode:
    support: full
    details: Shows only the SHA-256 and size of the file before and after, never its content.
options:
  path:
    description: The snapshot file; its directory must exist (the inventory role creates it, mode C(0700)).
    type: path
    required: true
  inventory:
    description:
      - The inventory to keep (C(accounts), C(bals), C(mailboxes)...).
      - One of O(inventory) or O(inventory_from) is required in a task; the action plugin turns it
        into O(staged) and O(sha256).
    type: dict
  inventory_from:
    description:
      - The name of the variable that holds the inventory (the inventory role gives
        C(mssante_inventory)), instead of O(inventory).
      - The action plugin reads the variable as the play holds it, without templating it again - at
        10,000 BAL, templating the 18 MB of O(inventory) took 10 s of the task's 11 s.
    type: str
  leave_out:
    description:
      - Top-level keys of the inventory not to keep in the snapshot (the inventory role leaves out
        C(annuaire_completeness), whose dates change at each read, so that an unchanged platform leaves
        the snapshot unchanged).
    type: list
    elements: str
    default: []
  sources:
    description: The sources' fingerprint, from the P(mssante.hygiene.snapshot_sources#filter) filter.
    type: str
    required: true
  staged:
    description:
      - Set by the action plugin, not in a task - the snapshot's bytes, already encoded, in the task's
        temporary directory on the host.
    type: path
  sha256:
    description:
      - Set by the action plugin with O(staged) - the SHA-256 of the inventory's canonical JSON recorded in it.
    type: str
seealso:
  - module: mssante.hygiene.inventory_snapshot_info
  - plugin: mssante.hygiene.snapshot_sources
    plugin_type: filter
"""

EXAMPLES = r"""
- name: Keep the inventory for the purges
  mssante.hygiene.inventory_snapshot:
    path: "{{ mssante_state_dir }}/inventaire.json"
    inventory_from: mssante_inventory
    sources: "{{ mssante_ldap | mssante.hygiene.snapshot_sources(mssante_annuaire, mssante_imap, mssante_connection_file, mssante_domains) }}"
  register: snapshot
"""

RETURN = r"""
path:
  description: The snapshot file.
  returned: always
  type: str
sha256:
  description: SHA-256 of the inventory's canonical JSON, as recorded in the file.
  returned: always
  type: str
bytes:
  description: Size of the file.
  returned: always
  type: int
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mssante.hygiene.plugins.module_utils.inventory_snapshot import read_staged, write, write_encoded
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.entries import measured_entries
from ansible_collections.mssante.hygiene.plugins.module_utils.module_base import engine_errors
from ansible_collections.mssante.hygiene.plugins.module_utils.snapshot_reuse import describe, digest_line


def main():
    module = AnsibleModule(argument_spec=dict(path=dict(type="path", required=True),
                                              inventory=dict(type="dict"),
                                              inventory_from=dict(type="str"),
                                              leave_out=dict(type="list", elements="str", default=[]),
                                              sources=dict(type="str", required=True),
                                              staged=dict(type="path"),
                                              sha256=dict(type="str")),
                           required_one_of=[("inventory", "staged")],
                           mutually_exclusive=[("inventory", "staged")],
                           required_together=[("staged", "sha256")],
                           supports_check_mode=True)
    path = module.params["path"]
    before = describe(path) if module._diff else None
    with engine_errors(module):
        if module.params["staged"]:
            result = write_encoded(path, read_staged(module.params["staged"]), module.params["sha256"],
                                   check_mode=module.check_mode)
        else:
            kept = dict((key, value) for key, value in module.params["inventory"].items()
                        if key not in module.params["leave_out"])
            result = write(path, kept, module.params["sources"], measured_entries(kept), check_mode=module.check_mode)
    if module._diff:
        result["diff"] = {"before": before, "after": digest_line(result["sha256"], result["bytes"]),
                          "before_header": path, "after_header": path}
    # not the inventory again: Ansible would otherwise echo every module argument into the result
    # (megabytes in the registered variable, and personal data printed with -v)
    result["invocation"] = {"module_args": {"path": path, "sources": module.params["sources"],
                                            "inventory": "(%d octets)" % result["bytes"]}}
    module.exit_json(**result)


if __name__ == "__main__":
    main()
