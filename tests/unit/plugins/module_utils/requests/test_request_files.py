# SPDX-License-Identifier: GPL-3.0-or-later
"""Request files: French Excel CSV, JSON, cover message, FHIR PATCH bodies shaped like the draft IG."""
import csv
import io
import json
import os

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.requests import ledger
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.fhir_patch import parameters, patch_bundle, targets
from ansible_collections.mssante.hygiene.plugins.module_utils.records import Request
from ansible_collections.mssante.hygiene.plugins.module_utils.requests.files import build, select, slug, sync
from lab.fixtures import annuaire_fixture

FIXTURES = annuaire_fixture("patch-requests")
EXAMPLE = "prenom.nom@domain.mssante.fr"
EST = {"name": "CH Exemple", "finess_ej": "990000002", "siret": "99900000100019", "contact": "dsi@ch-exemple.example"}


def fixture(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as handle:
        return json.load(handle)


@pytest.mark.parametrize("kind, carrier, name", [
    ("liste_rouge", "Practitioner", "Parameters-patch-practitioner-per-listeRouge-true.json"),
    ("liste_rouge", "PractitionerRole", "Parameters-patch-practitionerrole-per-listeRouge-true.json"),
    ("suppression", "Practitioner", "Parameters-patch-practitioner-delete-bal.json"),
])
def test_parameters_match_the_ig_examples(kind, carrier, name):
    assert parameters(kind, carrier, EXAMPLE) == fixture(name)


def test_organization_delete_matches_the_ig_example():
    assert parameters("suppression", "Organization", "structure@domain.mssante.fr") == fixture(
        "Parameters-patch-organization-delete-bal.json")


def test_quotes_in_an_address_are_escaped():
    path = parameters("suppression", "Practitioner", "o'neil@x.mssante.fr")["parameter"][0]["part"][1]["valueString"]
    assert path == "Practitioner.telecom.where(value = 'o\\'neil@x.mssante.fr')"


def test_targets_are_conditional_on_business_identifiers():
    role = {"type": "PER", "rpps": "10999990012", "structures": ["990000010"], "carriers": ["PractitionerRole"]}
    assert targets(role) == [("PractitionerRole", "PractitionerRole?practitioner.identifier=https://rpps.esante.gouv.fr"
                                                  "|10999990012&organization.identifier=https://finess.esante.gouv.fr"
                                                  "|990000010")]
    general = {"type": "PER", "rpps": "10999990012"}
    assert targets(general) == [("Practitioner", "Practitioner?identifier=https://rpps.esante.gouv.fr|10999990012")]
    org = {"type": "ORG"}
    assert targets(org, "990000002") == [("Organization", "Organization?identifier=https://finess.esante.gouv.fr"
                                                          "|990000002")]
    assert patch_bundle("liste_rouge", "x@y.mssante.fr", {"type": "PER"}) is None  # nothing to target


def _ledger():
    data = ledger.empty()
    rows = [("zoe.fictif@ch-exemple.mssante.fr", "pending", "Zoé Fictif", "=HYPERLINK(\"x\")"),
            ("alice.fictif@ch-exemple.mssante.fr", "pending", "Alice; \"Ali\" Fictif", "Aucune activité"),
            ("bob.fictif@ch-exemple.mssante.fr", "confirmed", "Bob", "")]
    for address, state, name, detail in rows:
        history = [{"state": "pending", "at": "2026-03-02T10:00:00+00:00", "run_id": "r1"}]
        if state != "pending":
            history.append({"state": state, "at": "2026-04-01T10:00:00+00:00", "run_id": "r2"})
        data["requests"][ledger.key("liste_rouge", address)] = Request(
            address=address, kind="liste_rouge", state=state, reason="inactive", operator="Opérateur Sud",
            operator_contact="support@sud.example", detail=detail, history=history,
            bal={"type": "PER", "rpps": "10999990012", "name": name, "structures": ["990000010"],
                 "carriers": ["PractitionerRole"]})
    return data


def test_csv_opens_in_french_excel():
    files, _summary = build(_ledger(), "liste_rouge", EST)
    raw = files["requests/operateur-sud/liste_rouge/demande.csv"]
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][:3] == ["Action demandée", "Adresse BAL", "Type"]
    assert [r[1] for r in rows[1:]] == ["alice.fictif@ch-exemple.mssante.fr", "zoe.fictif@ch-exemple.mssante.fr"]
    assert rows[1][4] == "Alice; \"Ali\" Fictif"  # quoted, round-trips
    assert rows[2][9].startswith("'=")  # formula neutralised
    assert rows[1][10] == "02/03/2026"


