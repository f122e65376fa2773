# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The last good read of the Annuaire Santé, and the drop check against it.

A read that lost part of the source (a cut file, an API answering with fewer results) looks like
"fewer BALs published", and downstream that means confirming liste rouge requests or asking to
delete BALs still published. So every complete read is compared with the last good one, kept
per source in `<state_dir>/annuaire-derniere-lecture.json` (date, source, location, lines
examined, BALs found): a drop of more than `max_drop_ratio` stops the run. The file is written
only after a complete read, never in check mode.
"""

from __future__ import annotations

import datetime
import json
import os

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError
from ansible_collections.mssante.hygiene.plugins.module_utils.files import make_private_dirs, write_atomic

LAST_READ = "annuaire-derniere-lecture.json"


class DropError(MssanteError):
    """The read lost too much against the last good read; the message gives both numbers."""


def _path(state_dir):
    return os.path.join(state_dir, LAST_READ)


def load_last(state_dir, source):
    """The last good read of `source` ({date, source, location, lines, bals}) or None."""
    if not state_dir:
        return None
    try:
        with open(_path(state_dir), encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise DropError("state_dir : dernière lecture de l'Annuaire Santé illisible (%s : %s) ; supprimez ce "
                        "fichier pour repartir de zéro" % (_path(state_dir), exc))
    last = data.get(source) if isinstance(data, dict) else None
    return last if isinstance(last, dict) else None


def check_drop(previous, current, max_drop_ratio, option):
    """DropError when a count of `current` fell more than max_drop_ratio below `previous`.

    `option` names where the read came from (api_url or extraction_path and its value).
    """
    if not previous:
        return
    for key, words in (("lines", "lignes examinées"), ("bals", "BAL trouvées")):
        before, now = previous.get(key), current.get(key)
        if not isinstance(before, int) or not isinstance(now, int) or before <= 0:
            continue
        drop = (before - now) / float(before)
        if drop > max_drop_ratio:
            raise DropError(
                "%s : %d %s contre %d à la dernière lecture complète du %s, soit une baisse de %d %% "
                "(plus que max_drop_ratio = %g) ; lecture jugée incomplète, rien n'en est conclu. Si la "
                "baisse est réelle, relevez max_drop_ratio pour cette exécution ou supprimez %s dans state_dir"
                % (option, now, words, before, previous.get("date", "?"), round(drop * 100), max_drop_ratio,
                   LAST_READ))


def save_last(state_dir, current):
    """Record `current` (with its source) as the last good read; atomic and durable, 0600 in a 0700 directory."""
    make_private_dirs(state_dir)
    path = _path(state_dir)
    data = {}
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    data[current["source"]] = current
    write_atomic(path, (json.dumps(data, indent=1, sort_keys=True) + "\n").encode("utf-8"))


def evidence(source, location, bals, lines=None, previous=None, **counts):
    """The `completeness` dict annuaire_info returns: what proves the read whole."""
    current = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
               "source": source, "location": location, "bals": bals}
    if lines is not None:
        current["lines"] = lines
    result = dict(current, previous=previous)
    result.update(counts)
    return current, result
