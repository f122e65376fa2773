# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""National identifiers of persons (RPPS, idNat_PS) and structures (FINESS, idNat_Struct).

Shared by the LDAP and Annuaire sides. Length and charset are checked strictly; the Luhn key is
only a *warning* (`luhn_warning`): real numbers observed pass it, but the fictitious numbers of
the ANS documentation and test data do not, and no official statement of the rule was found.

Conventions: a `problem` is a French sentence naming the value (and the first wrong character
with its position), "" when the value is usable.
"""

from __future__ import annotations

import re

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import quoted

RPPS_SYSTEM = "https://rpps.esante.gouv.fr"
IDNPS_SYSTEM = "urn:oid:1.2.250.1.71.4.2.1"
FINESS_SYSTEM = "https://finess.esante.gouv.fr"
IDNST_SYSTEM = "urn:oid:1.2.250.1.71.4.2.2"

_RPPS = re.compile(r"^\d{11}$")
# idNat_PS: type prefix (TRE_G08) + id: 0 + ADELI (9 characters); 1, 3, 4, 5, 6 + a structure
# id and an internal id (length not fixed: at least 10 characters here); 8 + RPPS, handled apart
_IDNPS = re.compile(r"^(0[0-9A-Za-z]{9}|[13456][0-9A-Za-z/]{9,})$")
# FINESS: 9 characters, digits except the Corsican departments 2A / 2B in first position
_FINESS = re.compile(r"^(\d{2}|2[AB])\d{7}$")


def luhn_ok(digits):
    """True when a digit string passes the Luhn (mod 10) test."""
    if not digits.isdigit():
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        digit = int(char)
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def _clean(value):
    return "" if value is None else str(value).strip()


def _digit(_position, char):
    return char.isdigit()


def _defect(text, length, allowed=_digit):
    """What is wrong with `text`: its first disallowed character and position, else its length."""
    for position, char in enumerate(text, 1):
        if not allowed(position, char):
            return "caractère %s en position %d" % (quoted(char), position)
    return "%d caractères au lieu de %d" % (len(text), length)


def _invalid_person(text, label):
    return ("%s %s invalide : %s ; attendu 11 chiffres (RPPS), ou un idNat_PS de 12 caractères "
            "commençant par 8" % (label, quoted(text), _defect(text, 11)))


def normalize_rpps(value):
    """(rpps, problem): an 11-digit RPPS from an RPPS or an idNat_PS "8" + RPPS.

    On failure rpps is "" and problem names the value. A Luhn failure is not a problem here:
    ask `luhn_warning` for it.
    """
    text = _clean(value)
    if not text:
        return "", "RPPS vide"
    if _RPPS.match(text):
        return text, ""
    if len(text) == 12 and text[0] == "8" and _RPPS.match(text[1:]):
        return text[1:], ""
    if _IDNPS.match(text) and text[0] != "8":
        return "", ("%s est un idNat_PS de type %s (pas un RPPS) : aucun RPPS ne peut en être déduit"
                    % (quoted(text), text[0]))
    return "", _invalid_person(text, "RPPS")


def normalize_id_nat_ps(value):
    """(id_nat_ps, rpps, problem) for a person identifier given as RPPS or idNat_PS.

    An RPPS becomes "8" + RPPS; an idNat_PS of another type (e.g. "0" + ADELI) is kept with
    rpps "".
    """
    text = _clean(value)
    rpps, problem = normalize_rpps(text)
    if rpps:
        return "8" + rpps, rpps, ""
    if text and _IDNPS.match(text) and text[0] != "8":
        return text, "", ""
    return "", "", _invalid_person(text, "RPPS/idNat_PS") if text else problem


def normalize_finess(value):
    """(finess, problem): a 9-character FINESS from a FINESS or an idNat_Struct "1" + FINESS."""
    text = _clean(value).upper()
    if len(text) == 10 and text[0] == "1" and _FINESS.match(text[1:]):
        text = text[1:]
    problem = check_finess(text)
    return ("" if problem else text), problem


def check_finess(value):
    """"" when value is a well-formed FINESS (9 characters, 2A/2B allowed), else a problem."""
    text = _clean(value)
    if not text:
        return "FINESS vide"
    if _FINESS.match(text.upper()):
        return ""

    def allowed(position, char):  # Corsica: 2A / 2B
        return char.isdigit() or (position == 2 and text[0] == "2" and char in "ABab")

    return ("FINESS %s invalide : %s ; attendu 9 caractères, des chiffres (2A ou 2B permis en tête "
            "pour la Corse)" % (quoted(text), _defect(text, 9, allowed)))


def luhn_warning(value, kind="identifiant"):
    """A warning sentence when a well-formed RPPS/FINESS fails the Luhn test, else ""."""
    text = _clean(value)
    if not text.isdigit() or luhn_ok(text):
        return ""
    return ("%s %s ne passe pas le contrôle de Luhn : numéro fictif ou mal saisi ? (les numéros réels "
            "observés le passent ; ce n'est pas une règle officielle)" % (kind, quoted(text)))
