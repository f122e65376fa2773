# SPDX-License-Identifier: GPL-3.0-or-later
"""An Annuaire read not proven complete never confirms, withdraws or creates a request (#13 item 1)."""
from ansible_collections.mssante.hygiene.plugins.module_utils.requests import ledger
from ansible_collections.mssante.hygiene.plugins.module_utils.requests.plan import (
    Observations, bal_from_input, plan)
from ansible_collections.mssante.hygiene.plugins.module_utils.requests.run import run as request_run
from ansible_collections.mssante.hygiene.tests.unit.fr_messages import assert_plain_french

ALICE = "alice.fictif@ch-exemple.mssante.fr"
BOB = "bob.fictif@ch-exemple.mssante.fr"


def bal(address, code, kind):
    item, _why = bal_from_input({"address": address, "code": code, "action": kind}, kind)
    item["operator"] = "Opérateur"
    return item


def pending(kind, *addresses):
    """A ledger holding a pending request of `kind` for each address."""
    start = plan(ledger.empty(), kind, [bal(a, "inactive", kind) for a in addresses],
                 Observations(annuaire_complete=True, published=list(addresses), mailboxes=list(addresses)),
                 "2026-01-01T00:00:00+00:00", "r1")
    assert start["added"] == sorted(addresses)
    return start["ledger"]


def test_empty_answer_not_proven_complete_confirms_nothing():
    """The Annuaire said "nothing" by mistake: every liste rouge stays pending."""
    before = pending("liste_rouge", ALICE, BOB)
    result = plan(before, "liste_rouge", [], Observations(published=[], mailboxes=[ALICE, BOB]),
                  "2026-02-01T00:00:00+00:00", "r2")
    assert result["confirmed"] == [] and result["pending"] == [ALICE, BOB]
    assert ledger.dump(result["ledger"]) == ledger.dump(before)
    assert_plain_french(result["warnings"][0], "Liste rouge : aucune demande ajoutée, confirmée ni retirée")
    assert "observations.annuaire_complete" in result["warnings"][0]
    assert "2 demandes en attente le restent" in result["warnings"][0]


def test_deletion_not_confirmed_nor_created_on_an_incomplete_read():
    before = pending("suppression", BOB)
    result = plan(before, "suppression", [bal(ALICE, "unpublished_inactive", "suppression")],
                  Observations(published=[], mailboxes=[], annuaire_complete=False),
                  "2026-02-01T00:00:00+00:00", "r2")
    assert (result["confirmed"], result["added"], result["pending"]) == ([], [], [BOB])
    assert result["skipped"][0]["address"] == ALICE
    assert "pas prouvée complète" in result["skipped"][0]["reason"]
    assert "1 BAL non demandée" in result["warnings"][0]


def test_activity_does_not_withdraw_on_an_incomplete_read():
    before = pending("liste_rouge", ALICE)
    result = plan(before, "liste_rouge", [], Observations(published=[ALICE], active=[ALICE]),
                  "2026-02-01T00:00:00+00:00", "r2")
    assert result["withdrawn"] == [] and result["pending"] == [ALICE]


def test_complete_flag_without_a_published_list_is_not_a_read():
    before = pending("liste_rouge", ALICE)
    result = plan(before, "liste_rouge", [], Observations(annuaire_complete=True, active=[ALICE]),
                  "2026-02-01T00:00:00+00:00", "r2")
    assert result["withdrawn"] == [] and result["pending"] == [ALICE]
    assert "observations.published" in result["warnings"][0]


def test_nothing_held_back_no_warning():
    result = plan(ledger.empty(), "liste_rouge", [], Observations(published=[]),
                  "2026-02-01T00:00:00+00:00", "r1")
    assert result["warnings"] == []


def test_module_run_warns_and_writes_nothing_new(tmp_path):
    """The module path (requests.run.run), as a playbook calling operator_request directly would."""
    params = {"kind": "liste_rouge", "state_dir": str(tmp_path), "output_dir": None, "timeout": 5,
              "validate_certs": True, "ca_path": None, "operator": {"name": "Opérateur"},
              "bals": [{"address": ALICE, "code": "inactive", "action": "liste_rouge"}],
              "observations": {"published": [ALICE], "annuaire_complete": True}}
    first = request_run(params)
    assert first["added"] == [ALICE] and first["warnings"] == []
    files = {p.name: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".lock"}
    params.update(bals=[], observations={"published": [], "annuaire_complete": False})
    second = request_run(params)
    assert (second["confirmed"], second["pending"], second["changed"]) == ([], [ALICE], False)
    assert second["warnings"] and "Annuaire Santé" in second["warnings"][0]
    assert files == {p.name: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".lock"}
