# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""LDAP search filters built safely.

Every value the collection inserts (domains, addresses, uids) is escaped per RFC 4515, so a
value such as ``*)(uid=*`` is searched literally and can never widen the search. The
administrator's own ``filter`` option is trusted text, but it is checked to be one well-formed
filter before it is combined with ours.
"""

from __future__ import annotations

import re

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import quoted

_ESCAPES = {"\\": r"\5c", "*": r"\2a", "(": r"\28", ")": r"\29", "\x00": r"\00"}
# RFC 4512 attribute description: a name (letter, then letters, digits, hyphens) or an OID,
# with optional ;options; anything else would be inserted raw in our filter
_ATTRIBUTE = re.compile(r"^([A-Za-z][A-Za-z0-9-]*|\d+(\.\d+)+)(;[A-Za-z0-9-]+)*$")


class FilterError(MssanteError, ValueError):
    """The administrator's filter or an attribute name is unusable; `parameter` names the option."""

    def __init__(self, message, parameter="filter"):
        super().__init__(message)
        self.parameter = parameter


def escape_value(value):
    """RFC 4515 escaping of an assertion value."""
    return "".join(_ESCAPES.get(char, char) for char in str(value))


def check_user_filter(text):
    """Return `text` stripped if it is one parenthesised filter, else raise FilterError."""
    text = (text or "").strip()
    if not text:
        return ""
    if not (text.startswith("(") and text.endswith(")")):
        raise FilterError("filter %s doit être un filtre LDAP entre parenthèses, par exemple "
                          "(objectClass=inetOrgPerson)" % quoted(text))
    depth = 0
    escaped = False
    for position, char in enumerate(text):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0 or (depth == 0 and position != len(text) - 1):
                raise FilterError(
                    "filter %s n'est pas un filtre unique : la parenthèse fermante du caractère %d "
                    "le termine avant la fin (valeur collée au filtre, ou tentative d'injection de "
                    "filtre LDAP ?) ; combinez les conditions dans un seul filtre, par exemple "
                    "(&(objectClass=inetOrgPerson)(ou=medecins))" % (quoted(text), position + 1))
    if depth != 0:
        raise FilterError("filter %s : %d parenthèse(s) ouverte(s) jamais fermée(s)" % (quoted(text), depth))
    return text


def check_attribute(name, option):
    """Raise FilterError naming `option` when `name` is not an LDAP attribute description."""
    if not _ATTRIBUTE.match(name or ""):
        raise FilterError("%s : %s n'est pas un nom d'attribut LDAP (une lettre puis lettres, chiffres "
                          "ou tirets, par exemple employeeNumber)" % (option, quoted(name)), option)


def any_of(attribute, values, suffix_match=False):
    """(|(attr=v1)(attr=v2)...) with escaped values; suffix_match gives (attr=*v)."""
    clauses = ["(%s=%s%s)" % (attribute, "*" if suffix_match else "", escape_value(v))
               for v in values]
    if not clauses:
        return ""
    return clauses[0] if len(clauses) == 1 else "(|%s)" % "".join(clauses)


def build_filter(user_filter="", mail_attribute="mail", domains=(), addresses=()):
    """The search filter: the admin's filter AND accounts with a mail on our domains/addresses."""
    parts = []
    check_attribute(mail_attribute, "attribute_map.mail")
    user = check_user_filter(user_filter)
    if user:
        parts.append(user)
    parts.append("(%s=*)" % mail_attribute)
    if domains:
        parts.append(any_of(mail_attribute, ["@" + d.lower() for d in domains], suffix_match=True))
    if addresses:
        parts.append(any_of(mail_attribute, [a.lower() for a in addresses]))
    return parts[0] if len(parts) == 1 else "(&%s)" % "".join(parts)
