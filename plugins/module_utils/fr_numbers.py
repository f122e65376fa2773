# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""French numbers, sizes and dates for every stage's text (no locale: same bytes everywhere)."""

from __future__ import annotations

import datetime as dt

NNBSP = "\u202f"  # French thousands separator (narrow no-break space)
MB = 1024 * 1024


def fr_int(value, sep=NNBSP):
    """1234567 -> "1 234 567"."""
    text = "%d" % int(value)
    groups = []
    while len(text) > 3:
        groups.insert(0, text[-3:])
        text = text[:-3]
    return sep.join([text] + groups)


def fr_decimal(value, digits=1, sep=NNBSP):
    """1234.56 -> "1 234,6" (comma decimal, as French Excel reads it when sep="")."""
    whole, _dot, fraction = ("%.*f" % (digits, value)).partition(".")
    return fr_int(int(whole), sep) + ("," + fraction if fraction else "")


def fr_size(value):
    """Bytes for people: "850 ko", "12,3 Mo", "1,2 Go"; "—" when unknown."""
    if value is None or value < 0:
        return "—"
    if value < MB:
        return "%s ko" % fr_int(round(value / 1024.0))
    if value < 1024 * MB:
        return "%s Mo" % fr_decimal(value / float(MB))
    return "%s Go" % fr_decimal(value / float(1024 * MB))


def fr_date(value):
    """dd/mm/yyyy from an ISO 8601 string or a datetime; "" when unknown (no locale needed)."""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value or "")
    if len(text) < 10 or text[4] != "-" or text[7] != "-":
        return ""
    return "%s/%s/%s" % (text[8:10], text[5:7], text[0:4])


MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")


def fr_long_date(value):
    """"15 janvier 2027" ("1er" for the first day, as French writes it); "" when unknown."""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value or "")
    try:
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        return ""
    return "%s %s %d" % ("1er" if day.day == 1 else day.day, MONTHS[day.month - 1], day.year)
