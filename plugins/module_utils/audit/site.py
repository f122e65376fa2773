# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The site (FINESS EG) of a BAL, and which source said it.

In order of trust: the Annuaire Santé publication (a structure that is one of our EGs), then the
owner's directory account (attribute_map.site), then the establishment itself when it has a
single EG. The first source that knows wins; "" when none does.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.inputs import finess_key

SITE_SOURCES = ("annuaire", "directory", "establishment", "")


def site_of(row, identity):
    """(site, source, French notes) of a joined row."""
    ours = set(identity.finess_eg)
    published = sorted(set(row.bal.structures) & ours) if row.bal is not None else []
    if published:
        notes = []
        if len(published) > 1:
            notes.append("BAL publiée sur plusieurs sites : %s (site retenu : %s)."
                         % (", ".join(published), published[0]))
        return published[0], "annuaire", notes
    directory = finess_key(row.account.site) if row.account is not None else ""
    if directory:
        notes = []
        if ours and directory not in ours:
            # still shown: it is what the directory says, and the person fixes it there
            notes.append("Site de l'annuaire local (%s) qui n'est pas un des FINESS EG de l'établissement (%s)."
                         % (directory, ", ".join(identity.finess_eg)))
        return directory, "directory", notes
    if len(identity.finess_eg) == 1:
        return identity.finess_eg[0], "establishment", []
    return "", "", []
