# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Inline SVG bar charts for audit.html: no script, no external font, readable when printed.

Each chart is an `<svg role="img">` labelled by its <title>/<desc>; every bar carries its
value as text (not only as colour or length) and a tooltip.
"""

from __future__ import annotations

from html import escape

WIDTH = 600
BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 220
VALUE_WIDTH = 90
TOP = 8


def _text(x, y, content, anchor="start", css="lbl"):
    return '<text x="%d" y="%d" text-anchor="%s" class="%s">%s</text>' % (x, y, anchor, css, escape(content))


def hbar_chart(chart_id, title, description, items):
    """Horizontal bars; items = [(label, value, colour, value_text)], drawn in the given order."""
    height = TOP * 2 + max(1, len(items)) * (BAR_HEIGHT + GAP)
    top = max([value for _label, value, _colour, _text_value in items] + [0])
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts = ['<svg id="%s" class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" '
             'aria-labelledby="%s-t %s-d" xmlns="http://www.w3.org/2000/svg">'
             % (chart_id, WIDTH, height, WIDTH, height, chart_id, chart_id),
             '<title id="%s-t">%s</title><desc id="%s-d">%s</desc>'
             % (chart_id, escape(title), chart_id, escape(description))]
    if not items:
        parts.append(_text(WIDTH // 2, height // 2 + 4, "Aucune donnée", "middle", "muted"))
    for index, (label, value, colour, value_text) in enumerate(items):
        y = TOP + index * (BAR_HEIGHT + GAP)
        length = 0 if top <= 0 else max(2 if value > 0 else 0, int(round(room * value / float(top))))
        parts.append('<g><title>%s : %s</title>' % (escape(label), escape(value_text)))
        parts.append(_text(LABEL_WIDTH - 8, y + 16, label, "end"))
        parts.append('<rect x="%d" y="%d" width="%d" height="%d" rx="3" fill="%s"/>'
                     % (LABEL_WIDTH, y, length, BAR_HEIGHT, colour))
        parts.append(_text(LABEL_WIDTH + length + 6, y + 16, value_text, "start", "val"))
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def vbar_chart(chart_id, title, description, items, height=300):
    """Vertical bars (a histogram); items = [(label, value, colour, value_text)]."""
    base, head = height - 34, 22
    top = max([value for _label, value, _colour, _text_value in items] + [0])
    slot = (WIDTH - 20) // max(1, len(items))
    parts = ['<svg id="%s" class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" '
             'aria-labelledby="%s-t %s-d" xmlns="http://www.w3.org/2000/svg">'
             % (chart_id, WIDTH, height, WIDTH, height, chart_id, chart_id),
             '<title id="%s-t">%s</title><desc id="%s-d">%s</desc>'
             % (chart_id, escape(title), chart_id, escape(description)),
             '<line x1="10" y1="%d" x2="%d" y2="%d" class="axis"/>' % (base, WIDTH - 10, base)]
    for index, (label, value, colour, value_text) in enumerate(items):
        x = 10 + index * slot
        size = 0 if top <= 0 else max(2 if value > 0 else 0, int(round((base - head) * value / float(top))))
        parts.append('<g><title>%s : %s</title>' % (escape(label), escape(value_text)))
        parts.append('<rect x="%d" y="%d" width="%d" height="%d" rx="3" fill="%s"/>'
                     % (x + 8, base - size, slot - 16, size, colour))
        parts.append(_text(x + slot // 2, base - size - 6, value_text, "middle", "val"))
        parts.append(_text(x + slot // 2, base + 18, label, "middle"))
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
