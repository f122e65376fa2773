# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""French formatting proper to the reports: Excel megabytes, date and time, quota percentages
(the numbers, sizes and dates every stage writes are in fr_numbers)."""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_numbers import MB, fr_date, fr_decimal
from ansible_collections.mssante.hygiene.plugins.module_utils.paris_time import paris_date, to_paris


def fr_mb(value):
    """Bytes as megabytes, comma decimal, no grouping (a number for French Excel); "" when unknown."""
    if value is None or value < 0:
        return ""
    return fr_decimal(value / float(MB), 1, sep="")


def fr_datetime(value):
    """"26/11/2026 à 10:00" (heure de Paris) from an ISO 8601 UTC instant; a plain date as dd/mm/yyyy."""
    local = to_paris(value)
    if local is None:
        return fr_date(value)
    return "%s à %s" % (fr_date(local), local.strftime("%H:%M"))


def fr_day(value):
    """dd/mm/yyyy of an instant as lived in Paris (23:30 UTC is already the next day); "" when unknown."""
    return fr_date(paris_date(value))


def fr_percent(used, limit):
    """Quota use as "93 %", "" when the server has no quota."""
    if used is None or limit is None or limit <= 0 or used < 0:
        return ""
    return "%d %%" % int(100.0 * used / limit)
