# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: mailbox_batches
short_description: Split a list of mailboxes into batches, without a tiny last batch
version_added: 0.10.0
author:
  - mssante.hygiene team (@mssante)
description:
  - Splits the list into batches of O(size) items, in order, like C(batch), except that a
    remainder smaller than a tenth of O(size) joins the last batch instead of making its own.
  - Each batch is one module start-up and one pass over the mail platform; 10 003 BAL by 2 000
    make 5 batches (the last of 2 003), not 6 of which one of 3 BAL.
options:
  _input:
    description: The items, usually the mailbox entries of a purge.
    type: list
    elements: raw
    required: true
  size:
    description: Items per batch, at least 1.
    type: int
    required: true
"""

EXAMPLES = r"""
- name: One module call per batch of 2,000 BAL
  mssante.hygiene.mailstore_purge:
    mailboxes: "{{ item }}"
    rules: "{{ rules }}"
  loop: "{{ entries | mssante.hygiene.mailbox_batches(2000) }}"
"""

RETURN = r"""
_value:
  description: The batches, each a list; an empty input gives no batch.
  type: list
  elements: list
"""

from ansible.errors import AnsibleFilterError

# a remainder under this share of a batch rides with the last full batch
SMALL_REMAINDER = 0.1


def mailbox_batches(items, size):
    """Batches of `size` items; a remainder under a tenth of `size` joins the last batch."""
    try:
        count = int(size)
    except (TypeError, ValueError):
        count = 0
    if count < 1:
        raise AnsibleFilterError("mailbox_batches : la taille d'un lot (batch_size) doit être un entier "
                                 ">= 1, reçu %r" % (size,))
    items = list(items or [])
    batches = [items[start:start + count] for start in range(0, len(items), count)]
    if len(batches) > 1 and len(batches[-1]) < count * SMALL_REMAINDER:
        batches[-2].extend(batches.pop())
    return batches


class FilterModule:

    def filters(self):
        return {"mailbox_batches": mailbox_batches}
