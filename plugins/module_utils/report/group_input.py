# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Read the audit.json of each platform of a group, refusing what is not a whole audit report.

The group report is only as good as its inputs: a file cut in the middle of a write, another JSON
document or the same platform given twice would give sums that look right and are not. Each
problem stops the merge with a French sentence naming the platform and the file.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import json_problem, os_error
from ansible_collections.mssante.hygiene.plugins.module_utils.paris_time import parse_utc

# what every audit.json has had since 0.1.0; newer keys are optional
_REQUIRED = (("summary", dict), ("findings", list), ("mailboxes", list))
_RERUN = "relancez l'audit de cette plateforme (playbooks/audit.yml) puis le rapport de groupe"


class GroupInputError(MssanteError):
    """An input of the group report cannot be used; the message names the platform and the file."""

    parameter = "reports"


@dataclass
class PlatformAudit:
    """One platform's audit.json, as read."""

    platform: str
    path: str
    document: dict


def _where(index, platform, path):
    return "reports[%d] (plateforme « %s », %s)" % (index, platform, path)


def _shape_problem(document):
    """Why `document` is not an audit.json ("" when it is one)."""
    if not isinstance(document, dict):
        return "ce n'est pas un rapport d'audit (le fichier ne contient pas un objet JSON)"
    for key, kind in _REQUIRED:
        if not isinstance(document.get(key), kind):
            return "ce n'est pas un rapport d'audit (clé « %s » absente ou mal formée)" % key
    if parse_utc(document.get("generated_at")) is None:
        return "ce n'est pas un rapport d'audit (date « generated_at » absente ou illisible)"
    for name in ("findings", "mailboxes"):
        if not all(isinstance(entry, dict) and entry.get("address") for entry in document[name]):
            return "ce n'est pas un rapport d'audit (une entrée de « %s » n'a pas d'adresse)" % name
    return ""


def read_platform_audit(index, platform, path):
    """The audit.json at `path` of `platform`; GroupInputError (French, naming both) otherwise."""
    where = _where(index, platform, path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise GroupInputError("%s : impossible de lire le rapport d'audit (%s) ; %s"
                              % (where, os_error(exc, path), _RERUN))
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise GroupInputError("%s : rapport d'audit incomplet ou illisible (%s : fichier coupé ou en cours "
                              "d'écriture ?) ; %s" % (where, json_problem(exc), _RERUN))
    problem = _shape_problem(document)
    if problem:
        raise GroupInputError("%s : %s ; vérifiez le chemin donné pour cette plateforme" % (where, problem))
    return PlatformAudit(platform, path, document)


def _checked_entry(index, entry):
    if not isinstance(entry, dict):
        raise GroupInputError("reports[%d] : une entrée doit donner « platform » et « path »" % index)
    platform = str(entry.get("platform") or "").strip()
    path = str(entry.get("path") or "").strip()
    if not platform or not path:
        raise GroupInputError("reports[%d] : « platform » et « path » sont obligatoires (reçu platform « %s », "
                              "path « %s »)" % (index, platform, path))
    return platform, path


def read_group(reports):
    """Every platform's audit, in the order given; refuses an empty list and a platform named twice."""
    if not reports:
        raise GroupInputError("aucune plateforme à fusionner : donnez au moins un rapport d'audit")
    seen, files = {}, {}
    audits = []
    for index, entry in enumerate(reports):
        platform, path = _checked_entry(index, entry)
        if platform in seen:
            raise GroupInputError("reports[%d] : la plateforme « %s » est déjà donnée par reports[%d] ; chaque "
                                  "plateforme ne compte qu'une fois dans le rapport de groupe"
                                  % (index, platform, seen[platform]))
        # two hosts sharing one mssante_report_dir would count the same BALs twice
        real = os.path.realpath(path)
        if real in files:
            raise GroupInputError("reports[%d] : %s est déjà le rapport de reports[%d] ; chaque plateforme doit "
                                  "avoir son propre mssante_report_dir" % (index, path, files[real]))
        seen[platform], files[real] = index, index
        audits.append(read_platform_audit(index, platform, path))
    return audits
