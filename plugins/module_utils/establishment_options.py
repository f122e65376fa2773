# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The establishment option bundle: the identity (inventory variable mssante_establishment) modules share.

bal_audit and operator_request take it as the suboptions of their `establishment` option; each
module documents them in its own words (what the identity is used for differs), with these types
and defaults, which a unit test holds together.
"""

from __future__ import annotations


def establishment_suboptions():
    """name, finess_ej, finess_eg, siret, contact: the suboptions every `establishment` option has
    (so the inventory's mssante_establishment can be passed whole to any of them)."""
    return dict(
        name=dict(type="str", default=""),
        finess_ej=dict(type="str", default=""),
        finess_eg=dict(type="list", elements="str", default=[]),
        siret=dict(type="str", default=""),
        contact=dict(type="str", default=""),
    )
