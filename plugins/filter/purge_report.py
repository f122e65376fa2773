# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: purge_report
short_description: French summary of a purge run over several batches of mailboxes
version_added: 0.3.0
author:
  - mssante.hygiene team (@mssante)
description:
  - Adds up the results of the M(mssante.hygiene.mailstore_purge) calls of a run (one per batch
    of mailboxes, as registered by a loop) and returns the totals and the French lines the
    trash and retention roles print after the loop.
  - The lines give the total (BAL, messages, volume, refusals, failures, folders absent from
    some BAL, patient documents the rules kept), each refusal with its BAL, folder and reason, each failing BAL with its error
    (bounded), and each folder name (not a SPECIAL-USE role) that no BAL of the whole run has,
    a probable typo in the rule.
  - After a real run given a selection plan (M(mssante.hygiene.mailstore_purge) C(plan_path)), a line
    says for how many folders the audit's preview was taken back and how many were read again, or
    why the plan was not taken back.
  - With O(detailed), they also give a table of the BALs that lose the most (folders,
    messages, volume, dates of the oldest and newest message). Never a subject or a sender.
options:
  _input:
    description: The C(results) of the registered loop (one M(mssante.hygiene.mailstore_purge) result each).
    type: list
    elements: dict
    required: true
  rules:
    description: The rules of the run (C(name), C(folders)), to tell typos from roles.
    type: list
    elements: dict
    required: true
  title:
    description: What the run is, for the first line (V(Corbeilles), V(Rétention)).
    type: str
    required: true
  check_mode:
    description: The run deleted nothing (check mode or preview).
    type: bool
    default: false
  detailed:
    description: Add the table of the BALs that lose the most.
    type: bool
    default: false
  top:
    description: How many BALs the table shows at most.
    type: int
    default: 15
"""

EXAMPLES = r"""
- name: Purge summary
  ansible.builtin.debug:
    msg: "{{ (purge.results | mssante.hygiene.purge_report(rules, 'Rétention', check_mode=ansible_check_mode)).lines }}"
"""

RETURN = r"""
_value:
  description: C(totals) (mailboxes, affected_mailboxes, messages, bytes, volume, selected_messages, refused,
    failures, absent_folders, not_confirmed, typos, kept_patient_documents) and C(lines), the French lines
    to print.
  type: dict
