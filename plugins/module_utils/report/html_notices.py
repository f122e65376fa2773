# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The "Préavis aux titulaires" section of audit.html: who was told about which finding, and when.

It reads `evidence.notice` (bal_audit's notice_state_dir); the section is left out when no current
finding has one, so a platform that does not notify its owners keeps the same page.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import CODE_ORDER, code_label
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_numbers import fr_date
from ansible_collections.mssante.hygiene.plugins.module_utils.report.formatting import fr_day
from ansible_collections.mssante.hygiene.plugins.module_utils.report.html_cells import (
    MISSING, cell, instant_sort, paragraph, section, sortable_table)
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_plural import fr_count

UNREACHABLE = {"optout": "désinscrit", "no_recipient": "sans destinataire"}
HEADS = ("Adresse", "Constat", "Destinataires", "Premier préavis", "Dernier préavis", "Échéance annoncée")


def _told(notice):
    """Who was told, or why nobody was (and since when: the announced delay runs from there)."""
    if notice["first_told"]:
        return ", ".join(notice["recipients"]) or "—"
    why = "non prévenu : %s" % UNREACHABLE.get(notice["unreachable"], "raison inconnue")
    noted = fr_day(notice["noted"])
    return "%s (constaté le %s)" % (why, noted) if noted else why


def _row(finding):
    notice = finding["evidence"]["notice"]
    return "<tr>%s</tr>" % "".join([
        cell(finding["address"]), cell("%s (%s)" % (code_label(finding["code"]), finding["code"])),
        cell(_told(notice)), _day(notice["first_told"]), _day(notice["last_told"]),
        cell(fr_date(notice["due"]) or MISSING, notice["due"] or "")])


def _day(instant):
    return cell(fr_day(instant) or MISSING, instant_sort(instant))


def notices_section(document):
    noticed = sorted((f for f in document["findings"] if f["evidence"].get("notice")),
                     key=lambda f: (f["address"], CODE_ORDER.get(f["code"], 99)))
    if not noticed:
        return ""
    told = sum(1 for f in noticed if f["evidence"]["notice"]["first_told"])
    intro = ("Préavis aux titulaires pour les constats de cet audit (registre des préavis notices.json) : %s dont "
             "le titulaire a été prévenu, %s sans personne à prévenir (désinscrit ou sans destinataire). "
             "L'échéance est la date annoncée au titulaire (reconnexion, liste rouge ou suppression)."
             % (fr_count(told, "constat"), fr_count(len(noticed) - told, "constat")))
    return section("s-notices", "Préavis aux titulaires", paragraph(intro) + sortable_table(
        "t-notices", "Un préavis par constat, par adresse", HEADS, [_row(f) for f in noticed]))
