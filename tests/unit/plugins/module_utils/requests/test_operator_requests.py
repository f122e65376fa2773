# SPDX-License-Identifier: GPL-3.0-or-later
"""The request plan: adds, confirmations, withdrawals, never twice, never writes."""
import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.requests import ledger
from ansible_collections.mssante.hygiene.plugins.module_utils.requests.plan import (
    Observations, PlanInputError, bal_from_input, enrich_from_accounts, plan)
from ansible_collections.mssante.hygiene.plugins.module_utils.requests.run import RequestRunError, resolve_operators
from ansible_collections.mssante.hygiene.plugins.module_utils.smtp import SmtpError, build_message, send
from ansible_collections.mssante.hygiene.tests.unit.fr_messages import assert_plain_french

ALICE = "alice.fictif@ch-exemple.mssante.fr"
BOB = "bob.fictif@ch-exemple.mssante.fr"


def finding(address, code="inactive", action="liste_rouge"):
    return {"address": address.upper(), "code": code, "severity": "warning", "action": action,
            "detail": "Aucune activité depuis 120 jours",
            "evidence": {"annuaire": {"published": True, "type": "PER", "carriers": ["PractitionerRole"],
                                      "structures": ["990000010"], "situations": ["S1"], "rpps": "10999990012"},
                         "directory": {"rpps": "10999990012"}}}


def bals(kind, *findings):
    out = []
    for item in findings:
        bal, _why = bal_from_input(item, kind)
        bal["operator"] = "Opérateur"
        out.append(bal)
    return out


def seen(**sources):
    """Observations of a proven-complete Annuaire read (the only ones that change the ledger)."""
    return Observations(annuaire_complete=True, **sources)


def run(data, kind, findings, obs, run_id):
    return plan(data, kind, bals(kind, *findings), obs, "2026-0%s-01T00:00:00+00:00" % run_id[-1], run_id)


def test_bal_from_a_finding_reads_its_evidence():
    bal, why = bal_from_input(finding(ALICE), "liste_rouge")
    assert why is None
    assert (bal["address"], bal["type"], bal["rpps"], bal["structures"], bal["reason"]) == (
        ALICE, "PER", "10999990012", ["990000010"], "inactive")
    assert bal_from_input(finding(ALICE), "suppression") == (
        None, "action recommandée « Demander la liste rouge », pas « Demander la suppression »")
    with pytest.raises(PlanInputError, match="entrée sans adresse \\(clés : code\\)"):
        bal_from_input({"code": "inactive"}, "liste_rouge")


def test_accounts_fill_the_holder_name():
    bal = bal_from_input({"address": ALICE}, "liste_rouge")[0]
    enrich_from_accounts(bal, [{"mails": [ALICE.upper()], "name": "Alice Fictif", "rpps": "1", "service": "Cardio"}])
    assert (bal["name"], bal["rpps"], bal["service"]) == ("Alice Fictif", "1", "Cardio")


def test_liste_rouge_lifecycle_pending_then_confirmed():
    start = ledger.empty()
    first = run(start, "liste_rouge", [finding(ALICE)], seen(published=[ALICE]), "r1")
    assert first["added"] == [ALICE] and first["pending"] == [ALICE]
    assert start == ledger.empty()  # the plan never touches its input
    again = run(first["ledger"], "liste_rouge", [finding(ALICE)], seen(published=[ALICE]), "r2")
    assert again["added"] == [] and again["changes"] == []  # never requested twice
    assert ledger.dump(again["ledger"]) == ledger.dump(first["ledger"])
    done = run(again["ledger"], "liste_rouge", [], seen(published=[]), "r3")
    assert done["confirmed"] == [ALICE] and done["pending"] == []
    record = done["ledger"]["requests"][ledger.key("liste_rouge", ALICE)]
    assert [(h["state"], h["run_id"]) for h in record.history] == [("pending", "r1"), ("confirmed", "r3")]


def test_unknown_publication_confirms_nothing():
    first = run(ledger.empty(), "liste_rouge", [finding(ALICE)], seen(published=[ALICE]), "r1")
    later = run(first["ledger"], "liste_rouge", [], Observations(), "r2")
    assert later["pending"] == [ALICE] and later["confirmed"] == []


def test_liste_rouge_flag_counts_as_unpublished():
    obs = seen(published=[{"address": ALICE, "liste_rouge": True}])
    assert obs.done("liste_rouge", ALICE)


