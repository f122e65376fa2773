# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""audit.csv: any cell a spreadsheet could run as a formula, once trimmed or NFKC-normalised, is
neutralised (issue #13 item 11)."""

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_csv import neutralise


@pytest.mark.parametrize("value", [
    "=1+1", "+33 1", "-2", "@SUM(A1)", "\t=1", "\r=1",
    " =HYPERLINK(\"http://x\")",  # leading space
    "\n=1+1",  # line feed
    "\r\n+1",
    "\uff1d1+1",  # full-width equals sign
    "\uff0b1", "\uff0d1", "\uff20SUM(A1)",  # full-width + - @
    "\u3000=1",  # ideographic space
    "\u00a0=1",  # no-break space
    "\ufe661+1",  # small equals sign
    "\u200b=1", "\ufeff\u2060+1",  # invisible characters
    "  \t \uff1dcmd|' /C calc'!A0",
])
def test_formula_cells_are_neutralised(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["alice@ch-exemple.mssante.fr", "Cardiologie", "12", "", "BAL = 3",
                                   "Détail : a=b", "1,5"])
def test_plain_cells_are_kept(value):
    assert neutralise(value) == value


def test_none_is_empty():
    assert neutralise(None) == ""
