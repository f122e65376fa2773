# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A connection date as the operator wrote it -> ISO 8601 UTC.

The formats are tried in the configured order: `iso8601` (with or without offset), `epoch`
(seconds, or milliseconds when it has 13 digits) or a strptime pattern such as
`%d/%m/%Y %H:%M`. A date without offset is wall-clock time in `timezone` (Europe/Paris by
default, computed by paris_time: no tz database needed).
"""

from __future__ import annotations

import datetime as dt

from ansible_collections.mssante.hygiene.plugins.module_utils.paris_time import paris_offset

_UTC = dt.timezone.utc
# before MSSanté existed or far in the future: a misread column, not a connection
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=_UTC)
LATEST = dt.datetime(2100, 1, 1, tzinfo=_UTC)


def _paris_to_utc(local):
    """UTC instant of a Paris wall-clock time (the winter offset for the repeated autumn hour)."""
    for hours in (1, 2):
        offset = dt.timedelta(hours=hours)
        moment = (local - offset).replace(tzinfo=_UTC)
        if paris_offset(moment) == offset:
            return moment
    return (local - dt.timedelta(hours=1)).replace(tzinfo=_UTC)  # the skipped spring hour


def _aware(moment, timezone):
    if moment.tzinfo is not None:
        return moment.astimezone(_UTC)
    return moment.replace(tzinfo=_UTC) if timezone == "UTC" else _paris_to_utc(moment)


def _epoch(text):
    if not text.isdigit() or len(text) not in (9, 10, 12, 13):
        return None
    seconds = int(text) / (1000.0 if len(text) > 10 else 1.0)
    return dt.datetime.fromtimestamp(seconds, _UTC)


def _one(text, fmt, timezone):
    if fmt == "epoch":
        return _epoch(text)
    try:
        if fmt == "iso8601":
            if len(text) < 10 or text[4] != "-":
                return None
            return _aware(dt.datetime.fromisoformat(text.replace("Z", "+00:00")), timezone)
        return _aware(dt.datetime.strptime(text, fmt), timezone)
    except ValueError:
        return None


def parse_date(value, formats, timezone="Europe/Paris"):
    """ISO 8601 UTC string of `value` by the first format that reads it; None when none does."""
    text = str(value if value is not None else "").strip()
    for fmt in formats:
        moment = _one(text, fmt, timezone)
        if moment is not None and EARLIEST <= moment < LATEST:
            return moment.replace(microsecond=0).isoformat()
    return None


def check_formats(formats):
    """The formats that are neither a keyword nor a strptime pattern (a pattern holds a %)."""
    return [fmt for fmt in formats if fmt not in ("iso8601", "epoch") and "%" not in fmt]
