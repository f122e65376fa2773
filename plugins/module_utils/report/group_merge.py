# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""How the group report adds up one value seen on several platforms.

Counts are summed, count tables merged key by key, the oldest date kept; a count the audit adds
later is summed too without this file knowing its name. Older audit.json files lack newer keys:
only the platforms that have a value take part.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.paris_time import parse_utc


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def ordered_keys(dicts):
    """Keys of every dict, in the order they first appear."""
    keys = {}
    for item in dicts:
        for key in item:
            keys.setdefault(key, None)
    return list(keys)


def _oldest(values):
    dated = [v for v in values if v]
    if not dated:
        return None
    # an ISO date sorts as text; an instant is compared as one (offsets may differ)
    return min(dated, key=lambda v: (parse_utc(v) is None, parse_utc(v) or str(v)))


def merge_values(key, values):
    """One value for `key` from the platforms' `values` (absent ones already left out)."""
    if not values:
        return None
    if str(key).startswith("oldest"):
        return _oldest(values)
    if any(is_number(v) for v in values) and all(v is None or is_number(v) for v in values):
        return sum(v for v in values if v is not None)
    if all(isinstance(v, dict) for v in values):
        return merge_dicts(values)
    if all(isinstance(v, list) for v in values):
        return [item for v in values for item in v]
    return next((v for v in values if v not in ("", None)), values[0])


def merge_dicts(dicts, base=None):
    """Key-by-key merge of `dicts`; `base` gives keys (with zero values) that must always be there."""
    dicts = ([base] if base else []) + [d for d in dicts if isinstance(d, dict)]
    return {key: merge_values(key, [d[key] for d in dicts if key in d]) for key in ordered_keys(dicts)}


def tagged(platform, entry):
    """`entry` with the platform it comes from, named first."""
    row = {"platform": platform}
    row.update((k, v) for k, v in entry.items() if k != "platform")
    return row
