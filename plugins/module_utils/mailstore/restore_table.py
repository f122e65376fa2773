# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The restore as a French table for ``--diff``: per BAL and folder, what comes back.

Counts only, never a subject or a sender (they name patients); bounded like the purge's table.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_numbers import fr_int
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_plural import fr_agree, fr_count
from ansible_collections.mssante.hygiene.plugins.module_utils.text_table import aligned, cut

MAX_ROWS = 50
WIDTHS = (64, 40)  # BAL, folder: cut beyond


def _rows(folders):
    rows, previous = [], None
    for row in folders:
        rows.append([cut(row["mailbox"], WIDTHS[0]) if row["mailbox"] != previous else "",
                     cut(row["folder"], WIDTHS[1]), fr_int(row["restored"]), fr_int(row["skipped"]),
                     fr_int(row["missing"])])
        previous = row["mailbox"]
    return rows


def restore_table(folders, summary, check_mode, max_rows=MAX_ROWS):
    """The text of diff.prepared for one mailstore_restore call (`folders`: RestoreRun.by_folder())."""
    lines = ["Restauration simulée (--check) de l'exécution %s : ce qui reviendrait, par BAL et dossier"
             % summary["run_id"] if check_mode else
             "Restauration de l'exécution %s : ce qui est revenu, par BAL et dossier" % summary["run_id"]]
    if not folders:
        return "\n".join(lines + ["Aucun message à restaurer."]) + "\n"
    header = ["BAL", "Dossier", "Restaurés" if not check_mode else "À restaurer", "Déjà là", "Sans export"]
    lines.append("")
    lines += aligned([header] + _rows(folders[:max_rows]), right=(2, 3, 4))
    if len(folders) > max_rows:
        lines.append("… et %s autres dossiers" % fr_int(len(folders) - max_rows))
    lines.append("")
    restored = summary["restored"]
    verb = fr_agree(restored, "reviendrait", "reviendraient") if check_mode else fr_agree(restored, "restauré")
    lines.append("Total : %s %s sur %s (%s déjà là, %s sans export)" % (
        fr_count(restored, "message"), verb, fr_count(summary["messages"], "journalisé"),
        fr_int(summary["skipped"]), fr_int(summary["missing"])))
    return "\n".join(lines) + "\n"


def restore_lines(summary, check_mode):
    """French summary lines of one restore, for the console (the playbook prints them)."""
    restored = summary["restored"]
    verb = fr_agree(restored, "reviendrait", "reviendraient") if check_mode else fr_agree(restored, "restauré")
    lines = ["Exécution %s : %s %s sur %s dans %s%s" % (
        summary["run_id"], fr_count(restored, "message"), verb, fr_count(summary["messages"], "journalisé"),
        fr_count(summary["mailboxes"], "BAL"), " (--check : rien n'est écrit)" if check_mode else "")]
    for count, words in ((summary["skipped"], "Déjà là (restaurés avant, ou jamais supprimés), laissés tels quels"),
                         (summary["missing"], "Sans export .eml, non restaurés"),
                         (summary["created_folders"], "Dossiers à recréer" if check_mode else "Dossiers recréés"),
                         (summary["failures"], "BAL en échec (relancez : rien n'est restauré deux fois)")):
        if count:
            lines.append("%s : %s" % (words, fr_int(count)))
    return lines
