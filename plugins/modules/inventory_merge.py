#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
---
module: inventory_merge
short_description: Put the inventory together from the results of its sources' modules
version_added: 0.10.0
description:
  - Builds the inventory the roles share (the inventory role registers it as C(mssante_inventory))
    from the registered results of M(mssante.hygiene.directory_info),
    M(mssante.hygiene.annuaire_info) (through M(mssante.hygiene.background_result)),
    M(mssante.hygiene.mailstore_info) and M(mssante.hygiene.connection_file_info).
  - Adds C(mailbox_entries), the mailboxes measured on the platform with the BAL type and service the
    inventory knows (as P(mssante.hygiene.mailbox_entries#filter) gives them) - the list the trash
    and retention purges work on.
  - Runs entirely on the controller (action plugin). The results are read by variable name as the
    play holds them, neither templated again nor sent to a module process - at 10,000 BAL, templating
    their 18 MB took 8 s.
  - Changes nothing; the result is the inventory. Personal data, megabytes at 10,000 BAL - a successful
    result reaches the callbacks as its outcome only, the registered variable keeps all of it;
    C(-vvv) shows it whole, and a failure's French message is always shown.
author:
  - mssante.hygiene contributors (@mssante)
extends_documentation_fragment:
  - mssante.hygiene.attributes
  - mssante.hygiene.attributes.ACTION_PLUGIN
  - mssante.hygiene.attributes.PLAY_VARIABLES
options:
  results_from:
    description:
      - For each source, the name of the variable that holds its module's registered result.
      - Sources - V(directory) (required), V(annuaire), V(mailstore), V(mailstore_more) (the second
        measure, of the BALs only the Annuaire publishes), V(connections).
      - A variable that is not defined, or the result of a skipped task, counts as a source not
        read in this run.
    type: dict
    required: true
  sources:
    description: The names of the sources read, kept in the inventory as C(sources).
    type: list
    elements: str
    required: true
  witness:
    description:
      - The mailbox the second measure took along to prove absences over IMAP, left out of its
        C(mailboxes) and C(failures) (the first measure already holds it).
    type: str
    default: ""
  probed:
    description:
      - Pending deletions the platform was asked about only for their absence evidence, left out of
        C(mailboxes).
    type: list
    elements: str
    default: []
seealso:
  - module: mssante.hygiene.inventory_snapshot
  - plugin: mssante.hygiene.mailbox_entries
    plugin_type: filter
"""

EXAMPLES = r"""
- name: Put the inventory together
  mssante.hygiene.inventory_merge:
    results_from:
      directory: ldap_accounts
      annuaire: annuaire
      mailstore: platform
    sources: [ldap, annuaire, messagerie]
  register: inventory
"""

RETURN = r"""
accounts:
  description: The directory's accounts (C(directory_info)'s C(accounts)).
  returned: success
  type: list
  elements: dict
directory_counts:
  description: C(directory_info)'s C(counts).
  returned: success
  type: dict
bals:
  description: The BALs the Annuaire Santé publishes for the establishment, empty without that source.
  returned: success
  type: list
  elements: dict
practitioners:
  description: The practitioners the Annuaire Santé publishes, empty without that source.
  returned: success
  type: list
  elements: dict
annuaire_complete:
  description: True only when C(annuaire_info) proved its read complete.
  returned: success
  type: bool
annuaire_completeness:
  description: C(annuaire_info)'s evidence of completeness.
  returned: success
  type: dict
mailboxes:
  description: The mailboxes measured on the platform, both measures, O(witness) and O(probed) left out.
  returned: success
  type: list
  elements: dict
mailbox_failures:
  description: The mailboxes the platform could not measure, and why.
  returned: success
  type: list
  elements: dict
mailbox_absent:
  description: The mailboxes the platform proved absent.
  returned: success
  type: list
  elements: str
mailbox_absent_evidence:
  description: For each absent mailbox, how its absence was proven.
  returned: success
  type: dict
mailbox_listed_all:
  description: True when the platform listed every mailbox it holds (discovery).
  returned: success
  type: bool
connections:
  description: The last connections from the operator's file, empty without that source.
  returned: success
  type: list
  elements: dict
connection_file:
  description: C(connection_file_info)'s C(counts), C(file) and C(malformed).
  returned: success
  type: dict
sources:
  description: O(sources).
  returned: success
  type: list
  elements: str
mailbox_entries:
  description: The mailboxes measured, each with its BAL type and service - the purges' list.
  returned: success
  type: list
  elements: dict
  sample: [{"login": "jean.dupont@ch-exemple.mssante.fr", "type": "PER", "service": "Cardiologie"}]
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mssante.hygiene.plugins.module_utils.inventory_merge import ARGUMENT_SPEC
from ansible_collections.mssante.hygiene.plugins.module_utils.module_base import refuse_remote_run


def main():
    refuse_remote_run(AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True), "inventory_merge")


if __name__ == "__main__":
    main()
