# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""When the platform can list every mailbox it knows (mailstore_info's `discover`).

Only the doveadm CLI on the mail host iterates the userdb: IMAP cannot list other users'
mailboxes, nor can the doveadm HTTP API here. The inventory role lists them whenever it can,
unless the inventory says otherwise (mssante_imap.discover).
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.backends import can_list


def wants_discover(imap):
    """mssante_imap's `discover` when given, else whether the platform can list its mailboxes."""
    imap = imap or {}
    if imap.get("discover") is not None:
        return imap["discover"]
    return can_list(imap)
