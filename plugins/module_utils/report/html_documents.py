# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The "Documents patients non intégrés" section of audit.html.

The Subject of a patient-document message names the patient: the audit only receives counts and
the oldest pending date per BAL, and this section shows nothing else. A BAL the platform did not
measure reads "non mesuré", never zero.
"""

from __future__ import annotations

from html import escape

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_numbers import fr_int
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_plural import fr_count
from ansible_collections.mssante.hygiene.plugins.module_utils.report.data import (
    documents_cells, findings_by_address, mailbox_cells)
from ansible_collections.mssante.hygiene.plugins.module_utils.report.html_cells import (
    MISSING, cell, count_cell, sortable_table)

CODE = "documents_not_integrated"
NOT_MEASURED = "non mesuré"
HEADS = ("Adresse", "Service", "En attente", "Intégrés", "Reçus", "Plus ancien en attente", "Délai dépassé")


def _overdue(findings):
    """"oui (45 jours)" when the BAL has the finding, else "non"."""
    for finding in findings:
        if finding["code"] == CODE:
            return "oui (%s jours)" % fr_int(finding["evidence"]["pending_age_days"])
    return "non"


def _row(mailbox, findings):
    measured = mailbox["patient_documents"]
    if measured is None:
        # unknown sorts last, never as zero
        cells = [cell(NOT_MEASURED, "", numeric=True)] + [cell(MISSING, "", numeric=True)] * 2 + [
            cell(MISSING, ""), cell(NOT_MEASURED)]
    else:
        cells = [count_cell(measured[key]) for key in ("pending", "integrated", "total")] + [
            cell(documents_cells(mailbox)["documents_oldest"] or MISSING, measured["oldest_pending"] or ""),
            cell(_overdue(findings))]
    return "<tr>%s%s%s</tr>" % (cell(mailbox["address"]), cell(mailbox_cells(mailbox)["service"]), "".join(cells))


def _pending_first(mailbox):
    return (mailbox["patient_documents"]["oldest_pending"] or "9999", mailbox["address"])


def _table(document):
    grouped = findings_by_address(document)
    on_platform = [m for m in document["mailboxes"] if m["on_platform"]]
    pending = sorted((m for m in on_platform if m["patient_documents"] and m["patient_documents"]["pending"]),
                     key=_pending_first)
    unknown = [m for m in on_platform if m["patient_documents"] is None]
    rows = [_row(m, grouped.get(m["address"], [])) for m in pending + unknown]
    return sortable_table("t-documents", "BAL avec des documents patients en attente d'intégration (les plus "
                          "anciens d'abord), puis BAL non mesurées", HEADS, rows)


def documents_section(document):
    summary = document["summary"]
    totals = summary["patient_documents"]
    days = summary["thresholds"]["documents_pending_days"]
    intro = ("Documents patients (paquets IHE_XDM.ZIP, objets XDM/1.0/DDM) reçus dans les BAL sans preuve "
             "d'intégration dans le dossier patient (mot-clé IMAP, liste de Message-ID ou accusé de traitement) ; "
             "au-delà de %s jours, la BAL a le constat « Documents patients non intégrés ». Seuls les nombres et "
             "la date du plus ancien sont montrés : l'objet de ces messages nomme le patient." % fr_int(days))
    if not totals["measured"]:
        body = ('<p class="notice" role="note">Non mesuré : la plateforme n\'a compté les documents patients d\'aucune '
                'BAL (option patient_documents non donnée à mailstore_info, ou plateforme qui ne les compte pas). '
                'Aucun constat n\'en est tiré.</p>')
    elif not totals["mailboxes_pending"] and not totals["not_measured"]:
        body = "<p>Aucun document patient en attente d'intégration (%s).</p>" % escape(
            fr_count(totals["measured"], "BAL mesurée", "BAL mesurées"))
    else:
        body = "<p>%s en attente d'intégration, dans %s (%s, %s).</p>%s" % (
            escape(fr_count(totals["pending"], "document patient")), escape(fr_count(totals["mailboxes_pending"], "BAL")),
            escape(fr_count(totals["measured"], "BAL mesurée", "BAL mesurées")),
            escape(fr_count(totals["not_measured"], "BAL non mesurée", "BAL non mesurées")), _table(document))
    return ('<section aria-labelledby="s-docs"><h2 id="s-docs">Documents patients non intégrés</h2><p>%s</p>%s'
            '</section>' % (escape(intro), body))
