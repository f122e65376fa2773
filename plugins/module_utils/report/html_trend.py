# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The "Évolution" section of audit.html: line charts over the document's `trend` (kept audits).

Findings (total and the most frequent codes today), BAL count, trash volume, operator requests
by state, and pending patient documents when some audit measured them. Left out on an
audit.json without `trend`.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import CODE_ORDER, code_label
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_numbers import fr_int, fr_size
from ansible_collections.mssante.hygiene.plugins.module_utils.paris_time import to_paris
from ansible_collections.mssante.hygiene.plugins.module_utils.report.charts import COLOURS
from ansible_collections.mssante.hygiene.plugins.module_utils.report.formatting import fr_day
from ansible_collections.mssante.hygiene.plugins.module_utils.report.html_cells import figure, paragraph, section
from ansible_collections.mssante.hygiene.plugins.module_utils.report.labels import REQUEST_STATES
from ansible_collections.mssante.hygiene.plugins.module_utils.report.svg import line_chart

TOP_CODES = 4
CODE_COLOURS = ("#7b3fa0", "#b86e00", "#2e7d4f", "#b3261e")
STATE_COLOURS = {"pending": COLOURS["warning"], "confirmed": COLOURS["ok"], "withdrawn": COLOURS["muted"]}


def _day(point):
    local = to_paris(point.get("generated_at"))
    return local.strftime("%d/%m") if local is not None else "?"


def _count(value):
    return fr_int(value or 0)


def _describe(note, labels, series, formatter):
    """The chart's text alternative: the note, then each series from its first to its latest value."""
    parts = [note]
    for name, _colour, values in series:
        known = [(label, v) for label, v in zip(labels, values) if v is not None]
        if not known:
            parts.append("%s : non mesuré." % name)
        elif len(known) == 1:
            parts.append("%s : %s le %s." % (name, formatter(known[0][1]), known[0][0]))
        else:
            parts.append("%s : de %s le %s à %s le %s." % (name, formatter(known[0][1]), known[0][0],
                                                           formatter(known[-1][1]), known[-1][0]))
    return " ".join(parts)


def _size_unit(series):
    """The unit fr_size shows the largest value in (ko, Mo, Go), for round grid lines."""
    top = max([v for _name, _colour, values in series for v in values if v is not None] + [0])
    unit = 1024
    while unit < 1024 ** 3 and top >= unit * 1024:
        unit *= 1024
    return unit


def _chart(chart_id, title, note, points, series, formatter=_count):
    labels = [_day(p) for p in points]
    unit = _size_unit(series) if formatter is fr_size else 1
    return title, note, line_chart(chart_id, title, _describe(note, labels, series, formatter), labels, series,
                                   formatter, unit)


def _top_codes(points):
    latest = points[-1].get("by_code") or {}
    ranked = sorted((c for c, n in latest.items() if n), key=lambda c: (-latest[c], CODE_ORDER.get(c, 99), c))
    return ranked[:TOP_CODES]


def findings_trend(points):
    series = [("Total", COLOURS["neutral"], [p.get("findings", 0) for p in points])]
    for colour, code in zip(CODE_COLOURS, _top_codes(points)):
        series.append((code_label(code), colour, [(p.get("by_code") or {}).get(code, 0) for p in points]))
    return _chart("chart-trend-findings", "Constats", "Nombre total de constats et, pour les %d codes les plus "
                  "fréquents au dernier audit, leur nombre à chaque audit." % TOP_CODES, points, series)


def mailboxes_trend(points):
    return _chart("chart-trend-mailboxes", "BAL analysées", "Nombre de BAL analysées à chaque audit.", points,
                  [("BAL", COLOURS["neutral"], [p.get("mailboxes", 0) for p in points])])


def trash_trend(points):
    return _chart("chart-trend-trash", "Volume des corbeilles", "Espace occupé par les corbeilles de toutes les BAL "
                  "(règle d'or n° 2 : il doit baisser).", points,
                  [("Corbeilles", COLOURS["info"], [p.get("trash_bytes", 0) for p in points])], fr_size)


def requests_trend(points):
    series = [(label, STATE_COLOURS[state], [(p.get("requests") or {}).get(state, 0) for p in points])
              for state, label in REQUEST_STATES.items()]
    return _chart("chart-trend-requests", "Demandes à l'opérateur", "Demandes de liste rouge et de suppression "
                  "par état, à chaque audit.", points, series)


def documents_trend(points):
    values = [p.get("documents_pending") for p in points]
    if all(v is None for v in values):
        return None
    return _chart("chart-trend-documents", "Documents patients en attente", "Documents patients en attente "
                  "d'intégration ; pas de point pour un audit qui ne les a pas mesurés.", points,
                  [("En attente", COLOURS["warning"], values)])


TREND_CHARTS = (findings_trend, mailboxes_trend, trash_trend, requests_trend, documents_trend)


def _intro(points):
    first, last = fr_day(points[0].get("generated_at")), fr_day(points[-1].get("generated_at"))
    if len(points) == 1:
        return "Un seul audit conservé (%s) : les courbes se dessineront au fil des prochains audits." % last
    return "Évolution sur les %d audits conservés, du %s au %s (dates à Paris)." % (len(points), first, last)


def trend_section(document):
    points = document.get("trend")
    if not points:
        return ""
    figures = []
    for chart in TREND_CHARTS:
        drawn = chart(points)
        if drawn:
            figures.append(figure(*drawn))
    return section("s-trend", "Évolution", paragraph(_intro(points)) + '<div class="charts">%s</div>' % "".join(figures))
