# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a run leaves on disk besides the ledger, under <output_dir>/notices/:

- apercu/<n>-<recipient>.eml: in check mode, each message as it would leave (the previews of an
  earlier run are removed first, so the folder shows this run only);
- preavis.csv: every item of the run, sent, previewed, failed or unreachable (French Excel).
"""

from __future__ import annotations

import os
import re

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import CODES
from ansible_collections.mssante.hygiene.plugins.module_utils.files import make_private_dirs, write_atomic
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_csv import csv_bytes
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_numbers import fr_date

PREVIEW_DIR = os.path.join("notices", "apercu")
CSV_NAME = os.path.join("notices", "preavis.csv")
COLUMNS = (("Destinataire", "recipient"), ("BAL", "address"), ("Constat", "finding"), ("À faire", "todo"),
           ("Échéance", "due"), ("Annonce", "announce"), ("Statut", "status"))
TODO_FR = {"reconnect": "se reconnecter", "choose_preferred": "choisir la BAL préférentielle",
           "transfer": "transférer les documents dans le dossier patient", "empty_trash": "vider la corbeille",
           "free_space": "libérer de l'espace", "none": "rien (information)"}
ANNOUNCE_FR = {"liste_rouge": "liste rouge", "suppression": "suppression"}
UNREACHABLE_FR = {"optout": "non prévenu : opposition (optout)",
                  "no_recipient": "non prévenu : aucun destinataire (contacts)"}
_UNSAFE = re.compile(r"[^A-Za-z0-9._@+-]")


def preview_name(number, message):
    """<n>-<first recipient>.eml, with anything a file name should not hold replaced by _."""
    return "%03d-%s.eml" % (number, _UNSAFE.sub("_", message["recipients"][0]))


def write_previews(output_dir, outgoing):
    """Replace the previews by this run's [(message, email)]; returns the paths written."""
    folder = os.path.join(output_dir, PREVIEW_DIR)
    make_private_dirs(folder)
    for name in sorted(os.listdir(folder)):
        if name.endswith(".eml"):
            os.unlink(os.path.join(folder, name))
    paths = []
    for number, (message, email) in enumerate(outgoing, 1):
        path = os.path.join(folder, preview_name(number, message))
        write_atomic(path, email.as_bytes())
        paths.append(path)
    return paths


def notice_row(recipient, item, status):
    """The French cells of one (recipient, BAL, finding), shared by preavis.csv and the diff."""
    announce = ""
    if item["announces"]:
        announce = "%s à partir du %s" % (ANNOUNCE_FR[item["announces"]], fr_date(item["announce_date"]))
    return {"recipient": recipient, "address": item["address"],
            "finding": CODES[item["code"]][0] if item["code"] in CODES else item["code"],
            "todo": TODO_FR.get(item["todo"], item["todo"]),
            "due": fr_date(item["due"]) if item["due"] else "dès que possible", "announce": announce,
            "status": status}


def status_fr(notice):
    """The Statut cell of a message with its status (and error when failed)."""
    if notice["status"] == "failed":
        return "échec : %s" % notice["error"]
    return {"sent": "envoyé", "preview": "aperçu (mode check)"}[notice["status"]]


def write_csv(output_dir, notices, unreachable_items):
    """notices: messages with their status; unreachable_items: the items nobody can be told about
    (with their reason)."""
    rows = [notice_row(", ".join(n["recipients"]), item, status_fr(n)) for n in notices for item in n["items"]]
    rows += [notice_row("", item, UNREACHABLE_FR[item["reason"]]) for item in unreachable_items]
    path = os.path.join(output_dir, CSV_NAME)
    make_private_dirs(os.path.dirname(path))
    write_atomic(path, csv_bytes(COLUMNS, rows))
    return path
