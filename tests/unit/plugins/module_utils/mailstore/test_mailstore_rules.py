# SPDX-License-Identifier: GPL-3.0-or-later
"""Purge rules: validation messages that name the rule, IMAP and doveadm translations (no server)."""
import datetime as dt
import re

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import ConfigError
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.rules import parse_rules

TODAY = dt.date(2026, 11, 26)


def test_defaults_and_translations():
    rule = parse_rules([{"name": "corbeille", "folders": "\\Trash", "older_than_days": 30}])[0]
    assert rule.folders == ["\\Trash"] and rule.date == "saved" and rule.keep_flagged
    assert rule.imap_criteria(TODAY) == ["SAVEDBEFORE", "27-Oct-2026", "UNFLAGGED"]
    assert rule.imap_criteria(TODAY, savedate=False) == ["BEFORE", "27-Oct-2026", "UNFLAGGED"]
    assert rule.doveadm_query("Corbeille", TODAY) == ["mailbox", "Corbeille", "savedbefore", "2026-10-27",
                                                      "unflagged"]


def test_received_date_and_flagged_allowed():
    rule = parse_rules([{"name": "r", "folders": ["INBOX"], "older_than_days": 365, "date": "received",
                         "keep_flagged": False}])[0]
    assert rule.imap_criteria(TODAY) == ["BEFORE", "26-Nov-2025"]
    assert rule.doveadm_query("INBOX", TODAY)[2:] == ["before", "2025-11-26"]


def test_filters_by_bal_type_and_service():
    rule = parse_rules([{"name": "orga", "folders": ["\\Sent"], "older_than_days": 30,
                         "bal_types": ["org"], "services": ["Cardiologie"]}])[0]
    assert rule.applies_to({"login": "a", "type": "ORG", "service": "cardiologie"})
    assert not rule.applies_to({"login": "b", "type": "PER", "service": "cardiologie"})
    assert not rule.applies_to({"login": "c", "type": "ORG", "service": "urgences"})
    assert not rule.applies_to({"login": "d"})


@pytest.mark.parametrize("raw, message", [
    ({"name": "vieux", "folders": ["INBOX"], "older_than_days": -5}, "règle « vieux » : older_than_days doit valoir au moins 1"),
    ({"name": "zero", "folders": ["INBOX"], "older_than_days": 0}, "règle « zero ».*older_than_days"),
    ({"name": "texte", "folders": ["INBOX"], "older_than_days": "beaucoup"}, "règle « texte ».*entier.*reçu beaucoup"),
    ({"name": "date", "folders": ["INBOX"], "older_than_days": 3, "date": "sent"}, "règle « date ».*saved ou received, reçu sent"),
    ({"name": "role", "folders": ["\\Poubelle"], "older_than_days": 3}, r"règle « role ».*rôle SPECIAL-USE inconnu \\Poubelle"),
    ({"name": "vide", "folders": [], "older_than_days": 3}, "règle « vide ».*folders"),
    ({"name": "ratio", "folders": ["INBOX"], "older_than_days": 3, "max_delete_ratio": 2}, r"règle « ratio ».*max_delete_ratio.*\]0, 1\].*reçu 2"),
    ({"folders": ["INBOX"], "older_than_days": 3}, r"rules\[0\].*name.*obligatoire"),
    ({"name": "typo", "folders": ["INBOX"], "older_than_day": 3},
     "règle « typo ».*champ inconnu older_than_day \\(vouliez-vous dire older_than_days \\?\\)"),
    ("corbeille", r"rules\[0\] doit être un dictionnaire.*de type str"),
])
def test_errors_name_the_rule(raw, message):
    with pytest.raises(ConfigError, match=message) as error:
        parse_rules([raw])
    assert not re.search(r"(^|[\s(\[])'", str(error.value))  # no Python repr ('sent'), French apostrophes only


def test_duplicate_names_refused():
    rule = {"name": "a", "folders": ["INBOX"], "older_than_days": 3}
    with pytest.raises(ConfigError, match="règle « a » : ce nom est déjà celui d'une autre règle"):
        parse_rules([rule, dict(rule)])


def test_compared_date_is_the_saved_one_when_the_rule_uses_it():
    saved, received = parse_rules([{"name": "s", "folders": ["INBOX"], "older_than_days": 3},
                                   {"name": "r", "folders": ["INBOX"], "older_than_days": 3, "date": "received"}])
    meta = {"date": "2024-01-02T10:00:00Z", "saved": "2025-03-04T10:00:00Z"}
    assert saved.compared_date(meta) == "2025-03-04T10:00:00Z"
    assert saved.compared_date(dict(meta, saved="")) == "2024-01-02T10:00:00Z"  # server without SAVEDATE
    assert received.compared_date(meta) == "2024-01-02T10:00:00Z"
    assert (saved.imap_date_item(), saved.imap_date_item(savedate=False), received.imap_date_item()) == (
        "SAVEDATE", "INTERNALDATE", "INTERNALDATE")
    assert (saved.doveadm_date_field(), received.doveadm_date_field()) == (
        "date.saved.unixtime", "date.received.unixtime")  # doveadm prints the others without offset


def test_patient_documents_policy_defaults_to_keep_and_is_checked():
    rule = parse_rules([{"name": "r", "folders": ["INBOX"], "older_than_days": 30}])[0]
    assert rule.patient_documents == "keep" and rule.as_dict()["patient_documents"] == "keep"
    assert parse_rules([{"name": "r", "folders": ["INBOX"], "older_than_days": 30,
                         "patient_documents": "integrated"}])[0].patient_documents == "integrated"
    with pytest.raises(ConfigError) as error:
        parse_rules([{"name": "r", "folders": ["INBOX"], "older_than_days": 30, "patient_documents": "garder"}])
    assert "règle « r » : patient_documents doit valoir keep" in str(error.value) and "garder" in str(error.value)
