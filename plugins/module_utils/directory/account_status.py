# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Is a directory account disabled? The markers directories commonly use.

Each check returns a short reason ("shadowExpire") or "" so the report can say *why* an
account counts as departed.
"""

from __future__ import annotations

import datetime as dt

AD_ACCOUNTDISABLE = 0x2
# Operational or optional attributes that must be requested by name to be returned.
STATUS_ATTRIBUTES = ("nsAccountLock", "pwdAccountLockedTime", "shadowExpire",
                     "userAccountControl", "loginDisabled", "accountExpires")


def _first(entry, name):
    values = entry.get(name) or entry.get(name.lower()) or []
    if not isinstance(values, (list, tuple)):
        values = [values]
    return str(values[0]).strip() if values else ""


def _true(text):
    return text.lower() in ("true", "1", "yes", "y")


def _shadow_expired(text, today):
    try:
        days = int(text)
    except ValueError:
        return False
    # -1 or 0 means "never expires" in practice; shadowExpire counts days since 1970-01-01
    return 0 < days <= (today - dt.date(1970, 1, 1)).days


def _ad_disabled(text):
    try:
        return bool(int(text) & AD_ACCOUNTDISABLE)
    except ValueError:
        return False


def _ad_expired(text, today):
    # accountExpires: 100 ns intervals since 1601-01-01; 0 and 2**63-1 mean never
    try:
        value = int(text)
    except ValueError:
        return False
    if value in (0, 9223372036854775807):
        return False
    expires = dt.date(1601, 1, 1) + dt.timedelta(microseconds=value // 10)
    return expires <= today


def disabled_reason(entry, today=None, status_attribute="", disabled_values=()):
    """The marker that disables `entry` (a dict attribute -> values), or ""."""
    today = today or dt.date.today()
    if _true(_first(entry, "nsAccountLock")):
        return "nsAccountLock"
    if _first(entry, "pwdAccountLockedTime"):
        return "pwdAccountLockedTime"
    if _shadow_expired(_first(entry, "shadowExpire"), today):
        return "shadowExpire"
    if _ad_disabled(_first(entry, "userAccountControl")):
        return "userAccountControl"
    if _ad_expired(_first(entry, "accountExpires"), today):
        return "accountExpires"
    if _true(_first(entry, "loginDisabled")):
        return "loginDisabled"
    if status_attribute:
        wanted = {v.lower() for v in disabled_values}
        value = _first(entry, status_attribute)
        if value and value.lower() in wanted:
            return "%s=%s" % (status_attribute, value)
    return ""