def test_files_are_deterministic_and_complete():
    first, summary = build(_ledger(), "liste_rouge", EST)
    second = build(_ledger(), "liste_rouge", EST)[0]
    assert first == second
    assert sorted(first) == [
        "requests/operateur-sud/liste_rouge/courriel.txt", "requests/operateur-sud/liste_rouge/demande.csv",
        "requests/operateur-sud/liste_rouge/demande.json",
        "requests/operateur-sud/liste_rouge/patch/alice.fictif@ch-exemple.mssante.fr.json",
        "requests/operateur-sud/liste_rouge/patch/zoe.fictif@ch-exemple.mssante.fr.json"]
    document = json.loads(first["requests/operateur-sud/liste_rouge/demande.json"])
    assert document["operator"] == {"name": "Opérateur Sud", "contact": "support@sud.example"}
    assert [e["address"] for e in document["pending"]] == [
        "alice.fictif@ch-exemple.mssante.fr", "zoe.fictif@ch-exemple.mssante.fr"]
    assert summary[0]["pending"] == [e["address"] for e in document["pending"]]


def test_cover_message_names_establishment_bals_and_reason():
    files, summary = build(_ledger(), "liste_rouge", EST)
    text = files["requests/operateur-sud/liste_rouge/courriel.txt"].decode("utf-8")
    assert text.startswith("À : support@sud.example\nObjet : [MSSanté] CH Exemple — demande de mise en liste rouge de 2 BAL")
    assert "CH Exemple (FINESS EJ 990000002, SIRET 99900000100019)" in text
    assert "- alice.fictif@ch-exemple.mssante.fr (PER, Alice; \"Ali\" Fictif, RPPS 10999990012" in text
    assert "liste rouge les retire de la publication" in text
    assert "bob.fictif" not in text  # confirmed: not asked again
    assert "Contact : dsi@ch-exemple.example" in text
    assert summary[0]["subject"] in text


def test_cancellations_of_the_latest_run_are_told_once():
    data = _ledger()
    record = data["requests"][ledger.key("liste_rouge", "zoe.fictif@ch-exemple.mssante.fr")]
    record.state = "withdrawn"
    record.history.append({"state": "withdrawn", "at": "2026-05-01T10:00:00+00:00", "run_id": "r3"})
    group = select(data, "liste_rouge")["Opérateur Sud"]
    assert [r.address for r in group["cancelled"]] == ["zoe.fictif@ch-exemple.mssante.fr"]
    files = build(data, "liste_rouge", EST)[0]
    assert "Merci d'annuler la demande" in files["requests/operateur-sud/liste_rouge/courriel.txt"].decode("utf-8")
    assert "requests/operateur-sud/liste_rouge/patch/zoe.fictif@ch-exemple.mssante.fr.json" not in files
    # a later change to this request: the cancellation is old news
    later = data["requests"][ledger.key("liste_rouge", "alice.fictif@ch-exemple.mssante.fr")]
    later.history.append({"state": "confirmed", "at": "2026-06-01T10:00:00+00:00", "run_id": "r4"})
    later.state = "confirmed"
    assert select(data, "liste_rouge") == {}


def test_sync_writes_then_removes_stale_files_and_respects_check_mode(tmp_path):
    files = build(_ledger(), "liste_rouge", EST)[0]
    planned = sync(str(tmp_path), files, "liste_rouge", check_mode=True)
    assert all(f["state"] == "written" for f in planned) and not (tmp_path / "requests").exists()
    assert all(f["state"] == "written" for f in sync(str(tmp_path), files, "liste_rouge"))
    assert all(f["state"] == "unchanged" for f in sync(str(tmp_path), files, "liste_rouge"))
    csv_path = tmp_path / "requests/operateur-sud/liste_rouge/demande.csv"
    assert oct(os.stat(csv_path).st_mode & 0o777) == "0o600"
    removed = sync(str(tmp_path), {}, "liste_rouge")
    assert {f["state"] for f in removed} == {"removed"}
    assert os.listdir(tmp_path / "requests") == []
    assert sync(str(tmp_path), {}, "suppression") == []


def test_slug_is_ascii():
    assert slug("Opérateur MSSanté du CH Exemple") == "operateur-mssante-du-ch-exemple"
    assert slug("") == "operateur"