def test_deletion_confirmed_only_when_gone_from_platform_and_annuaire():
    item = finding(BOB, "departed_owner", "suppression")
    first = run(ledger.empty(), "suppression", [item], seen(published=[BOB], mailboxes=[BOB]), "r1")
    assert first["added"] == [BOB]
    unpublished = run(first["ledger"], "suppression", [item], seen(published=[], mailboxes=[{"mailbox": BOB}]),
                      "r2")
    assert unpublished["confirmed"] == [] and unpublished["pending"] == [BOB]
    no_platform_data = run(first["ledger"], "suppression", [], seen(published=[]), "r2")
    assert no_platform_data["confirmed"] == []
    gone = run(first["ledger"], "suppression", [], seen(published=[], mailboxes=[]), "r3")
    assert gone["confirmed"] == [BOB]


def test_active_again_is_withdrawn_and_a_later_request_is_a_new_cycle():
    first = run(ledger.empty(), "liste_rouge", [finding(ALICE)], seen(published=[ALICE]), "r1")
    back = run(first["ledger"], "liste_rouge", [], seen(published=[ALICE], active=[ALICE]), "r2")
    assert back["withdrawn"] == [ALICE] and back["pending"] == []
    idle = run(back["ledger"], "liste_rouge", [finding(ALICE)], seen(published=[ALICE]), "r3")
    assert idle["added"] == [ALICE]
    record = idle["ledger"]["requests"][ledger.key("liste_rouge", ALICE)]
    assert [h["state"] for h in record.history] == ["pending", "withdrawn", "pending"]


def test_confirmation_wins_over_activity():
    first = run(ledger.empty(), "liste_rouge", [finding(ALICE)], seen(published=[ALICE]), "r1")
    later = run(first["ledger"], "liste_rouge", [], seen(published=[], active=[ALICE]), "r2")
    assert later["confirmed"] == [ALICE] and later["withdrawn"] == []


def test_already_done_or_active_is_skipped_not_requested():
    result = run(ledger.empty(), "liste_rouge", [finding(ALICE), finding(BOB)],
                 seen(published=[BOB], active=[BOB]), "r1")
    assert result["added"] == []
    assert [s["address"] for s in result["skipped"]] == [ALICE, BOB]


def test_kinds_are_independent():
    first = run(ledger.empty(), "liste_rouge", [finding(ALICE)], seen(published=[ALICE]), "r1")
    deletion = run(first["ledger"], "suppression", [finding(ALICE, "unpublished_inactive", "suppression")],
                   seen(published=[ALICE], mailboxes=[ALICE]), "r2")
    assert deletion["added"] == [ALICE]
    assert len(deletion["ledger"]["requests"]) == 2


def test_missing_operator_names_the_bal():
    bal = bal_from_input(finding(ALICE), "liste_rouge")[0]
    with pytest.raises(PlanInputError, match=ALICE):
        plan(ledger.empty(), "liste_rouge", [bal], seen(published=[ALICE]), "2026-01-01", "r1")


def test_new_request_history_uses_the_french_label():
    result = run(ledger.empty(), "liste_rouge", [finding(ALICE)], seen(published=[ALICE]), "r1")
    record = result["ledger"]["requests"][ledger.key("liste_rouge", ALICE)]
    assert record.history[-1]["note"] == "demande ajoutée (BAL inactive publiée)"


def test_unknown_kind_is_named_without_repr():
    with pytest.raises(PlanInputError) as error:
        plan(ledger.empty(), "purge", [], Observations(), "2026-01-01T00:00:00+00:00", "r1")
    assert_plain_french(str(error.value), "kind doit valoir liste_rouge, suppression, reçu « purge »")


def test_unreachable_smtp_names_host_port_and_the_inventory_variable():
    message = build_message("dsi@ch.test", ["op@op.test"], "Demande", "Bonjour")
    with pytest.raises(SmtpError) as error:
        send({"host": "127.0.0.1", "port": 1, "security": "none"}, message, None, timeout=2)
    assert_plain_french(str(error.value), "serveur SMTP 127.0.0.1:1 injoignable : connexion refusée",
                        "smtp.host", "mssante_smtp.host")


def test_bad_smtp_security_is_quoted():
    with pytest.raises(SmtpError) as error:
        send({"host": "h", "security": "ssl"}, None, None)
    assert_plain_french(str(error.value), "smtp.security doit valoir starttls, tls, none, reçu « ssl »")


def test_unreadable_liste_blanche_is_a_clear_error(tmp_path):
    with pytest.raises(RequestRunError) as error:
        resolve_operators([{"address": ALICE}], {}, str(tmp_path / "absent.xml"), None, 5)
    assert_plain_french(str(error.value), "liste_blanche : lecture de", "absent.xml", "introuvable")
    with pytest.raises(RequestRunError) as error:
        resolve_operators([{"address": ALICE}], {}, None, None, 5)
    assert_plain_french(str(error.value), "aucun opérateur connu pour %s" % ALICE, "operator.name")
