# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Message-IDs compared the same way everywhere, and the file of integrated Message-IDs.

The intermediation platform (or the DPI) exports the Message-IDs of the documents it put into
the patient record, one per line, with or without angle brackets. Blank lines and lines
starting with `#` are comments. A line that is not a Message-ID stops the run, naming the file
and the line: a proof list that is half read would keep or delete the wrong documents.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import os_reason
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import ConfigError

PARAMETER = "patient_documents.proof.message_ids_file"


def normalize_id(value):
    """'  <a@b>\\r\\n' -> 'a@b' (folded headers and brackets removed); '' when there is none."""
    value = "".join((value or "").split())
    if value.startswith("<") and ">" in value:
        value = value[1:value.index(">")]
    return value.strip("<>")


def _line_problem(line):
    words = line.split()
    if len(words) > 1:
        return "plusieurs valeurs sur la ligne (un seul Message-ID par ligne)"
    if "@" not in line:
        return "ce n'est pas un Message-ID (forme attendue : <identifiant@domaine>)"
    return ""


def read_message_ids(path):
    """frozenset of normalized Message-IDs listed in `path`; ConfigError naming the file (and line)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise ConfigError("%s : lecture impossible de %s : %s" % (PARAMETER, path, os_reason(exc)),
                          parameter=PARAMETER) from None
    found = set()
    for number, raw in enumerate(data.splitlines(), 1):
        try:
            line = raw.decode("utf-8").strip().lstrip("\ufeff")
        except UnicodeDecodeError:
            raise ConfigError("%s : %s, ligne %d : texte qui n'est pas en UTF-8" % (PARAMETER, path, number),
                              parameter=PARAMETER) from None
        if not line or line.startswith("#"):
            continue
        problem = _line_problem(line)
        if problem:
            raise ConfigError("%s : %s, ligne %d : %s" % (PARAMETER, path, number, problem), parameter=PARAMETER)
        found.add(normalize_id(line))
    return frozenset(found)
