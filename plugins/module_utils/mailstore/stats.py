# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Mailbox totals every backend derives the same way from its folders (MailboxStats)."""

from __future__ import annotations


def fill_totals(stats):
    """Mailbox totals and Trash figures from stats.folders."""
    stats.messages = sum(f["messages"] for f in stats.folders)
    stats.bytes = sum(f["bytes"] for f in stats.folders)
    stats.unseen = sum(f["unseen"] for f in stats.folders)
    for folder in stats.folders:
        if folder["special_use"] == "\\Trash":
            stats.trash_messages += folder["messages"]
            stats.trash_bytes += folder["bytes"]
            oldest = folder.get("oldest_saved") or folder.get("oldest") or ""
            if oldest and (not stats.trash_oldest or oldest < stats.trash_oldest):
                stats.trash_oldest = oldest
    return stats
