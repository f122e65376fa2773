# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""mailstore_info's patient document count of one mailbox over IMAP, folder by folder, with what
documents_cache remembers of each folder.

A folder the server shows unchanged is not read. One with the same UIDVALIDITY is read from the
UIDNEXT remembered on (what arrived since), and the remembered documents and proving notifications
are asked their FLAGS by UID: those the server no longer gives were expunged, the others get their
flags of today (a keyword may have been set). Any other folder is read whole. The key kept for
next time is the one of the EXAMINE that preceded this read.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.documents_cache import (
    folder_key, known_uids, merged_facts)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imap_documents import (
    folder_updates, mdn_proofs_by_folder)


def document_counts(session, folders, documents, login="", cache=None, keys=None, condstore=False):
    """{total, integrated, pending, oldest_pending} of the mailbox (see patient_documents).

    `keys`: {wire name: documents_cache.folder_key} of this session's EXAMINE of each folder;
    `cache` (documents_cache.DocumentsCache) gives what was remembered and keeps what is found."""
    stored = cache.folders(login) if cache is not None else {}
    keys = keys or {}
    facts, reads = {}, []
    for folder in folders:
        if not (folder.status or {}).get("MESSAGES", 1):
            continue
        old, key = stored.get(folder.raw), keys.get(folder.raw)
        if old is not None and key is not None and old.key == key:
            facts[folder.raw] = old
        elif old is not None and key is not None and old.key[0] == key[0]:
            reads.append((folder, old.key[1], known_uids(old)))
        else:
            reads.append((folder, 1, frozenset()))
    reused = len(facts)
    opened = {}
    updates = folder_updates(session, reads, documents, opened, condstore) if reads else {}
    notifications = [m for fresh, _still in updates.values() for m in fresh if m.mdn_part]
    proofs = mdn_proofs_by_folder(session, notifications) if documents.mdn and notifications else {}
    for folder, since, _known_uids in reads:
        fresh, still = updates.get(folder.raw, ([], {}))
        old = stored.get(folder.raw) if since > 1 else None
        # the key of the EXAMINE before the read: what arrived after it is read next time
        key = folder_key(opened[folder.raw], condstore) if folder.raw in opened else None
        facts[folder.raw] = merged_facts(old, since, still, fresh, proofs.get(folder.raw, {}), key)
    if cache is not None:
        cache.keep(login, facts, reused, sum(1 for _folder, since, _known in reads if since > 1))
    found = [m for f in facts.values() for m in f.documents]
    return documents.counts(found, frozenset(original for f in facts.values() for original in f.proofs.values()))
