# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Counted words in French: "1 adresse", "0 adresse", "3 adresses" (never "1 adresses")."""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_numbers import fr_int


def _plural_word(word):
    # acronyms (BAL) and words already ending in s, x or z do not change
    return word if word.isupper() or word[-1:] in ("s", "x", "z") else word + "s"


def plural_of(words):
    """Regular plural of each word ("adresse inexistante" -> "adresses inexistantes", "BAL" -> "BAL")."""
    return " ".join(_plural_word(word) for word in words.split(" "))


def fr_agree(number, singular, plural=None):
    """The words that agree with `number`: singular for 0 and 1 as French wants, else the plural."""
    if abs(int(number or 0)) < 2:
        return singular
    return plural if plural is not None else plural_of(singular)


def fr_count(number, singular, plural=None):
    """'<number> <words>', singular for 0 and 1 as French wants, thousands grouped."""
    return "%s %s" % (fr_int(int(number or 0)), fr_agree(number, singular, plural))
