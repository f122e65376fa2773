# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The list sheets of audit.xlsx: BAL, Constats, Évolutions, Demandes (one row per entry).

Every key issue 18 added to the document is optional here: an older audit.json (no site, no
first_seen, no changes, no requests) gives the same sheets, the missing cells empty and the
Évolutions and Demandes sheets reduced to their header. The "Plateforme" column only appears
in a group report, whose entries carry their platform.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import (
    action_label, activity_source_label, code_label, severity_label)
from ansible_collections.mssante.hygiene.plugins.module_utils.report.data import (
    DIRECTORY_STATUS, NO_SERVICE, presence_text, publication_text)
from ansible_collections.mssante.hygiene.plugins.module_utils.report.labels import (
    CHANGE_KINDS, REQUEST_NO_STATE, request_kind_label, request_state_label)
from ansible_collections.mssante.hygiene.plugins.module_utils.report.xlsx_tables import Column, Table

PLATFORM = Column("Plateforme", "text", 16)
# a spreadsheet cell starts with a capital: "Nouveau", "Liste rouge"
CHANGE_LABELS = tuple((key, label.capitalize()) for key, label in CHANGE_KINDS.items())


def _kind(kind):
    return request_kind_label(kind).capitalize()


def _platform_column(entries):
    """[PLATFORM] when the entries come from a group report, else []."""
    return [PLATFORM] if any("platform" in entry for entry in entries) else []


def _platform_cell(columns, entry):
    return [entry.get("platform", "")] if PLATFORM in columns else []


def _documents(mailbox):
    measured = mailbox.get("patient_documents")
    if measured is None:
        return ["non mesuré" if mailbox.get("on_platform") else None, None]
    return [measured.get("pending"), measured.get("oldest_pending")]


def mailbox_table(document):
    mailboxes = document.get("mailboxes") or []
    columns = [Column("Adresse", "text", 38)] + _platform_column(mailboxes) + [
        Column("Site (FINESS)", "text", 12), Column("Service", "text", 22), Column("Type", "text", 6),
        Column("Titulaire", "text", 26), Column("RPPS", "text", 13), Column("Compte annuaire local", "text", 12),
        Column("Publiée Annuaire Santé", "text", 11), Column("Présente sur la plateforme", "text", 11),
        Column("Dernière activité", "instant", 16), Column("Source de la dernière activité", "text", 20),
        Column("Jours sans activité", "int", 10),
        Column("Messages", "int", 10), Column("Volume (Mo)", "mb", 10), Column("Corbeille (messages)", "int", 11),
        Column("Corbeille (Mo)", "mb", 10), Column("Plus ancien message en corbeille", "instant", 16),
        Column("Quota utilisé", "percent", 9), Column("Documents patients en attente", "int", 11),
        Column("Plus ancien document patient en attente", "day", 12), Column("Constats", "text", 30),
        Column("Remarques", "text", 40)]
    rows = []
    for mailbox in mailboxes:
        # the same words as the CSV's mailbox_cells, without its dates and quota as text
        status = mailbox.get("directory_status", "")
        used, limit = mailbox.get("quota_used_bytes"), mailbox.get("quota_limit_bytes")
        quota = used / float(limit) if used is not None and used >= 0 and limit else None
        rows.append([mailbox["address"]] + _platform_cell(columns, mailbox) + [
            mailbox.get("site", ""), mailbox.get("service") or NO_SERVICE, mailbox.get("type") or "?",
            mailbox.get("owner", ""), mailbox.get("rpps", ""), DIRECTORY_STATUS.get(status, status),
            publication_text(mailbox), presence_text(mailbox), mailbox.get("last_activity"),
            activity_source_label(mailbox.get("last_activity_source")), mailbox.get("inactive_days"), mailbox.get("messages"), mailbox.get("bytes"),
            mailbox.get("trash_messages"), mailbox.get("trash_bytes"), mailbox.get("trash_oldest"), quota]
            + _documents(mailbox) + [", ".join(mailbox.get("codes") or []), " ".join(mailbox.get("notes") or [])])
    return Table("", columns, rows)


