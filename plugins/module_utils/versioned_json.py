# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The envelope of the collection's state files (request and notice ledgers): a JSON object with a
`schema_version` and one list of records. Each ledger turns these errors into its own French
message naming its file."""

from __future__ import annotations

import json

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import json_problem


class NotAStateFile(MssanteError):
    """The bytes are not the expected document; the message says why, in French (no path)."""


class OtherVersion(NotAStateFile):
    """The file is a state file of another schema version (`found`)."""

    def __init__(self, found):
        super().__init__("schema_version %r" % (found,))
        self.found = found


def read_versioned(raw, list_key, version):
    """The document in `raw` (bytes); NotAStateFile(why, in French) when it is not JSON or has no
    `list_key` list, OtherVersion when its schema_version is not `version`."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise NotAStateFile(json_problem(exc))
    if not isinstance(data, dict) or not isinstance(data.get(list_key), list):
        raise NotAStateFile("pas de liste « %s »" % list_key)
    if data.get("schema_version") != version:
        raise OtherVersion(data.get("schema_version"))
    return data
