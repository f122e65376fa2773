# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Small HTML builders the sections of audit.html share: escaped cells, sortable tables, sections.

A cell whose text does not sort as shown (grouped numbers, sizes, dd/mm/yyyy dates, "—") carries
its raw value in `data-sort`; "" there means unknown, which the page's script sorts last.
"""

from __future__ import annotations

from html import escape

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_numbers import fr_int
from ansible_collections.mssante.hygiene.plugins.module_utils.paris_time import to_paris

MISSING = "—"


def esc(value):
    return escape("" if value is None else str(value))


def cell(text, sort=None, numeric=False, raw_html=False):
    """One <td>; `sort` is the value the table sorts by (None: its text)."""
    attrs = ' class="n"' if numeric else ""
    if sort is not None:
        attrs += ' data-sort="%s"' % esc(sort)
    return "<td%s>%s</td>" % (attrs, text if raw_html else esc(text))


def count_cell(value):
    """A count, grouped as French writes it, sorted as a number; "—" when unknown."""
    if value is None:
        return cell(MISSING, "", numeric=True)
    return cell(fr_int(value), value, numeric=True)


def instant_sort(value):
    """Sort key of an instant: its Paris wall-clock time (ISO), "" when unknown."""
    local = to_paris(value)
    if local is None:
        return str(value or "")  # a plain date sorts as it is
    return local.isoformat()


def heads_row(heads):
    return "<tr>%s</tr>" % "".join('<th scope="col">%s</th>' % esc(head) for head in heads)


class Streamed:
    """HTML written as it is built: the text before, pieces yielded one at a time, the text after.

    Adding text on either side gives another Streamed, so a section around a table of 10,000
    rows never holds the rows as one string (audit.html's two largest tables)."""

    def __init__(self, before, pieces, after=""):
        self.before, self.pieces, self.after = before, pieces, after

    def __radd__(self, text):
        return Streamed(text + self.before, self.pieces, self.after)

    def __add__(self, text):
        return Streamed(self.before, self.pieces, self.after + text)

    def __iter__(self):
        yield self.before
        yield from self.pieces
        yield self.after


def streamed_table(table_id, caption, heads, rows, css=""):
    """sortable_table as a Streamed: `rows` (an iterable of <tr> strings, read once) come as they are made."""
    return Streamed('<div class="wrap"><table id="%s" class="sortable%s"><caption>%s</caption><thead>%s</thead>'
                    '<tbody>' % (table_id, " " + css if css else "", esc(caption), heads_row(heads)),
                    rows, "</tbody></table></div>")


def sortable_table(table_id, caption, heads, rows, css=""):
    """A table the page's script can sort by any column; `rows` are ready <tr> strings."""
    return "".join(streamed_table(table_id, caption, heads, rows, css))


def section(section_id, title, body):
    """The section around `body` (a string, or a Streamed that stays one)."""
    return '<section aria-labelledby="%s"><h2 id="%s">%s</h2>' % (section_id, section_id, esc(title)) + body + "</section>"


def paragraph(text, css=""):
    if css:
        return '<p class="%s">%s</p>' % (css, esc(text))
    return "<p>%s</p>" % esc(text)


def filter_select(key, label, options):
    """A <select> filtering the rows whose data-<key> equals the chosen value ("" = every row)."""
    opts = '<option value="">Tous</option>' + "".join(
        '<option value="%s">%s</option>' % (esc(value), esc(text)) for value, text in options)
    return '<label>%s<select data-key="%s">%s</select></label>' % (esc(label), key, opts)


def filter_form(table_id, selects, count, hint="adresse, service, détail…"):
    values = (table_id, esc(hint), "".join(selects), fr_int(count))
    return ('<form class="filters" data-table="%s" role="search"><label>Rechercher<input type="search" '
            'data-key="text" placeholder="%s"></label>%s<button type="reset">Effacer</button>'
            '<output aria-live="polite">%s ligne(s)</output></form>' % values)


def figure(title, note, svg):
    """A chart with its caption and a one-line note on how to read it."""
    return '<figure><figcaption>%s</figcaption><p class="note">%s</p>%s</figure>' % (esc(title), esc(note), svg)
