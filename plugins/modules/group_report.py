#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
---
module: group_report
short_description: Merge the audit reports of several MSSanté platforms into one group (GHT) report
version_added: 0.8.0
description:
  - Reads the C(audit.json) that M(mssante.hygiene.bal_audit) wrote for each platform of a group of
    establishments (GHT) and writes one report of the same shape under O(report_dir) - C(audit.json),
    C(audit.csv), C(audit.html) and C(audit.xlsx) - with the same renderers; without the XlsxWriter library
    C(audit.xlsx) is not written and a warning says how to install it.
  - Reads files only, never contacts any server. Each BAL, finding, operator request and change of the
    merged report carries the C(platform) it comes from; C(platforms) lists the platforms merged with the
    date of their audit.
  - "Counts are summed: per code, severity, action, site (FINESS EG), service, golden rule score
    (numerators and denominators), volumes, trash, patient documents (oldest pending date: the oldest).
    The group's identity is O(name) with every FINESS EG and domain of its platforms; the thresholds shown
    are those of the first platform of O(reports), with a note when the platforms differ; each platform's
    notes are kept, prefixed with its name."
  - The trend is merged by day (Europe/Paris) - on each day where a platform has an audit, the sum of
    every platform's latest audit on or before that day. A platform audited before the history existed
    counts as one point, its audit.
  - The merged report is dated by the newest audit merged, so a rerun on the same audits writes nothing and
    reports RV(ignore:changed=false).
  - An input that cannot be read, is cut (written while being read), is not an audit report, or is given
    twice (same platform name or same file) fails the task with a French message naming the platform and
    the file; nothing is written.
author:
  - mssante.hygiene contributors (@mssante)
requirements:
  - XlsxWriter >= 3.1 (Python library, on the host that writes the report; only for C(audit.xlsx))
extends_documentation_fragment:
  - mssante.hygiene.attributes
attributes:
  diff_mode:
    support: partial
    details:
      - Shows the finding counts per code of the previous and the new group C(audit.json).
  check_mode:
    support: full
    details:
      - Reads and merges the platform reports as usual but writes no file; RV(report.files) tells which
        files a real run would rewrite.
options:
  reports:
    description:
      - The platform reports to merge, one entry per platform, usually the C(audit.json) under each host's
        C(mssante_report_dir).
      - Every key of C(audit.json) added after 0.1.0 is optional, so reports of older versions merge too.
    type: list
    elements: dict
    required: true
    suboptions:
      platform:
        description: Name of the platform (the inventory hostname), written on each of its entries.
        type: str
        required: true
      path:
        description: Path of the platform's C(audit.json) on the host running the module.
        type: path
        required: true
  name:
    description: Name of the group, shown as the establishment and the platform of the merged report.
    type: str
    required: true
  report_dir:
    description:
      - Directory that receives the group report, on the host running the module (usually the controller).
        Created with mode C(0700) when missing; files are written with mode C(0600), atomically.
    type: path
    required: true
notes:
  - The group report holds personal data (addresses, names, RPPS) of every platform; keep O(report_dir) on
    a protected disk.
seealso:
  - module: mssante.hygiene.bal_audit
"""

EXAMPLES = r"""
- name: Merge the audits of two platforms into the GHT report
  mssante.hygiene.group_report:
    name: GHT Exemple
    reports:
      - platform: messagerie_ch_exemple
        path: /var/lib/mssante-hygiene/messagerie_ch_exemple/rapports/audit.json
      - platform: messagerie_ch_voisin
        path: /var/lib/mssante-hygiene/messagerie_ch_voisin/rapports/audit.json
    report_dir: /var/lib/mssante-hygiene/groupe/rapports
  delegate_to: localhost
  run_once: true
  register: group

- name: Show the findings per platform
  ansible.builtin.debug:
    var: group.platforms
"""

RETURN = r"""
platforms:
  description: The platforms merged, sorted by name.
  returned: always
  type: list
  elements: dict
  contains:
    platform:
      description: Name of the platform, as given in O(reports).
      type: str
      sample: messagerie_ch_exemple
    generated_at:
      description: When the platform's audit was made (ISO 8601, UTC).
      type: str
      sample: "2026-11-26T09:00:00+00:00"
    mailboxes:
      description: Number of BALs of the platform's audit.
      type: int
      sample: 1200
    findings:
      description: Number of findings of the platform's audit.
      type: int
      sample: 87
  sample: []
generated_at:
  description: Date of the group report, the newest C(generated_at) of the audits merged (ISO 8601, UTC).
  returned: always
  type: str
  sample: "2026-11-26T09:00:00+00:00"
summary:
  description:
    - The merged summary, as written in the group C(audit.json) (same keys as RV(mssante.hygiene.bal_audit#module:summary)
      without the labels), counts summed over the platforms.
  returned: always
  type: dict
  sample: {"mailboxes": 2400, "findings": 160, "by_code": {"inactive": 12}}
report:
  description: The group report files.
  returned: always
  type: dict
  contains:
    dir:
      description: The report directory, O(report_dir).
      type: str
      sample: /var/lib/mssante-hygiene/groupe/rapports
    files:
      description: One entry per file with C(name), C(path), C(size) in bytes and C(changed).
      type: list
      elements: dict
      sample: [{"name": "audit.json", "path": "/var/lib/mssante-hygiene/groupe/rapports/audit.json",
                "size": 120550, "changed": true}]
"""

import json
import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import os_error
from ansible_collections.mssante.hygiene.plugins.module_utils.module_base import engine_errors
from ansible_collections.mssante.hygiene.plugins.module_utils.report.group import group_document
from ansible_collections.mssante.hygiene.plugins.module_utils.report.writer import missing_report_warnings, write_document

ARGUMENT_SPEC = {
    "reports": {"type": "list", "elements": "dict", "required": True,
                "options": {"platform": {"type": "str", "required": True},
                            "path": {"type": "path", "required": True}}},
    "name": {"type": "str", "required": True},
    "report_dir": {"type": "path", "required": True},
}


def _counts_on_disk(path):
    """by_code of the group audit.json already written ({} when there is none or it is unreadable)."""
    try:
        with open(path, "rb") as handle:
            summary = json.loads(handle.read().decode("utf-8")).get("summary") or {}
    except (OSError, ValueError, AttributeError):
        return {}
    return (summary.get("by_code") or {}) if isinstance(summary, dict) else {}


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    params = module.params
    report_dir = params["report_dir"]
    json_path = os.path.join(report_dir, "audit.json")
    before = _counts_on_disk(json_path) if module._diff else None
    with engine_errors(module):
        document = group_document(params["name"], params["reports"])
    for warning in missing_report_warnings():
        module.warn(warning)
    try:
        files = write_document(report_dir, document, check_mode=module.check_mode)
    except OSError as exc:
        module.fail_json(msg="report_dir : impossible d'écrire le rapport de groupe dans %s (%s)"
                         % (report_dir, os_error(exc, report_dir)))
    output = {"changed": any(f.changed for f in files), "generated_at": document["generated_at"],
              "platforms": document["platforms"], "summary": document["summary"],
              "report": {"dir": report_dir, "files": [f.as_dict() for f in files]}}
    if module._diff:
        output["diff"] = {"before_header": json_path, "after_header": json_path,
                          "before": {"by_code": before}, "after": {"by_code": document["summary"].get("by_code", {})}}
    module.exit_json(**output)


if __name__ == "__main__":
    main()
