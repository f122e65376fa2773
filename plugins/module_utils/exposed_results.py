# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""expose_results' work: one dictionary put together from keys of play variables, each named as
`variable.key`, plus small values given as such. The parts are taken as they are, never copied:
a `set_fact` that templates megabytes of findings again took 12 s at 50,000 BAL."""

from __future__ import annotations

from collections.abc import Mapping

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError

ARGUMENT_SPEC = {
    "parts": {"type": "dict", "required": True},
    "values": {"type": "dict", "default": {}},
}


class ExposeError(MssanteError, ValueError):
    """A part names no variable key that can be read (the message says which, in French)."""


def reference(key, named):
    """(variable, key) of the part `key` named `named` ("variable.key")."""
    variable, _dot, inner = str(named).partition(".")
    if not variable or not inner:
        raise ExposeError("parts.%s : %r ne nomme pas une clé de variable (attendu : variable.clé, par exemple "
                          "mssante_audit_result.findings)" % (key, named))
    return variable, inner


def assemble(parts, values, lookup):
    """{key: value}: each part read through `lookup(key, variable)` (a Mapping, or an ExposeError);
    a key the variable lacks takes the value given under the same name in `values`, else fails."""
    exposed = dict(values)
    for key, named in sorted(parts.items()):
        variable, inner = reference(key, named)
        holder = lookup(key, variable)
        if not isinstance(holder, Mapping):
            raise ExposeError("parts.%s : la variable %s doit contenir un dictionnaire, elle contient : %s" % (
                key, variable, type(holder).__name__))
        if inner in holder:
            exposed[key] = holder[inner]
        elif key not in values:
            raise ExposeError("parts.%s : la variable %s n'a pas de clé %s (et values n'en donne pas de valeur "
                              "par défaut)" % (key, variable, inner))
    return exposed
