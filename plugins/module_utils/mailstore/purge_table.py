# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The purge as a French table for ``--diff``: per BAL and folder, how much goes and how old.

Only counts, sizes and dates: never a subject or a sender (they name patients). Bounded to
the BALs losing the most messages, so a 10,000-BAL run prints a page, not a book.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_plural import fr_count
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_numbers import fr_int, fr_size
from ansible_collections.mssante.hygiene.plugins.module_utils.text_table import aligned, cut, date_range

MAX_BALS = 50
GOING = ("would_delete", "approved", "deleted")
STATUS_WORDS = {"refused": "refusé (garde-fou)", "not_confirmed": "non confirmé (à relancer)"}
WIDTHS = {"mailbox": 64, "folder": 40, "rule": 30}  # cut beyond: a line stays readable


def _volume(entries):
    return "%s (%s)" % (fr_count(sum(e["messages"] for e in entries), "message"),
                        fr_size(sum(e["bytes"] for e in entries)))


def _processed(count):
    return fr_count(count, "BAL traitée", "BAL traitées")


def _ranked(selected):
    """[(mailbox, its entries)], the BALs losing the most messages first."""
    by_box = {}
    for entry in selected:
        by_box.setdefault(entry["mailbox"], []).append(entry)

    def weight(item):
        entries = item[1]
        going = sum(e["messages"] for e in entries if e["status"] in GOING)
        return (-going, -sum(e["messages"] for e in entries), item[0])
    return sorted(by_box.items(), key=weight)


def _rows(ranked):
    rows = []
    for mailbox, entries in ranked:
        for index, entry in enumerate(sorted(entries, key=lambda e: (e["folder"], e["rule"]))):
            rows.append([mailbox if index == 0 else "", entry["folder"], entry["rule"],
                         fr_int(entry["messages"]), fr_size(entry["bytes"]),
                         date_range(entry.get("oldest"), entry.get("newest")),
                         STATUS_WORDS.get(entry["status"], "")])
    return rows


def _render(rows):
    header = ["BAL", "Dossier", "Règle", "Messages", "Taille", "Dates", ""]
    keys = ("mailbox", "folder", "rule")
    rows = [[cut(value, WIDTHS[keys[i]]) if i < 3 else value for i, value in enumerate(row)] for row in rows]
    return aligned([header] + rows, right=(3, 4))


def _total(selected, check_mode, mailbox_count):
    going = [e for e in selected if e["status"] in GOING]
    if not going:
        return "Total : rien %s (%s)" % (
            "ne serait supprimé" if check_mode else "n'a été supprimé", _processed(mailbox_count))
    plural = sum(e["messages"] for e in going) > 1
    verb = ("seraient supprimés" if plural else "serait supprimé") if check_mode else (
        "supprimés" if plural else "supprimé")
    return "Total : %s %s dans %s BAL sur %s" % (
        _volume(going), verb, fr_int(len(set(e["mailbox"] for e in going))), fr_count(mailbox_count, "traitée"))


def _documents(kept_documents):
    """One line per rule that kept patient documents (counts only: their subjects name patients)."""
    return ["Documents patients conservés par la règle « %s » : %s" % (rule, fr_int(count))
            for rule, count in sorted((kept_documents or {}).items()) if count]


def purge_table(selected, check_mode, mailbox_count, run_refused="", max_bals=MAX_BALS, kept_documents=None):
    """The text of diff.prepared for one mailstore_purge call (`kept_documents`: {rule: count})."""
    lines = ["Purge simulée (--check) : ce qui serait supprimé, par BAL et dossier" if check_mode
             else "Purge : ce qui a été supprimé, par BAL et dossier"]
    if run_refused:
        lines.append("Exécution refusée : %s" % run_refused)
    ranked = _ranked(selected)
    documents = _documents(kept_documents)
    if not ranked:
        return "\n".join(lines + ["Aucun message sélectionné (%s)." % _processed(mailbox_count)] + documents) + "\n"
    lines.append("Dates : du plus ancien au plus récent message, selon la date que la règle compare "
                 "(arrivée dans le dossier, ou réception).")
    lines.append("")
    lines += _render(_rows(ranked[:max_bals]))
    rest = ranked[max_bals:]
    if rest:
        lines.append("… et %s autres BAL : %s" % (
            fr_int(len(rest)), _volume([e for _box, entries in rest for e in entries if e["status"] in GOING])))
    lines.append("")
    lines.append(_total(selected, check_mode, mailbox_count))
    for status, words in sorted(STATUS_WORDS.items()):
        held = [e for e in selected if e["status"] == status]
        if held:
            boxes = len(set(e["mailbox"] for e in held))
            lines.append("%s : %s dans %s BAL" % (words.capitalize(), _volume(held), fr_int(boxes)))
    lines += documents
    return "\n".join(lines) + "\n"
