# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Purge rules: validation and translation into IMAP SEARCH and doveadm queries.

Both backends compare whole days (IMAP SEARCH dates have no time): a message older than
`older_than_days` is one whose date is before the day `today - older_than_days`, so the
IMAP and doveadm backends select exactly the same messages.
"""

from __future__ import annotations

import datetime as dt

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import closest
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.argspec import DOCUMENT_POLICIES
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import ConfigError
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.folders import (
    SPECIAL_USES, special_use_name)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imapwire import imap_date

DATES = ("saved", "received")
FIELDS = ("name", "folders", "older_than_days", "date", "keep_flagged", "bal_types", "services",
          "max_delete_ratio", "allow_over_ratio", "patient_documents")


class Rule:
    """One validated rule."""

    def __init__(self, name, folders, older_than_days, date="saved", keep_flagged=True,
                 bal_types=None, services=None, max_delete_ratio=None, allow_over_ratio=False,
                 patient_documents="keep"):
        self.name = name
        self.folders = list(folders)
        self.older_than_days = older_than_days
        self.date = date
        self.keep_flagged = keep_flagged
        self.bal_types = [t.upper() for t in bal_types or []]
        self.services = [s.lower() for s in services or []]
        self.max_delete_ratio = max_delete_ratio
        self.allow_over_ratio = allow_over_ratio
        self.patient_documents = patient_documents

    def cutoff(self, today):
        return today - dt.timedelta(days=self.older_than_days)

    def applies_to(self, entry):
        """Does the rule cover this mailbox (filters by BAL type and service)?"""
        if self.bal_types and (entry.get("type") or "").upper() not in self.bal_types:
            return False
        if self.services and (entry.get("service") or "").lower() not in self.services:
            return False
        return True

    def imap_criteria(self, today, savedate=True):
        """IMAP UID SEARCH keys; `saved` falls back to received when SAVEDATE is missing."""
        key = "SAVEDBEFORE" if self.date == "saved" and savedate else "BEFORE"
        criteria = [key, imap_date(self.cutoff(today))]
        if self.keep_flagged:
            criteria.append("UNFLAGGED")
        return criteria

    def imap_date_item(self, savedate=True):
        """The FETCH item holding the date this rule compares (for the oldest/newest report)."""
        return "SAVEDATE" if self.date == "saved" and savedate else "INTERNALDATE"

    def doveadm_date_field(self):
        """Unix times: doveadm prints date.saved in the server's local time, without its offset."""
        return "date.saved.unixtime" if self.date == "saved" else "date.received.unixtime"

    def compared_date(self, meta):
        """ISO date this rule compares for one message: the saved date when used and known."""
        return (self.date == "saved" and meta.get("saved")) or meta.get("date") or ""

    def doveadm_query(self, mailbox_name, today):
        """doveadm search query (list of arguments) for one folder."""
        key = "savedbefore" if self.date == "saved" else "before"
        query = ["mailbox", mailbox_name, key, self.cutoff(today).isoformat()]
        if self.keep_flagged:
            query.append("unflagged")
        return query

    def as_dict(self):
        return {"name": self.name, "folders": self.folders, "older_than_days": self.older_than_days,
                "date": self.date, "keep_flagged": self.keep_flagged, "patient_documents": self.patient_documents}


def _unknown_fields(where, unknown):
    hints = []
    for field in unknown:
        close = closest(field, FIELDS)
        hints.append("%s (vouliez-vous dire %s ?)" % (field, close) if close else field)
    return ConfigError("%s : champ inconnu %s (champs possibles : %s)" % (
        where, ", ".join(hints), ", ".join(FIELDS)))


def _ratio(where, raw):
    ratio = raw.get("max_delete_ratio")
    if ratio is None:
        return None
    try:
        ratio = float(ratio)
    except (TypeError, ValueError):
        ratio = -1.0
    if not 0 < ratio <= 1:
        raise ConfigError("%s : max_delete_ratio doit être un nombre dans ]0, 1] (part des messages "
                          "d'un dossier), reçu %s" % (where, raw.get("max_delete_ratio")))
    return ratio


def parse_rules(raw_rules):
    """Validate the `rules` option; raises ConfigError naming the faulty rule and field."""
    rules, names = [], set()
    for index, raw in enumerate(raw_rules or []):
        where = "rules[%d]" % index
        if not isinstance(raw, dict):
            raise ConfigError("%s doit être un dictionnaire (name, folders, older_than_days…), reçu "
                              "une valeur de type %s" % (where, type(raw).__name__))
        name = str(raw.get("name") or "").strip()
        if not name:
            raise ConfigError("%s : le champ name (nom de la règle) est obligatoire" % where)
        where = "règle « %s »" % name
        unknown = sorted(set(raw) - set(FIELDS))
        if unknown:
            raise _unknown_fields(where, unknown)
        if name in names:
            raise ConfigError("%s : ce nom est déjà celui d'une autre règle de rules" % where)
        names.add(name)
        folders = raw.get("folders")
        if isinstance(folders, str):
            folders = [folders]
        if not folders or not all(isinstance(f, str) and f.strip() for f in folders):
            raise ConfigError("%s : folders doit lister des noms de dossiers ou des rôles SPECIAL-USE "
                              "comme \\Trash" % where)
        for folder in folders:
            if folder.startswith("\\") and not special_use_name(folder):
                raise ConfigError("%s : rôle SPECIAL-USE inconnu %s dans folders (rôles possibles : %s)" % (
                    where, folder, ", ".join(SPECIAL_USES)))
        try:
            days = int(raw.get("older_than_days"))
        except (TypeError, ValueError):
            raise ConfigError("%s : older_than_days doit être un nombre entier de jours, reçu %s" % (
                where, raw.get("older_than_days")))
        if days < 1:
            raise ConfigError("%s : older_than_days doit valoir au moins 1, reçu %d" % (where, days))
        date = raw.get("date") or "saved"
        if date not in DATES:
            raise ConfigError("%s : date doit valoir saved ou received, reçu %s" % (where, date))
        documents = raw.get("patient_documents") or "keep"
        if documents not in DOCUMENT_POLICIES:
            raise ConfigError("%s : patient_documents doit valoir keep (documents patients jamais supprimés), "
                              "integrated (supprimés une fois la preuve de leur intégration au dossier "
                              "patient trouvée) ou ignore, reçu %s" % (where, documents))
        rules.append(Rule(
            name, folders, days, date, bool(raw.get("keep_flagged", True)),
            bal_types=raw.get("bal_types"), services=raw.get("services"),
            max_delete_ratio=_ratio(where, raw),
            allow_over_ratio=bool(raw.get("allow_over_ratio", False)), patient_documents=documents))
    return rules