def _mailbox_index(document):
    return {(m.get("platform", ""), m["address"]): m for m in document.get("mailboxes") or []}


def finding_table(document):
    findings = document.get("findings") or []
    index = _mailbox_index(document)
    columns = [Column("Adresse", "text", 38)] + _platform_column(findings) + [
        Column("Site (FINESS)", "text", 12), Column("Service", "text", 22), Column("Code", "text", 22),
        Column("Libellé", "text", 30), Column("Gravité", "text", 13), Column("Action recommandée", "text", 28),
        Column("Détail", "text", 70), Column("Constaté depuis", "instant", 16), Column("Prévenu le", "instant", 16),
        Column("Échéance annoncée", "day", 12)]
    rows = []
    for finding in findings:
        mailbox = index.get((finding.get("platform", ""), finding["address"]), {})
        notice = (finding.get("evidence") or {}).get("notice") or {}
        rows.append([finding["address"]] + _platform_cell(columns, finding) + [
            mailbox.get("site", ""), mailbox.get("service") or NO_SERVICE, finding["code"],
            code_label(finding["code"]), severity_label(finding["severity"]), action_label(finding["action"]),
            finding.get("detail", ""), finding.get("first_seen"), notice.get("first_told"), notice.get("due")])
    return Table("", columns, rows)


def _state(value, empty):
    return request_state_label(value) if value else empty


def changes_table(document):
    """New, resolved, persisting findings (column Évolution), then the request transitions."""
    changes = document.get("changes") or {}
    requests = changes.get("requests") or []
    entries = [entry for key, _label in CHANGE_LABELS for entry in changes.get(key) or []] + requests
    columns = [Column("Évolution", "text", 12), Column("Adresse", "text", 38)] + _platform_column(entries) + [
        Column("Code", "text", 22), Column("Libellé", "text", 30), Column("Gravité", "text", 13),
        Column("Action recommandée", "text", 28), Column("Constaté depuis", "instant", 16),
        Column("Demande", "text", 12), Column("État précédent", "text", 18), Column("Nouvel état", "text", 18)]
    rows = []
    for key, label in CHANGE_LABELS:
        for entry in changes.get(key) or []:
            action = action_label(entry["action"]) if entry.get("action") else ""
            rows.append([label, entry["address"]] + _platform_cell(columns, entry) + [
                entry["code"], code_label(entry["code"]), severity_label(entry.get("severity", "")), action,
                entry.get("first_seen"), "", "", ""])
    for entry in requests:
        rows.append(["Demande", entry["address"]] + _platform_cell(columns, entry) + [
            "", "", "", "", None, _kind(entry["kind"]),
            _state(entry.get("from"), "(%s)" % REQUEST_NO_STATE["from"]), _state(entry.get("to"), "(%s)" % REQUEST_NO_STATE["to"])])
    return Table("", columns, rows)


def request_table(document):
    """The operator requests, in the document's order (pending first, oldest first)."""
    requests = document.get("requests") or []
    columns = [Column("Type", "text", 12), Column("Adresse", "text", 38)] + _platform_column(requests) + [
        Column("État", "text", 12), Column("Motif", "text", 30), Column("Opérateur", "text", 24),
        Column("Demandée le", "instant", 16), Column("Close le", "instant", 16), Column("Âge (jours)", "int", 10)]
    rows = []
    for entry in requests:
        rows.append([_kind(entry["kind"]), entry["address"]]
                    + _platform_cell(columns, entry) + [
                        _state(entry.get("state"), ""), code_label(entry["reason"]) if entry.get("reason") else "",
                        entry.get("operator", ""), entry.get("requested_at"), entry.get("closed_at"),
                        entry.get("age_days")])
    return Table("", columns, rows)
