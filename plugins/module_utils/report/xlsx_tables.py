# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The tables of audit.xlsx, as plain Python: typed columns and the values of their cells.

No spreadsheet library here, so the sheets can be built and tested without XlsxWriter. A column's
kind says how a raw document value becomes a cell: text stays text (FINESS, RPPS and addresses keep
their leading zeros), counts are integers, sizes megabytes, instants Paris date-times, days dates.
"""

from __future__ import annotations

import datetime as dt
from collections import namedtuple

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_numbers import MB
from ansible_collections.mssante.hygiene.plugins.module_utils.paris_time import paris_date, to_paris

# header: French column title; kind: one of KINDS; width: Excel column width (characters)
Column = namedtuple("Column", "header kind width")
# title: French line above the table on the summary sheet ("" on the list sheets); rows: lists of values
Table = namedtuple("Table", "title columns rows")

KINDS = ("text", "int", "mb", "percent", "instant", "day", "auto")


def _number(value):
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _day(value):
    text = paris_date(value)
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def typed(kind, value):
    """The cell value of a raw document value: str, int, float, date, datetime or None (empty cell).

    A number column may hold a French word ("non mesuré", "non mesurable"): it stays text.
    """
    if value is None or value == "":
        return None
    if kind == "auto":  # a cell typed by its row (the summary's "Indicateur / Valeur" lines)
        return value
    if kind == "text" or isinstance(value, str) and kind in ("int", "mb", "percent"):
        return str(value)
    if kind == "int":
        number = _number(value)
        return None if number is None else int(number)
    if kind == "mb":
        number = _number(value)
        return None if number is None or number < 0 else number / float(MB)
    if kind == "percent":
        return _number(value)
    if kind == "instant":
        # an instant at Paris wall-clock time; a plain ISO date stays a date
        return to_paris(value) or _day(value)
    if kind == "day":
        return _day(value)
    raise ValueError("unknown column kind %r" % kind)


def ratio(numerator, denominator):
    """numerator / denominator as a share (0.93 shown "93 %"); None when either is unknown or 0."""
    numerator, denominator = _number(numerator), _number(denominator)
    if numerator is None or not denominator or denominator < 0 or numerator < 0:
        return None
    return numerator / float(denominator)
