# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The two big tables of audit.html, filterable and sortable: the findings and the BAL inventory.

Each row carries data-* attributes the filters match (severity, code, site, service, platform…)
and each cell whose text does not sort as shown carries its raw value in data-sort. A group
(GHT) report adds a Plateforme column and filter.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import (
    ACTIONS, CODE_ORDER, CODES, SEVERITIES, SEVERITY_ORDER, code_label)
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_numbers import fr_size
from ansible_collections.mssante.hygiene.plugins.module_utils.report.data import finding_cells, mailbox_cells
from ansible_collections.mssante.hygiene.plugins.module_utils.report.html_cells import (
    MISSING, cell, count_cell, esc, filter_form, filter_select, instant_sort, section, streamed_table)
from ansible_collections.mssante.hygiene.plugins.module_utils.report.labels import (
    UNKNOWN_SITE, is_group, site_names, site_text)

UNKNOWN_SITE_KEY = "-"  # filter value of "site inconnu": "" already means every row


def _site_key(site):
    return site or UNKNOWN_SITE_KEY


def _site_options(mailboxes, names):
    sites = sorted({m.get("site") or "" for m in mailboxes})
    return [(_site_key(s), site_text(s, names) if s else UNKNOWN_SITE) for s in sites if s] + (
        [(UNKNOWN_SITE_KEY, UNKNOWN_SITE)] if "" in sites else [])


def _common_selects(document, group, names):
    """Platform (group report only), site and service filters, in that order."""
    mailboxes = document["mailboxes"]
    selects = [filter_select("site", "Site", _site_options(mailboxes, names)),
               filter_select("service", "Service", [(s, s) for s in sorted({mailbox_cells(m)["service"]
                                                                            for m in mailboxes})])]
    if group:
        platforms = sorted({m.get("platform", "") for m in mailboxes})
        selects.insert(0, filter_select("platform", "Plateforme", [(p, p) for p in platforms]))
    return selects


def _where(mailbox, group):
    """The row attributes locating a BAL: platform (group report), site, service."""
    cells = mailbox_cells(mailbox)
    attrs = ' data-site="%s" data-service="%s"' % (esc(_site_key(cells["site"])), esc(cells["service"]))
    return (' data-platform="%s"' % esc(mailbox.get("platform", "")) if group else "") + attrs


def _site_cell(site, names):
    return cell(site_text(site, names), site)


def _finding_row(finding, mailbox, group, names):
    cells = finding_cells(finding)
    severity = finding["severity"]
    tds = [cell(finding.get("platform", ""))] if group else []
    tds += [cell('<span class="sev %s">%s</span>' % (esc(severity), esc(cells["severity"])),
                 SEVERITY_ORDER.get(severity, 99), raw_html=True),
            cell("%s<br><code>%s</code>" % (esc(cells["label"]), esc(finding["code"])), raw_html=True),
            cell(finding["address"]), _site_cell(mailbox.get("site") or "", names),
            cell(mailbox_cells(mailbox)["service"] if mailbox else ""), cell(cells["action"]),
            cell(cells["first_seen"] or MISSING, instant_sort(finding.get("first_seen"))), cell(cells["detail"])]
    return '<tr data-severity="%s" data-code="%s" data-action="%s"%s>%s</tr>' % (
        esc(severity), esc(finding["code"]), esc(finding["action"]), _where(mailbox, group) if mailbox else "",
        "".join(tds))


def findings_section(document):
    group, names = is_group(document), site_names(document)
    # a group report may hold the same address on two platforms
    by_key = {(m.get("platform", ""), m["address"]): m for m in document["mailboxes"]}
    rows = (_finding_row(f, by_key.get((f.get("platform", ""), f["address"]), {}), group, names)
            for f in document["findings"])
    selects = [filter_select("severity", "Gravité", SEVERITIES.items()),
               filter_select("code", "Constat", [(c, code_label(c)) for c in CODES]),
               filter_select("action", "Action", ACTIONS.items())] + _common_selects(document, group, names)
    heads = (("Plateforme",) if group else ()) + (
        "Gravité", "Constat", "Adresse", "Site", "Service", "Action recommandée", "Constaté depuis", "Détail")
    return section("s-find", "Constats", filter_form("t-findings", selects, len(document["findings"])) + streamed_table(
        "t-findings", "Un constat par ligne, les plus graves d'abord", heads, rows))


def _quota_sort(mailbox):
    used, limit = mailbox["quota_used_bytes"], mailbox["quota_limit_bytes"]
    if used is None or not limit or used < 0:
        return ""
    return "%.6f" % (float(used) / limit)


def _size_cell(value):
    return cell(fr_size(value), "" if value is None or value < 0 else value, numeric=True)


def _activity_cell(cells, mailbox):
    """The date, and below it where it comes from (login, operator's file, Sent folder)."""
    source = '<br><small class="note">%s</small>' % esc(cells["activity_source"]) if cells["activity_source"] else ""
    return cell(esc(cells["last_activity"] or MISSING) + source, instant_sort(mailbox["last_activity"]), raw_html=True)


def _inventory_row(mailbox, codes, group, names):
    cells = mailbox_cells(mailbox)
    notes = "".join('<br><small class="note">%s</small>' % esc(note) for note in mailbox["notes"])
    tds = [cell(mailbox.get("platform", ""))] if group else []
    tds += [cell(cells["address"]), cell(cells["type"]), _site_cell(cells["site"], names), cell(cells["service"]),
            cell(cells["owner"]), cell(cells["directory"]), cell(cells["published"]),
            _activity_cell(cells, mailbox),
            count_cell(mailbox["inactive_days"]), count_cell(mailbox["messages"]), _size_cell(mailbox["bytes"]),
            _size_cell(mailbox["trash_bytes"]), cell(cells["quota"] or MISSING, _quota_sort(mailbox), numeric=True),
            cell(esc(", ".join(code_label(c) for c in codes) or MISSING) + notes, raw_html=True)]
    return '<tr data-has="%s" data-codes="%s"%s>%s</tr>' % (
        "oui" if codes else "non", esc(" ".join(codes)), _where(mailbox, group), "".join(tds))


def inventory_section(document):
    group, names = is_group(document), site_names(document)
    grouped = {}
    for finding in document["findings"]:
        grouped.setdefault((finding.get("platform", ""), finding["address"]), []).append(finding["code"])
    rows = (_inventory_row(m, sorted(grouped.get((m.get("platform", ""), m["address"]), []),
                                     key=lambda c: CODE_ORDER.get(c, 99)), group, names)
            for m in document["mailboxes"])
    heads = (("Plateforme",) if group else ()) + (
        "Adresse", "Type", "Site", "Service", "Titulaire", "Annuaire local", "Publiée", "Dernière activité",
        "Jours sans activité", "Messages", "Volume", "Corbeille", "Quota", "Constats")
    selects = [filter_select("has", "Avec constat", [("oui", "oui"), ("non", "non")]),
               filter_select("codes", "Constat", [(c, code_label(c)) for c in CODES])] + _common_selects(
                   document, group, names)
    return section("s-inv", "Inventaire des BAL", filter_form("t-mailboxes", selects, len(document["mailboxes"])) + streamed_table(
        "t-mailboxes", "Une ligne par BAL de nos domaines, ce qu'en disent l'annuaire local, l'Annuaire Santé et la "
        "plateforme", heads, rows))
