#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
---
module: background_result
short_description: Wait for a module started in the background and take its result as this task's
version_added: 0.10.0
description:
  - The roles start a slow read-only module in the background (C(async) with C(poll) set to 0) while other
    work goes on - the Annuaire Santé while the platform is measured, the audit report while the
    purges are previewed - then call this module where its result is needed.
  - Polls the job quietly (every 0.25 s at first, then every 2 s at most), without the
    C(FAILED - RETRYING) line an C(until) loop on M(ansible.builtin.async_status) prints at each poll.
  - The task's result is the module's own - its return values, C(changed), C(failed) and its French
    C(msg), warnings and C(diff) - as if it had run in the foreground.
  - A successful result over 256 KB of JSON (the Annuaire's records, the audit's findings) reaches the
    callbacks as its outcome, warnings and deprecations only; the registered variable keeps all of
    it. A failure, a diff and C(-vvv) show it whole.
  - Erases the job's status file once read (it holds that result, personal data included); on
    O(timeout) the file is left, as the job still runs until the limit its C(async) gave it.
  - Runs on the controller (action plugin); each poll runs M(ansible.builtin.async_status) on the host.
author:
  - mssante.hygiene contributors (@mssante)
extends_documentation_fragment:
  - mssante.hygiene.attributes
  - mssante.hygiene.attributes.ACTION_PLUGIN
attributes:
  check_mode:
    support: full
    details: Reads the job's status only; the job itself ran with the check mode of its own task.
  diff_mode:
    support: full
    details: The job module's C(diff), if any, is this task's.
options:
  job:
    description:
      - The result registered by the task started with C(async) and C(poll) set to 0, or its C(ansible_job_id).
      - A skipped task (its C(when) was false) is an error, named in French.
    type: raw
    required: true
  timeout:
    description:
      - Seconds to wait before failing. The job keeps running until its own C(async) limit.
    type: int
    default: 86400
seealso:
  - module: ansible.builtin.async_status
"""

EXAMPLES = r"""
- name: Start reading the Annuaire Santé
  mssante.hygiene.annuaire_info:
    domains: [ch-exemple.mssante.fr]
  async: 21600
  poll: 0
  changed_when: false
  register: annuaire_job

- name: Measure the platform meanwhile
  mssante.hygiene.mailstore_info:
    mailboxes: [dr.martin@ch-exemple.mssante.fr]
  register: mailstore

- name: Take the Annuaire's result
  mssante.hygiene.background_result:
    job: "{{ annuaire_job }}"
  register: annuaire
"""

RETURN = r"""
msg:
  description: The job module's message; on a failure of this module itself (timeout, no job), why in French.
  returned: on failure
  type: str
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mssante.hygiene.plugins.module_utils.background_job import ARGUMENT_SPEC
from ansible_collections.mssante.hygiene.plugins.module_utils.module_base import refuse_remote_run


def main():
    refuse_remote_run(AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True), "background_result")


if __name__ == "__main__":
    main()
