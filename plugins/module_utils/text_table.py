# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Plain-text tables for the console (module diffs, role summaries): aligned columns, cut cells."""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_numbers import fr_date


def cut(text, width):
    """The text, cut with an ellipsis beyond `width` characters: a line stays readable."""
    text = str(text)
    return text if len(text) <= width else text[:width - 1] + "…"


def date_range(oldest, newest):
    """'27/10/2025 – 15/05/2026' (one date when equal, a dash when unknown)."""
    if not oldest:
        return "—"
    first, last = fr_date(oldest) or str(oldest), fr_date(newest) or str(newest or "")
    return first if first == last or not last else "%s – %s" % (first, last)


def aligned(rows, right=(), indent=""):
    """Lines of `rows` (lists of str, the header first) in aligned columns; `right`: numeric columns."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [indent + "  ".join(cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
                               for i, cell in enumerate(row)).rstrip()
            for row in rows]