"""

from collections.abc import Mapping

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_plural import fr_count
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.presence import typo_warnings
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_numbers import fr_int, fr_size
from ansible_collections.mssante.hygiene.plugins.module_utils.text_table import aligned, cut, date_range

GOING = ("would_delete", "approved", "deleted")
LISTED = 20  # refusals and failures printed one by one; the rest is counted
WIDTHS = (42, 32)  # BAL and folder cells are cut beyond


def _calls(results):
    """The mailstore_purge results of the loop (skipped items have none)."""
    return [r for r in results or [] if isinstance(r, Mapping) and not r.get("skipped")]


def _summed(calls, key):
    return sum(int((call.get("summary") or {}).get(key) or 0) for call in calls)


def _presence(calls):
    """{folder as written: {present, absent}} over every batch."""
    merged = {}
    for call in calls:
        for folder, counts in (call.get("folder_presence") or {}).items():
            total = merged.setdefault(folder, {"present": 0, "absent": 0})
            for key in total:
                total[key] += int(counts.get(key) or 0)
    return merged


def _by_mailbox(going):
    """[(mailbox, folders, messages, bytes, oldest, newest)], most messages first."""
    boxes = {}
    for entry in going:
        box = boxes.setdefault(entry.get("mailbox", ""), {"folders": [], "messages": 0, "bytes": 0, "dates": []})
        if entry.get("folder") not in box["folders"]:
            box["folders"].append(entry.get("folder"))
        box["messages"] += int(entry.get("messages") or 0)
        box["bytes"] += int(entry.get("bytes") or 0)
        box["dates"] += [d for d in (entry.get("oldest"), entry.get("newest")) if d]
    rows = [(name, ", ".join(str(f) for f in box["folders"]), box["messages"], box["bytes"],
             min(box["dates"]) if box["dates"] else "", max(box["dates"]) if box["dates"] else "")
            for name, box in boxes.items()]
    return sorted(rows, key=lambda row: (-row[2], -row[3], row[0]))


def _table(rows, top):
    shown = rows[:top]
    head = ("BAL les plus concernées (%d sur %d) :" % (len(shown), len(rows)) if len(rows) > len(shown)
            else "BAL concernées :")
    cells = [("BAL", "Dossiers", "Messages", "Volume", "Dates (plus ancien – plus récent)")]
    cells += [(cut(name, WIDTHS[0]), cut(folders, WIDTHS[1]), fr_int(messages), fr_size(size),
               date_range(oldest, newest)) for name, folders, messages, size, oldest, newest in shown]
    return [head] + aligned(cells, right=(2, 3), indent="  ")


def _bounded(items, render, rest_words):
    lines = [render(item) for item in items[:LISTED]]
    if len(items) > LISTED:
        lines.append("  … et %s" % fr_count(len(items) - LISTED, *rest_words))
    return lines


def _refusal(entry):
    reason = entry.get("reason") or "garde-fou"
    if str(entry.get("mailbox")) in reason:  # the engine's reason already names the BAL and folder
        return "  %s" % reason
    return "  BAL %s, dossier « %s » : %s" % (entry.get("mailbox"), entry.get("folder"), reason)


def _total_line(title, totals, check_mode):
    going = fr_count(totals["messages"], "message")
    if check_mode:
        head = "%s (simulation, rien n'est supprimé) : %s (%s) %s dans %s sur %s" % (
            title, going, totals["volume"], "serait supprimé" if totals["messages"] < 2 else "seraient supprimés",
            fr_count(totals["affected_mailboxes"], "BAL"), fr_int(totals["mailboxes"]))
    else:
        head = "%s : %s (%s) dans %s sur %s" % (
            title, fr_count(totals["messages"], "message supprimé", "messages supprimés"), totals["volume"],
            fr_count(totals["affected_mailboxes"], "BAL"), fr_int(totals["mailboxes"]))
    parts = [head, fr_count(totals["refused"], "refus (garde-fou)", "refus (garde-fou)"),
             fr_count(totals["failures"], "BAL en échec", "BAL en échec")
             + (" (à relancer)" if totals["failures"] else ""),
             fr_count(totals["absent_folders"], "dossier absent d'une BAL", "dossiers absents de leur BAL")
             + (" (rien à y faire)" if totals["absent_folders"] else "")]
    if totals["kept_patient_documents"]:  # counts only: such a message's subject names the patient
        parts.append(fr_count(totals["kept_patient_documents"], "document patient conservé",
                              "documents patients conservés") + " (patient_documents)")
    if totals["not_confirmed"]:
        parts.append(fr_count(totals["not_confirmed"], "suppression non confirmée",
                              "suppressions non confirmées") + " (à relancer)")
    return " ; ".join(parts) + "."


def _plan_lines(calls, check_mode):
    """What the real run took from the audit's preview (mailstore_purge plan_path, doveadm)."""
    plans = [call["selection_plan"] for call in calls if isinstance(call.get("selection_plan"), Mapping)]
    if check_mode or not plans:
        return []
    reused = sum(int(plan.get("folders_reused") or 0) for plan in plans)
    fetched = sum(int(plan.get("folders_fetched") or 0) for plan in plans)
    ignored = sorted(set(plan.get("reason") or "" for plan in plans if plan.get("state") == "ignored"))
    lines = []
    if reused:
        lines.append("Sélection reprise de l'aperçu de l'audit pour %s, %s sur la plateforme (changés depuis "
                     "l'aperçu, ou sans aperçu)." % (fr_count(reused, "dossier"), fr_count(fetched, "relu", "relus")))
    if ignored:
        lines.append("Aperçu de l'audit non repris (%s) : sélection relue sur la plateforme." % ", ".join(ignored))
    return lines


def purge_report(results, rules, title, check_mode=False, detailed=False, top=15):
    calls = _calls(results)
    selected = [e for call in calls for e in call.get("selected") or [] if isinstance(e, Mapping)]
    going = [e for e in selected if e.get("status") in GOING and int(e.get("messages") or 0) > 0]
    refused = [e for e in selected if e.get("status") == "refused"]
    failures = [f for call in calls for f in call.get("failures") or [] if isinstance(f, Mapping)]
    typos = typo_warnings(rules or [], _presence(calls))
    rows = _by_mailbox(going)
    totals = {
        "mailboxes": _summed(calls, "mailboxes"),
        "affected_mailboxes": len(rows),
        "messages": sum(int(e.get("messages") or 0) for e in going),
        "bytes": sum(int(e.get("bytes") or 0) for e in going),
        "selected_messages": _summed(calls, "selected_messages"),
        "refused": max(len(refused), _summed(calls, "refused")),
        "failures": len(failures),
        "absent_folders": _summed(calls, "absent_folders"),
        "not_confirmed": sum(1 for e in selected if e.get("status") == "not_confirmed"),
        "typos": len(typos),
        "kept_patient_documents": _summed(calls, "kept_patient_documents"),
    }
    totals["volume"] = fr_size(totals["bytes"])
    lines = [_total_line(title, totals, check_mode)]
    if detailed and rows:
        lines += _table(rows, top)
    if refused:
        lines.append("Refus (rien n'est supprimé dans ces dossiers) :")
        lines += _bounded(refused, _refusal, ("autre refus", "autres refus"))
    if failures:
        lines.append("BAL en échec (relancez la même commande pour les terminer) :")
        lines += _bounded(failures, lambda f: "  BAL %s : %s" % (f.get("mailbox"), f.get("error")),
                          ("autre BAL en échec", "autres BAL en échec"))
    lines += ["Attention : %s" % typo for typo in typos]
    lines += _plan_lines(calls, check_mode)
    return {"totals": totals, "lines": lines}


class FilterModule:

    def filters(self):
        return {"purge_report": purge_report}
