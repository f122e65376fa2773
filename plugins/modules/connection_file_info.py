#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
---
module: connection_file_info
short_description: Read the operator's file of last connections per BAL (CSV or JSON)
version_added: 0.9.0
description:
  - Reads the file an MSSanté operator publishes with the date of the last connection of each BAL
    (the C(fichier Connexions)), and returns one entry per address with its date as ISO 8601 UTC.
  - A separate source rather than an option of M(mssante.hygiene.mailstore_info), because it is the
    only activity source of a platform hosted by an operator that gives no admin access at all; the
    audit (M(mssante.hygiene.bal_audit), option C(connections)) merges it with the platform's dates.
  - The file is trusted only when it proves complete. It is refused (the task fails, nothing is
    concluded) when it is empty, an HTML page (a failed download), UTF-16 or binary, has no header
    line naming O(address_column) and O(date_column), has a column neither of them nor in
    O(other_columns), has fewer than O(min_rows) usable rows, ends with a cut line (no final newline
    and a malformed last line), or has more than O(max_malformed_ratio) malformed rows.
  - Malformed rows below that ratio are skipped, counted and reported by line number (never their
    content, which may hold personal data) in RV(malformed), with a warning.
  - An empty date means the BAL is listed but never connected. An address listed twice keeps its
    newest date.
  - Never changes anything.
author:
  - mssante.hygiene contributors (@mssante)
extends_documentation_fragment:
  - mssante.hygiene.attributes.INFO_MODULE
options:
  path:
    description: The connection file on the host that runs the module.
    type: path
    required: true
  format:
    description: V(auto) takes JSON when the file starts with C([) or C({), CSV otherwise.
    type: str
    choices: [auto, csv, json]
    default: auto
  encoding:
    description:
      - V(auto) reads UTF-8 (with or without BOM) when the file decodes as UTF-8, else Windows-1252
        (C(cp1252), a superset of Latin-1 for text, what Excel writes in France).
    type: str
    choices: [auto, utf-8, cp1252]
    default: auto
  delimiter:
    description: CSV field separator; V(auto) takes the one of C(;) and C(,) the header line uses most.
    type: str
    choices: [auto, ";", ","]
    default: auto
  address_column:
    description:
      - Header of the column that holds the BAL address (a JSON key for JSON).
      - Headers are compared without case, accents, spaces or hyphens (C(Adresse BAL) is C(adresse_bal)).
    type: str
    default: adresse
  date_column:
    description: Header of the column that holds the date of the last connection (C(Dernière connexion) matches).
    type: str
    default: derniere_connexion
  other_columns:
    description:
      - Other columns the file is expected to have (ignored). Any column not declared here refuses the
        file, since a changed layout may have moved the dates.
    type: list
    elements: str
    default: []
  date_formats:
    description:
      - Date formats tried in order. V(iso8601) (with or without offset), V(epoch) (Unix seconds, or
        milliseconds with 13 digits) or a Python C(strptime) pattern such as C(%d/%m/%Y %H:%M).
      - A date without offset is wall-clock time in O(timezone).
    type: list
    elements: str
    default: ["iso8601", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "epoch"]
  timezone:
    description: Time zone of the dates written without offset.
    type: str
    choices: [Europe/Paris, UTC]
    default: Europe/Paris
  min_rows:
    description: Fewer usable rows than this refuses the file (a cut or empty export).
    type: int
    default: 1
  max_malformed_ratio:
    description: Share of malformed rows above which the file is refused instead of partly used.
    type: float
    default: 0.05
seealso:
  - module: mssante.hygiene.bal_audit
  - module: mssante.hygiene.mailstore_info
"""

EXAMPLES = r"""
- name: Read the operator's connection file (Excel export, French dates)
  mssante.hygiene.connection_file_info:
    path: /srv/mssante/connexions.csv
    address_column: Adresse BAL
    date_column: Dernière connexion
    other_columns: [Nom]
  register: connections

- name: Audit with it
  mssante.hygiene.bal_audit:
    establishment: "{{ mssante_establishment }}"
    connections: "{{ connections.connections }}"
"""

RETURN = r"""
connections:
  description: One entry per address, sorted by address.
  returned: always
  type: list
  elements: dict
  contains:
    address:
      description: The BAL address, lower-cased.
      type: str
    last_activity:
      description: Date of the last connection, ISO 8601 UTC; empty when the BAL never connected.
      type: str
    line:
      description: Line (CSV) or entry (JSON, from 1) of the file it was read from.
      type: int
malformed:
  description: The first 100 malformed rows, each with C(line) and C(reason) (French), never its content.
  returned: always
  type: list
  elements: dict
counts:
  description: C(rows) (data rows), C(connections), C(never) (listed without date), C(malformed), C(duplicates).
  returned: always
  type: dict
file:
  description: C(path), C(format), C(encoding), C(delimiter), C(columns) (normalised headers), C(newest) (date).
  returned: always
  type: dict
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mssante.hygiene.plugins.module_utils.activity.argspec import argument_spec
from ansible_collections.mssante.hygiene.plugins.module_utils.activity.connection_file import (
    malformed_warning, read_connection_file)
from ansible_collections.mssante.hygiene.plugins.module_utils.module_base import engine_errors


def main():
    module = AnsibleModule(argument_spec=argument_spec(), supports_check_mode=True)
    with engine_errors(module):
        result = read_connection_file(module.params)
    warning = malformed_warning(result)
    if warning:
        module.warn(warning)
    module.exit_json(changed=False, **result)


if __name__ == "__main__":
    main()
