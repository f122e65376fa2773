# SPDX-License-Identifier: GPL-3.0-or-later
"""Findings, accounts and options shared by the owner_notice engine tests."""
import datetime as dt

from ansible_collections.mssante.hygiene.plugins.module_utils.notice.argspec import argument_spec
from ansible_collections.mssante.hygiene.plugins.module_utils.options import options_from

NOW = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.timezone.utc)
TODAY = NOW.date()
JEAN = "jean.martin@ch-exemple.mssante.fr"
CARDIO = "cardiologie@ch-exemple.mssante.fr"
PARTI = "paul.parti@ch-exemple.mssante.fr"
ACCOUNTS = [
    {"dn": "uid=jmartin,ou=people,dc=ch", "mails": [JEAN], "name": "Jean Martin", "service": "Cardiologie",
     "status": "active", "bal_type": "PER"},
    {"dn": "uid=pparti,ou=people,dc=ch", "mails": [PARTI], "name": "Paul Parti", "service": "Urgences",
     "status": "disabled", "bal_type": "PER"},
]
BALS = [{"address": CARDIO, "type": "ORG", "service": "Cardiologie"}, {"address": JEAN, "type": "PER"}]
CONTACTS = {"services": {"Cardiologie": "chef.cardio@ch-exemple.fr"}, "default": ["dsi@ch-exemple.fr"]}


def finding(address, code, action="review", **evidence):
    base = {"directory": {"account": None}, "annuaire": {"published": True},
            "platform": {"present": True, "last_activity": "2026-08-01T10:00:00Z", "inactive_days": 122}}
    base.update(evidence)
    return {"address": address, "code": code, "severity": "warning", "action": action,
            "detail": "constat", "evidence": base}


def options(**overrides):
    params = {"findings": [], "accounts": ACCOUNTS, "bals": BALS, "contacts": CONTACTS, "state_dir": "/nonexistent",
              "establishment": {"name": "CH Exemple", "contact": "dsi@ch-exemple.fr"}}
    params.update(overrides)
    return options_from(argument_spec(), params)
