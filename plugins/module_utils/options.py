# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""How a module's options reach the engine: a read-only mapping built from the module's argspec.

The argspec is the one source of defaults. An engine entry point reads its options through
`options_from(spec, params)`, so a caller that gives only some options (a role, a test) gets the
same defaults as the module, and engine code never writes its own `or <default>`.
"""

from __future__ import annotations

from types import MappingProxyType


def _with_defaults(spec, params):
    values = {}
    for name, option in spec.items():
        value = params[name] if name in params else option.get("default")
        if value is None and option.get("apply_defaults"):
            value = {}  # as AnsibleModule: a missing dict still gets its suboptions' defaults
        if option.get("type") == "dict" and option.get("options") and isinstance(value, dict):
            value = _with_defaults(option["options"], value)
        values[name] = value
    return values


def options_from(spec, params):
    """Every option of `spec`, as given in `params` or else its argspec default (None without one).

    Suboptions of a dict option get their defaults too. Keys `spec` does not know are left out:
    AnsibleModule already refuses them, and a caller may share one dict between two entry points
    (mailstore_info and mailstore_purge). Idempotent.
    """
    # read-only at the top: the engine reads options, never changes them; suboptions stay plain
    # dicts, since some are written out as they are (establishment in the request files)
    return MappingProxyType(_with_defaults(spec, params or {}))
