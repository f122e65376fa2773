# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One check for every mail address that enters the engine (LDAP, Annuaire, inventory, platform).

An address travels into doveadm user lists, IMAP LOGIN lines, file names and request files: a
line feed, a wildcard or a space inside it would make it mean something else there. So an
address is accepted only in the plain `local@domain` shape MSSanté uses, and the refusal says why.
"""

from __future__ import annotations

import re

# Local part: the dot-atom characters of RFC 5322 minus the ones doveadm or IMAP give a meaning
# ('*', '%', '?' are wildcards, '"', '\\' quoting) ; domain: LDH labels.
_LOCAL = re.compile(r"^[A-Za-z0-9!#$&'+\-/=^_`{|}~]+(\.[A-Za-z0-9!#$&'+\-/=^_`{|}~]+)*$")
_LABEL = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
MAX_LENGTH = 254


def address_problem(value):
    """French reason why `value` is not a usable mail address, or None when it is one."""
    text = str(value if value is not None else "").strip()
    if not text:
        return "adresse vide"
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        return "caractère de contrôle (saut de ligne, tabulation...) dans l'adresse"
    if any(c.isspace() for c in text):
        return "espace dans l'adresse"
    if len(text) > MAX_LENGTH:
        return "adresse de plus de %d caractères" % MAX_LENGTH
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain:
        return "il manque la partie avant ou après le @"
    if "@" in local:
        return "plusieurs @ dans l'adresse"
    if not _LOCAL.match(local):
        return "caractère interdit avant le @ (%s)" % _first_bad(local)
    labels = domain.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        return "domaine invalide « %s »" % domain
    return None


def _first_bad(local):
    for char in local:
        if not _LOCAL.match(char):
            return "« %s »" % char
    return "point mal placé"
