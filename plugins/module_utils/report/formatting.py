# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""French formatting of numbers, sizes and dates for the reports (no locale: same bytes everywhere)."""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import fr_date

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


def fr_mb(value):
    """Bytes as megabytes, comma decimal, no grouping (a number for French Excel); "" when unknown."""
    if value is None or value < 0:
        return ""
    return fr_decimal(value / float(MB), 1, sep="")


def fr_size(value):
    """Bytes for people: "850 ko", "12,3 Mo", "1,2 Go"; "—" when unknown."""
    if value is None or value < 0:
        return "—"
    if value < MB:
        return "%s ko" % fr_int(round(value / 1024.0))
    if value < 1024 * MB:
        return "%s Mo" % fr_decimal(value / float(MB))
    return "%s Go" % fr_decimal(value / float(1024 * MB))


def fr_datetime(value):
    """"26/11/2026 à 09:00 UTC" from an ISO 8601 UTC string."""
    text = str(value or "")
    day = fr_date(text)
    if not day:
        return ""
    if len(text) >= 16 and text[10] in "T ":
        return "%s à %s UTC" % (day, text[11:16])
    return day


def fr_percent(used, limit):
    """Quota use as "93 %", "" when the server has no quota."""
    if used is None or limit is None or limit <= 0 or used < 0:
        return ""
    return "%d %%" % int(100.0 * used / limit)
