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


def _open(chart_id, title, description, height):
    """The <svg> element, labelled by its <title> and <desc> for screen readers."""
    return ('<svg id="%s" class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" '
            'aria-labelledby="%s-t %s-d" xmlns="http://www.w3.org/2000/svg">'
            '<title id="%s-t">%s</title><desc id="%s-d">%s</desc>'
            % (chart_id, WIDTH, height, WIDTH, height, chart_id, chart_id, chart_id, escape(title), chart_id,
               escape(description)))


def hbar_chart(chart_id, title, description, items):
    """Horizontal bars; items = [(label, value, colour, value_text)], drawn in the given order."""
    height = TOP * 2 + max(1, len(items)) * (BAR_HEIGHT + GAP)
    top = max([value for _label, value, _colour, _text_value in items] + [0])
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts = [_open(chart_id, title, description, height)]
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
    parts = [_open(chart_id, title, description, height),
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


def _nice_top(value):
    """The smallest 1, 2, 4, 6 or 8 × 10^k not below value (1 for an empty chart): its half, the
    middle grid line, is a round number too."""
    step = 1
    while True:
        for factor in (1, 2, 4, 6, 8):
            if step * factor >= value:
                return step * factor
        step *= 10


def _label_indexes(count, room):
    """Which x labels fit: evenly spaced, counted from the last point so the latest audit is always named."""
    step = max(1, -(-count * 42 // room))  # about 42 px per "dd/mm" label
    return {index for index in range(count) if (count - 1 - index) % step == 0}


def _legend(series, formatter, top):
    parts = []
    for index, (name, colour, values) in enumerate(series):
        known = [v for v in values if v is not None]
        x, y = 76 + (index % 2) * 260, top + (index // 2) * 20
        parts.append('<rect x="%d" y="%d" width="12" height="12" rx="2" fill="%s"/>' % (x, y - 10, colour))
        parts.append(_text(x + 18, y, "%s : %s" % (name, formatter(known[-1]) if known else "non mesuré")))
    return parts


def line_chart(chart_id, title, description, labels, series, formatter, unit=1):
    """Lines over time; labels = x labels, series = [(name, colour, values)] with None for "not measured".

    `unit` rounds the scale in the unit the values are shown in (1024 ** 3 for Go). A single
    point is drawn as dots; the legend gives each series' latest value so the printed page shows
    the figures without tooltips.
    """
    left, right, top, plot = 76, WIDTH - 20, 14, 170
    base = top + plot
    height = base + 34 + 20 * ((len(series) + 1) // 2)
    known = [v for _name, _colour, values in series for v in values if v is not None]
    scale = _nice_top(max(known + [0]) / float(unit)) * unit
    count = len(labels)

    def x_of(index):
        return (left + right) // 2 if count == 1 else left + index * (right - left) // (count - 1)

    def y_of(value):
        return base - int(round(plot * value / float(scale)))

    parts = [_open(chart_id, title, description, height)]
    for value in (0, scale // 2, scale) if scale > 1 else (0, scale):
        parts.append('<line x1="%d" y1="%d" x2="%d" y2="%d" class="%s"/>'
                     % (left, y_of(value), right, y_of(value), "axis" if value == 0 else "grid"))
        parts.append(_text(left - 6, y_of(value) + 4, formatter(value), "end", "muted"))
    for index in sorted(_label_indexes(count, right - left)):
        parts.append(_text(x_of(index), base + 18, labels[index], "middle"))
    for name, colour, values in series:
        segment = []
        for index, value in enumerate(values + [None]):
            if value is not None:
                segment.append("%d,%d" % (x_of(index), y_of(value)))
                continue
            if len(segment) > 1:
                parts.append('<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>'
                             % (" ".join(segment), colour))
            segment = []
        for index, value in enumerate(values):
            if value is not None:
                parts.append('<circle cx="%d" cy="%d" r="3.5" fill="%s"><title>%s, %s : %s</title></circle>'
                             % (x_of(index), y_of(value), colour, escape(name), escape(labels[index]),
                                escape(formatter(value))))
    parts.extend(_legend(series, formatter, base + 42))
    parts.append("</svg>")
    return "".join(parts)
