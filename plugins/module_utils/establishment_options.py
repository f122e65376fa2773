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

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import OptionError
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import joined, quoted

SITE_NAMES = "mssante_establishment.site_names"


def establishment_suboptions():
    """name, finess_ej, finess_eg, siret, contact, site_names: the suboptions every `establishment`
    option has (so the inventory's mssante_establishment can be passed whole to any of them)."""
    return dict(
        name=dict(type="str", default=""),
        finess_ej=dict(type="str", default=""),
        finess_eg=dict(type="list", elements="str", default=[]),
        siret=dict(type="str", default=""),
        contact=dict(type="str", default=""),
        site_names=dict(type="dict", default={}),
    )


def checked_site_names(site_names, finess_eg):
    """{FINESS EG: name} of `site_names`, every key one of `finess_eg` (normalised 9-character FINESS).

    The error names the inventory variable: that is where the person fixes it.
    """
    if not site_names:
        return {}
    if not isinstance(site_names, dict):
        raise OptionError("%s : dictionnaire FINESS EG -> nom du site attendu, reçu %s" % (SITE_NAMES, quoted(site_names)),
                          parameter="establishment")
    names = {}
    for key, name in site_names.items():
        finess = str(key).strip()
        if finess not in finess_eg:
            # YAML reads an unquoted FINESS as a number and drops its leading zeros
            hint = " ; écrivez le FINESS entre guillemets" if not isinstance(key, str) else ""
            raise OptionError("%s : %s n'est pas un des FINESS EG de l'établissement (finess_eg : %s)%s"
                              % (SITE_NAMES, quoted(finess), joined(finess_eg) or "aucun", hint),
                              parameter="establishment")
        if not isinstance(name, str):
            raise OptionError("%s.%s : nom du site attendu (texte), reçu %s" % (SITE_NAMES, finess, quoted(name)),
                              parameter="establishment")
        names[finess] = name.strip()
    return dict(sorted(names.items()))
