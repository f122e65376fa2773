# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The four charts of audit.html, computed from the report document: (title, note, svg).

Findings by code, inactivity distribution, volume per service, trash volume per service.
Ties are broken by name so the same document always draws the same bars.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import CODES, code_label
from ansible_collections.mssante.hygiene.plugins.module_utils.report.data import NO_SERVICE
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_numbers import fr_int, fr_size
from ansible_collections.mssante.hygiene.plugins.module_utils.report.svg import hbar_chart, vbar_chart

COLOURS = {"critical": "#b3261e", "warning": "#b86e00", "info": "#1f5fa8", "neutral": "#4a6fa5",
           "muted": "#9aa5b1", "ok": "#2e7d4f"}
MAX_SERVICES = 12
# (label, lowest day count included); the last bucket is open-ended.
INACTIVITY_BUCKETS = (("0–29 j", 0), ("30–59 j", 30), ("60–89 j", 60), ("90–179 j", 90),
                      ("180–364 j", 180), ("≥ 365 j", 365))


def findings_chart(document):
    counts = document["summary"]["by_code"]
    unmeasured = set(document["summary"].get("not_measured") or ())
    items = [(code_label(code), counts.get(code, 0), COLOURS[CODES[code][2]],
              "non mesuré" if code in unmeasured else fr_int(counts.get(code, 0)))
             for code in CODES]
    title = "Constats par code"
    return title, "Rouge : critique · orange : avertissement · bleu : information (gravité habituelle).", hbar_chart(
        "chart-codes", title, "Nombre de constats pour chacun des %d codes, couleur selon la gravité habituelle."
        % len(CODES), items)


def _bucket(days):
    label = INACTIVITY_BUCKETS[0][0]
    for name, low in INACTIVITY_BUCKETS:
        if days >= low:
            label = name
    return label


def inactivity_chart(document):
    threshold = document["summary"]["thresholds"]["inactivity_days"]
    counts = dict.fromkeys([name for name, _low in INACTIVITY_BUCKETS] + ["inconnue"], 0)
    for mailbox in document["mailboxes"]:
        if not mailbox["on_platform"] and not mailbox.get("in_connection_file"):
            continue
        days = mailbox["inactive_days"]
        counts["inconnue" if days is None else _bucket(days)] += 1
    lows = dict(INACTIVITY_BUCKETS)
    items = []
    for name, count in counts.items():
        if name == "inconnue":
            colour = COLOURS["muted"]
        else:
            colour = COLOURS["warning"] if lows[name] >= threshold else COLOURS["ok"]
        items.append((name, count, colour, fr_int(count)))
    title = "Répartition de l'inactivité"
    note = ("BAL de la plateforme par ancienneté de la dernière activité ; en orange, au-delà du seuil de %d "
            "jours ; en gris, aucune connexion connue." % threshold)
    return title, note, vbar_chart("chart-inactivity", title, note, items)


def _per_service(document, key):
    totals = {}
    for mailbox in document["mailboxes"]:
        if mailbox[key]:
            service = mailbox["service"] or NO_SERVICE
            totals[service] = totals.get(service, 0) + mailbox[key]
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    if len(ranked) > MAX_SERVICES:
        rest = sum(value for _name, value in ranked[MAX_SERVICES - 1:])
        ranked = ranked[:MAX_SERVICES - 1] + [("Autres services", rest)]
    return ranked


def volume_chart(document):
    items = [(name, value, COLOURS["neutral"], fr_size(value)) for name, value in _per_service(document, "bytes")]
    title = "Volume par service"
    note = "Espace occupé par les BAL de chaque service (les %d plus gros)." % MAX_SERVICES
    return title, note, hbar_chart("chart-volume", title, note, items)


def trash_chart(document):
    items = [(name, value, COLOURS["info"], fr_size(value))
             for name, value in _per_service(document, "trash_bytes")]
    title = "Volume des corbeilles par service"
    note = "Espace occupé par les corbeilles des BAL de chaque service : à vider régulièrement (règle d'or n° 2)."
    return title, note, hbar_chart("chart-trash", title, note, items)


CHARTS = (findings_chart, inactivity_chart, volume_chart, trash_chart)
