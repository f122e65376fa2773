# SPDX-License-Identifier: GPL-3.0-or-later
"""Filter request_observations: which BAL is in use and which source may be trusted, for the
operator_request module, from the inventory and the audit (no rule left in the roles' Jinja)."""
import pathlib

import yaml

from ansible_collections.mssante.hygiene.plugins.filter.request_observations import FilterModule
from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import CODES
from ansible_collections.mssante.hygiene.plugins.module_utils.requests.observations import (
    NOT_IN_USE, in_use, observations)

ROOT = pathlib.Path(__file__).resolve().parents[4]
ALICE = "alice@ch.mssante.fr"
CAROL = "carol@ch.mssante.fr"
DAVE = "dave@ch.mssante.fr"


def inventory(**changes):
    base = {"sources": ["ldap", "annuaire", "messagerie"], "annuaire_complete": True,
            "accounts": [{"dn": "uid=alice"}], "bals": [{"address": ALICE}],
            "mailboxes": [{"mailbox": ALICE, "last_activity": "2026-01-02T08:00:00+00:00"},
                          {"mailbox": "Carol@CH.mssante.fr", "last_activity": "2026-11-20T08:00:00+00:00"},
                          {"mailbox": DAVE, "last_activity": None}],
            "mailbox_failures": [{"mailbox": "erin@ch.mssante.fr", "error": "timeout"}],
            "mailbox_absent": ["bob@ch.mssante.fr"], "mailbox_listed_all": False}
    base.update(changes)
    return base


def test_in_use_means_a_known_last_activity_and_no_unused_finding():
    findings = [{"address": ALICE, "code": "inactive"}, {"address": CAROL, "code": "no_preferred"}]
    assert in_use(inventory()["mailboxes"], findings) == [CAROL]


def test_every_code_that_calls_a_bal_unused_removes_it():
    for code in NOT_IN_USE:
        assert in_use([{"mailbox": ALICE, "last_activity": "2026-11-01"}], [{"address": ALICE, "code": code}]) == []


def test_not_in_use_codes_are_audit_codes():
    assert NOT_IN_USE <= set(CODES)


def test_every_source_read_gives_its_observations():
    result = observations(inventory(), [])
    assert result == {
        "accounts": [{"dn": "uid=alice"}], "active": [ALICE, CAROL], "annuaire_complete": True,
        "published": [{"address": ALICE}],
        "mailboxes": inventory()["mailboxes"] + inventory()["mailbox_failures"],
        "absent": ["bob@ch.mssante.fr"], "listed_all": False}


def test_a_source_not_read_is_left_out_so_nothing_is_concluded_from_it():
    result = observations(inventory(sources=["ldap"]), [])
    assert "published" not in result and "mailboxes" not in result and "absent" not in result
    assert result["active"] == [ALICE, CAROL]


def test_completeness_is_true_only_when_said_so():
    assert observations(inventory(annuaire_complete="true"), [])["annuaire_complete"] is True
    for value in (False, None, "false", "no"):
        assert observations(inventory(annuaire_complete=value), [])["annuaire_complete"] is False
    assert observations({}, [])["annuaire_complete"] is False


def test_no_sources_given_means_all_were_read():
    assert set(observations({"bals": [], "mailboxes": []}, None)) >= {"published", "mailboxes", "listed_all"}


def test_the_molecule_fixture_gives_what_the_role_used_to_compute():
    fixture = yaml.safe_load((ROOT / "extensions/molecule/redlist/vars/main.yml").read_text(encoding="utf-8"))
    result = observations(fixture["mssante_inventory"], fixture["mssante_audit"]["findings"])
    assert result["active"] == ["carol.fictif@ch-exemple.mssante.fr"]
    assert result["annuaire_complete"] is True and result["listed_all"] is False


def test_registered_under_its_name():
    assert FilterModule().filters()["request_observations"] is observations
