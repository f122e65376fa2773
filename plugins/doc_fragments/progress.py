# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Documentation fragment for the progress file option of mailstore_info and mailstore_purge."""

from __future__ import annotations


class ModuleDocFragment:

    DOCUMENTATION = r"""
options:
  progress_path:
    description:
      - File to which French progress lines are appended while the mailboxes are read or purged, for
        a person following a long run with C(tail -f) - Paris time, mailboxes done out of the total,
        failures so far and, for a purge, messages selected and deleted so far - at most one line
        every 2 seconds, plus a last line marked C(terminé).
      - The dry run of a purge with O(mssante.hygiene.mailstore_purge#module:max_run_delete_ratio) below 1 has its own
        lines, marked C(contrôle préalable).
      - Created with mode C(0600) when missing. A line that cannot be written (full disk) only gives a
        warning; the run goes on.
      - With the doveadm backend the count moves by chunks of mailboxes (one doveadm call each).
      - Nothing is written in check mode.
    type: path
    version_added: 0.10.0
  progress_label:
    description:
      - Words put at the start of each progress line, for instance the batch a role is running
        (C(Corbeilles, lot 2/5)), so that one file followed with C(tail -f) tells the batches apart.
    type: str
    default: ""
    version_added: 0.10.0
"""
