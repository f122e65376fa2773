# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""French words for the pilotage keys of audit.json (sites, scores, requests, changes).

Shared by every renderer (CSV, HTML, spreadsheet) so they name things the same way. Every
reader goes through `document.get(...)`: an audit.json written before these keys existed
still renders.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_numbers import fr_int
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_plural import fr_count

UNKNOWN_SITE = "site inconnu"
REQUEST_KINDS = {"liste_rouge": "liste rouge", "suppression": "suppression"}
REQUEST_STATES = {"pending": "en attente", "confirmed": "confirmée", "withdrawn": "retirée"}
# "from" is "" for a request first seen, "to" is "" for one no longer in the ledger
REQUEST_NO_STATE = {"from": "nouvelle", "to": "sortie du registre"}
CHANGE_KINDS = {"new": "nouveau", "resolved": "résolu", "persisting": "persistant"}
SITE_SOURCES = {"annuaire": "Annuaire Santé", "directory": "annuaire local",
                "establishment": "établissement (un seul site)"}
RULES = {1: "Règle d'or n° 1 : maîtriser ses BAL", 2: "Règle d'or n° 2 : alléger ses BAL",
         3: "Règle d'or n° 3 : valoriser ses BAL"}
NOT_MEASURABLE = "non mesurable"


def is_group(document):
    """True for a group (GHT) report: entries carry the platform they come from."""
    return bool(document.get("platforms")) or any("platform" in m for m in document.get("mailboxes", []))


def site_names(document):
    """FINESS EG -> site name, from summary.by_site ({} on an older audit.json)."""
    return {entry.get("site", ""): entry.get("name", "")
            for entry in document.get("summary", {}).get("by_site", []) if entry.get("name")}


def site_text(site, names=None):
    """"990000010 — Hôpital Nord", "990000010", or "site inconnu"."""
    if not site:
        return UNKNOWN_SITE
    name = (names or {}).get(site, "")
    return "%s — %s" % (site, name) if name else site


def site_source_label(source):
    return SITE_SOURCES.get(source or "", "")


def request_kind_label(kind):
    return REQUEST_KINDS.get(kind, kind)


def request_state_label(state):
    return REQUEST_STATES.get(state, state)


def request_transition(change):
    """"en attente → confirmée" for one entry of changes.requests."""
    before = request_state_label(change.get("from")) or REQUEST_NO_STATE["from"]
    after = request_state_label(change.get("to")) or REQUEST_NO_STATE["to"]
    return "%s → %s" % (before, after)


def age_text(days):
    return fr_count(days or 0, "jour")


def score_ratio(score):
    """numerator / denominator as a float, None when the denominator is 0 (not measurable)."""
    if not score.get("denominator"):
        return None
    return float(score.get("numerator", 0)) / score["denominator"]


def score_text(score):
    """"87 % (174 / 200)", or "non mesurable"; rounded down so 199 of 200 never reads 100 %."""
    numerator, denominator = score.get("numerator", 0), score.get("denominator", 0)
    if not denominator:
        return NOT_MEASURABLE
    # integer arithmetic: 29 of 100 must not read 28 % through a float
    return "%d %% (%s / %s)" % (numerator * 100 // denominator, fr_int(numerator), fr_int(denominator))
