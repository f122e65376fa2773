# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the audit returns besides findings: the per-BAL inventory and the summary counts.

Every count map lists every key (zeros included) in contract order, so the JSON report keeps
the same shape from one run to the next.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.breakdown import by_service, by_site
from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import (
    ACTIONS, CODES, SEVERITIES, code_label, not_measured_codes)
from ansible_collections.mssante.hygiene.plugins.module_utils.audit.scores import scores


def mailbox_row(row, findings, ctx):
    """The inventory entry of one BAL: what each source says, and the codes found."""
    account, bal, stats = row.account, row.bal, row.stats
    entry = {
        "address": row.address,
        "type": row.type,
        "service": row.service,
        "site": row.site,
        "site_source": row.site_source,
        "owner": account.name if account is not None else "",
        "owner_dn": account.dn if account is not None else "",
        "rpps": row.rpps,
        "directory_status": account.status if account is not None else "absent",
        "published": row.published,
        "liste_rouge": bool(bal is not None and bal.liste_rouge),
        "carriers": list(bal.carrier) if bal is not None else [],
        "situations": row.situation_keys(),
        "preferred": bool(bal is not None and bal.preferred),
        # None: the platform was not read (hosted elsewhere), presence not measured
        "on_platform": row.on_platform if ctx.platform_known else None,
        "in_connection_file": row.listed,
        "last_activity": row.last_activity,
        "last_activity_source": row.activity_source,
        "inactive_days": row.activity_days,
    }
    for key in ("messages", "bytes", "trash_messages", "trash_bytes", "trash_oldest",
                "quota_used_bytes", "quota_limit_bytes"):
        entry[key] = getattr(stats, key) if stats is not None else None
    # counts and the oldest date only (None: not measured), never a message of the mailbox
    entry["patient_documents"] = dict(stats.patient_documents) if stats is not None and stats.patient_documents \
        else None
    entry["codes"] = [f.code for f in findings]
    entry["notes"] = list(row.notes)
    return entry


def _counts(keys, values):
    counts = dict.fromkeys(keys, 0)
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def patient_documents_totals(rows):
    """Totals of the mailboxes the platform measured; the others are counted, never guessed."""
    measured = [row.stats.patient_documents for row in rows
                if row.stats is not None and row.stats.patient_documents is not None]
    oldest = sorted(m["oldest_pending"] for m in measured if m["pending"] and m["oldest_pending"])
    totals = {"measured": len(measured), "not_measured": sum(1 for row in rows if row.on_platform) - len(measured)}
    for key in ("total", "integrated", "pending"):
        totals[key] = sum(m[key] for m in measured)
    totals["mailboxes_pending"] = sum(1 for m in measured if m["pending"])
    totals["oldest_pending"] = oldest[0] if oldest else None
    return totals


def _notes(ctx, documents):
    notes = []
    if not ctx.platform_known and ctx.connections:
        notes.append("Plateforme de messagerie non lue (aucun accès d'administration) : l'activité vient du "
                     "fichier des connexions de l'opérateur ; non mesurés, donc sans constat : %s."
                     % ", ".join("« %s »" % code_label(c) for c in not_measured_codes(False, True)))
    elif not ctx.platform_known:
        notes.append("Aucune statistique de messagerie : activité, corbeille, quota et adresses "
                     "publiées sans BAL n'ont pas été contrôlés.")
    elif documents["not_measured"]:
        notes.append("Documents patients non mesurés sur %d BAL (option patient_documents non donnée à "
                     "mailstore_info, ou plateforme qui ne les compte pas) : le constat « Documents patients non intégrés » n'y a pas "
                     "été contrôlé." % documents["not_measured"])
    if ctx.unreachable:
        notes.append("BAL illisibles sur la plateforme (jamais signalées comme « Adresse publiée "
                     "sans BAL ») : %d." % len(ctx.unreachable))
    if not ctx.preferred_known:
        notes.append("La source Annuaire ne donne aucun rang (BAL préférentielle) : le contrôle "
                     "« pas de BAL préférentielle » n'a pas été fait.")
    return notes


def summarise(per_row, ctx, out_of_scope):
    rows = [row for row, _found in per_row]
    findings = [f for _row, found in per_row for f in found]
    th = ctx.thresholds
    stats = [row.stats for row in rows if row.stats is not None]
    documents = patient_documents_totals(rows)
    return {
        "establishment": ctx.identity.as_dict(),
        "thresholds": {"inactivity_days": th.inactivity_days, "inactivity_warning_days": th.inactivity_warning_days,
                       "deletion_after_days": th.deletion_after_days,
                       "trash_max_age_days": th.trash_max_age_days,
                       "quota_warning_ratio": th.quota_warning_ratio, "preferred_check": th.preferred_check,
                       "documents_pending_days": th.documents_pending_days},
        "mailboxes": len(rows),
        "mailboxes_with_findings": sum(1 for _row, found in per_row if found),
        "findings": len(findings),
        "by_code": _counts(CODES, (f.code for f in findings)),
        "by_severity": _counts(SEVERITIES, (f.severity for f in findings)),
        "by_action": _counts(ACTIONS, (f.action for f in findings)),
        "on_platform": len(stats),
        "published": sum(1 for row in rows if row.published),
        "in_directory": sum(1 for row in rows if row.account is not None),
        "inactive": sum(1 for row in rows if ctx.inactive(row)),
        "activity_unknown": sum(1 for row in rows if ctx.exists(row) and row.activity_days is None),
        "activity_sources": _counts(("last_login", "connection_file", "sent_folder"),
                                    (row.activity_source for row in rows if row.activity_days is not None)),
        "platform_measured": ctx.platform_known,
        "connection_file": sum(1 for row in rows if row.listed),
        # codes no source of this audit could measure: "non mesuré" in the report, never 0
        "not_measured": not_measured_codes(ctx.platform_known, bool(ctx.connections)),
        "messages": sum(s.messages for s in stats),
        "bytes": sum(s.bytes for s in stats),
        "trash_messages": sum(s.trash_messages for s in stats),
        "trash_bytes": sum(s.trash_bytes for s in stats),
        "patient_documents": documents,
        "notified": 0,  # findings whose owner was told (bal_audit's state_dir)
        "out_of_scope": out_of_scope,
        "by_site": by_site(per_row, ctx.identity),
        "by_service": by_service(per_row),
        "scores": scores(per_row, ctx, documents),
        "notes": _notes(ctx, documents),
    }
