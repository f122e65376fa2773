# SPDX-License-Identifier: GPL-3.0-or-later
"""Filter retention_rules: a rule's keys and its patient-document policy are checked in French."""
import pathlib

import pytest
import yaml

from ansible.errors import AnsibleFilterError
from ansible_collections.mssante.hygiene.plugins.filter.retention_rules import FilterModule, retention_rules
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.argspec import purge_spec
from ansible_collections.mssante.hygiene.tests.unit.fr_messages import assert_plain_french

ROOT = pathlib.Path(__file__).resolve().parents[4]
RULE = {"name": "courrier", "folders": ["\\Inbox"], "older_than_days": 730}


@pytest.mark.parametrize("policy", [None, "keep", "integrated", "ignore"])
def test_rules_come_back_as_given(policy):
    rules = [dict(RULE), dict(RULE, name="envoyes", folders=["\\Sent"], patient_documents=policy)]
    assert retention_rules(rules) == rules


def test_every_rule_field_of_the_module_is_accepted():
    rule = {name: None for name in purge_spec()["rules"]["options"]}
    assert retention_rules([rule]) == [rule]


def test_no_rules():
    assert retention_rules(None) == [] and retention_rules([]) == []


@pytest.mark.parametrize("rules, words", [
    ([RULE, dict(RULE, patient_documents="kepp")],
     "mssante_retention_rules[1].patient_documents : « kepp » n'est pas permis (vouliez-vous dire « keep » ?) ; "
     "valeurs permises : keep, integrated, ignore"),
    ([dict(RULE, patient_documents=True)], "mssante_retention_rules[0].patient_documents : « True » n'est pas permis"),
    ([dict(RULE, patient_document="keep")],
     "mssante_retention_rules[0] : clé inconnue « patient_document » (vouliez-vous dire « patient_documents » ?)"),
    ([RULE, "courrier"], "mssante_retention_rules[1] doit être un dictionnaire (clé: valeur), pas un texte"),
    (RULE, "mssante_retention_rules doit être une liste de règles, pas un dictionnaire"),
])
def test_bad_rules_are_named_in_french(rules, words):
    with pytest.raises(AnsibleFilterError) as error:
        retention_rules(rules)
    message = str(error.value)
    assert message.startswith(words)
    assert_plain_french(message, "mssante_retention_rules")


@pytest.mark.parametrize("path", ["roles/retention/defaults/main.yml", "roles/audit/defaults/main.yml",
                                  "inventories/demo/group_vars/mssante_platforms/main.yml",
                                  "extensions/molecule/retention/vars.yml"])
def test_shipped_rules_are_accepted(path):
    data = yaml.safe_load((ROOT / path).read_text(encoding="utf-8")) or {}
    retention_rules(data.get("mssante_retention_rules"))


def test_registered_under_its_name():
    assert FilterModule().filters()["retention_rules"] is retention_rules
