# SPDX-License-Identifier: GPL-3.0-or-later
"""The operator's connection file of the lab (issue 19): the last connection of each BAL, as an
operator that hosts the platform would publish it, written beside lab-vars.json.

It says what Dovecot's last_login says (same `SeedMailbox.last_login_days`), in the shape of a
French Excel export: Windows-1252, `;`, "JJ/MM/AAAA HH:MM:SS" Paris time, a name column with
accents, CRLF. Planted on purpose:
- `lecteur.assidu` connected 2 days ago, its Sent folder 200 days old: not inactive;
- the BALs inactive for 90 days and more (`inactive`), the one at 50 days (`inactive_soon`);
- a BAL listed without a date (never connected: activity unknown, not inactive);
- one malformed line (a date nobody can read), which is counted and reported, never trusted.
"""

import datetime as dt
import os

from ansible_collections.mssante.hygiene.plugins.module_utils.paris_time import to_paris

FILE_NAME = "connexions-operateur.csv"
HEADER = ("Adresse BAL", "Nom", "Dernière connexion")
# the BAL whose line is planted malformed (its date unreadable)
MALFORMED_ADDRESS = "stagiaire.inconnu"


def _name(est, box):
    person = est.person(box.owner_uid) if box.owner_uid else None
    return person.display_name if person is not None else box.description


def rows(est):
    """(address, name, date text) per BAL on the platform, in the establishment's order."""
    found = []
    for box in est.mailboxes:
        if not box.on_platform:
            continue
        if box.last_login_days is None:
            when = ""
        elif box.address.startswith(MALFORMED_ADDRESS + "@"):
            when = "31/02/2026 25:61"  # planted: no date format reads it
        else:
            moment = est.now - dt.timedelta(days=box.last_login_days)
            when = to_paris(moment).strftime("%d/%m/%Y %H:%M:%S")
        found.append((box.address, _name(est, box), when))
    return found


def write(directory, est):
    """Write the file under `directory`; {path, options of connection_file_info, malformed_line}."""
    lines = [";".join(HEADER)] + [";".join(row) for row in rows(est)]
    path = os.path.join(directory, FILE_NAME)
    with open(path, "wb") as handle:
        handle.write(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    os.chmod(path, 0o600)
    malformed = next(number for number, line in enumerate(lines, 1) if line.startswith(MALFORMED_ADDRESS + "@"))
    # one planted malformed line in ~30: more than the 5 % a national-size file may have
    return {"path": path, "address_column": "Adresse BAL", "date_column": "Dernière connexion",
            "other_columns": ["Nom"], "max_malformed_ratio": 0.1, "malformed_line": malformed}
