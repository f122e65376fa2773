# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Europe/Paris wall-clock time of a UTC instant, computed from the rule, not a tz database.

The reports are read in France. Since 1996 France follows the EU rule: summer time (UTC+2)
from the last Sunday of March at 01:00 UTC to the last Sunday of October at 01:00 UTC, UTC+1
otherwise. Computing it keeps the reports right on a minimal execution environment where
`zoneinfo` finds no tzdata.
"""

from __future__ import annotations

import datetime as dt
import functools

_UTC = dt.timezone.utc


@functools.lru_cache(maxsize=64)  # a report converts tens of thousands of instants of a few years
def _last_sunday_0100_utc(year, month):
    last = dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    sunday = last - dt.timedelta(days=(last.weekday() - 6) % 7)
    return dt.datetime(sunday.year, sunday.month, sunday.day, 1, tzinfo=_UTC)


def paris_offset(instant):
    """UTC offset of Europe/Paris at an aware datetime."""
    instant = instant.astimezone(_UTC)
    summer = _last_sunday_0100_utc(instant.year, 3) <= instant < _last_sunday_0100_utc(instant.year, 10)
    return dt.timedelta(hours=2 if summer else 1)


def parse_utc(value):
    """Aware UTC datetime from an ISO 8601 string or datetime (naive = UTC); None when not a date-time."""
    if isinstance(value, dt.datetime):
        moment = value
    else:
        text = str(value or "").strip()
        if len(text) < 16 or text[10] not in "T ":
            return None
        try:
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    return moment.replace(tzinfo=_UTC) if moment.tzinfo is None else moment.astimezone(_UTC)


def to_paris(value):
    """Naive Europe/Paris local datetime of a UTC instant (ISO string or datetime); None when unknown."""
    moment = parse_utc(value)
    if moment is None:
        return None
    return (moment + paris_offset(moment)).replace(tzinfo=None)


def paris_date(value):
    """ISO date (YYYY-MM-DD) in Paris of an instant; a plain ISO date is returned as given; "" when unknown."""
    local = to_paris(value)
    if local is not None:
        return local.date().isoformat()
    text = str(value or "")
    return text[:10] if len(text) >= 10 and text[4] == "-" and text[7] == "-" else ""
