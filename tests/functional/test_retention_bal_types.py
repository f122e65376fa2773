# SPDX-License-Identifier: GPL-3.0-or-later
"""playbooks/retention.yml: a rule keyed on bal_types and services selects exactly the mailboxes of
that type and service, as the inventory knows them (#13 item 6: the role used to pass bare logins,
so such a rule selected nothing). Dry run (--check): nothing is deleted."""
import json

from tests.functional.demo_playbook import lab_fixture, run_demo_playbook

LAB = "pytest-retention-types"
lab_state = lab_fixture(LAB, staff=12)

RULES = [{"name": "accueil-urgences", "folders": ["INBOX"], "older_than_days": 1, "date": "received",
          "keep_flagged": False, "bal_types": ["ORG"], "services": ["Urgences"], "max_delete_ratio": 1.0}]


def test_rule_on_type_and_service_selects_only_the_org_mailbox_of_that_service(lab_state):
    output, _changed = run_demo_playbook(lab_state["directory"], "retention.yml", "--check", "--diff",
                                         "-e", json.dumps({"mssante_retention_rules": RULES}))
    summary = output.split("Résumé — Rétention")[-1]
    assert "accueil.urgences@ch-exemple.mssante.fr" in summary, summary
    # ORG of another service, APP of the lab, personal mailboxes: not covered by the rule
    for other in ("secretariat.cardiologie@", "resultats.labo@", "alice.", "bruno."):
        assert other not in summary, (other, summary)
    assert "dans 1 BAL sur" in summary, summary
