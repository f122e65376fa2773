"""Purge rules: validation messages that name the rule, IMAP and doveadm translations (no server)."""
import datetime as dt

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
    ({"name": "vieux", "folders": ["INBOX"], "older_than_days": -5}, "rule 'vieux': 'older_than_days' must be at least 1"),
    ({"name": "zero", "folders": ["INBOX"], "older_than_days": 0}, "rule 'zero'.*older_than_days"),
    ({"name": "texte", "folders": ["INBOX"], "older_than_days": "beaucoup"}, "rule 'texte'.*integer"),
    ({"name": "date", "folders": ["INBOX"], "older_than_days": 3, "date": "sent"}, "rule 'date'.*saved or received.*'sent'"),
    ({"name": "role", "folders": ["\\Poubelle"], "older_than_days": 3}, "rule 'role'.*unknown SPECIAL-USE"),
    ({"name": "vide", "folders": [], "older_than_days": 3}, "rule 'vide'.*'folders'"),
    ({"name": "ratio", "folders": ["INBOX"], "older_than_days": 3, "max_delete_ratio": 2}, "rule 'ratio'.*max_delete_ratio"),
    ({"folders": ["INBOX"], "older_than_days": 3}, r"rules\[0\].*'name' is required"),
    ({"name": "typo", "folders": ["INBOX"], "older_than_day": 3}, "rule 'typo'.*unknown field 'older_than_day'"),
])
def test_errors_name_the_rule(raw, message):
    with pytest.raises(ConfigError, match=message):
        parse_rules([raw])


def test_duplicate_names_refused():
    rule = {"name": "a", "folders": ["INBOX"], "older_than_days": 3}
    with pytest.raises(ConfigError, match="rule 'a': duplicate"):
        parse_rules([rule, dict(rule)])
