# SPDX-License-Identifier: GPL-3.0-or-later
"""annuaire_info against hostile answers of the local FHIR v2 server and of an extraction file server
(issue #13, items 1 and 9): every answer that does not prove itself complete ends in a French
error naming api_url or extraction_path - never a traceback, never "nothing is published"."""
import time

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire import api
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.extraction import read_extraction
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.fhir import FhirError
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.source import SourceError
from ansible_collections.mssante.hygiene.tests.unit.fr_messages import assert_plain_french
from lab import annuaire_seed
from lab.fhir_server import HostileFileServer
from tests.functional.test_annuaire_api import KEY, _client, est, server  # noqa: F401  pylint: disable=unused-import
from tests.unit.plugins.module_utils.annuaire.test_annuaire_redirects import run_module

HOSTILE = {  # mode -> words of the message
    "outcome_200": "a répondu HTTP 200 avec une erreur (OperationOutcome)",
    "empty_bundle": "ne renvoie rien pour la structure 990000002 de l'établissement (réponse vide)",
    "wrong_total": "annoncés (total du Bundle)",
    "next_loop": "renvoie à une page déjà lue (boucle)",
    "not_bundle": "un Bundle était attendu, reçu resourceType « Practitioner »",
    "json_list": "un objet JSON était attendu",
    "bad_json": "réponse JSON invalide",
    "entry_strings": "Bundle mal formé",
    "cut_body": "réponse coupée par api_url",
    "bad_status": "réponse HTTP invalide de api_url",
}


@pytest.mark.parametrize("mode", sorted(HOSTILE))
def test_hostile_answer_is_an_error_naming_api_url(server, est, mode):
    server.faults.hostile = mode
    client = _client(server, max_retries=1)
    with pytest.raises(FhirError) as error:
        api.collect(client, organizations=[est.finess_ej], practitioners=[est.people[0].rpps])
    assert_plain_french(str(error.value), HOSTILE[mode], server.url)


def test_slow_drip_stops_at_timeout(server, est):
    server.faults.hostile, server.faults.drip_delay = "slow_drip", 0.05
    client = _client(server, timeout=1, max_retries=0)
    start = time.monotonic()
    with pytest.raises(FhirError, match=r"pas de réponse complète en 1 s \(timeout\)"):
        api.collect(client, organizations=[est.finess_ej])
    assert time.monotonic() - start < 4


def test_overall_budget_stops_the_read(server, est):
    server.faults.hostile, server.faults.drip_delay = "slow_drip", 0.05
    client = _client(server, timeout=1, max_retries=10, total_timeout=2)
    start = time.monotonic()
    with pytest.raises(FhirError) as error:
        api.collect(client, organizations=[est.finess_ej])
    assert time.monotonic() - start < 5
    assert_plain_french(str(error.value), "plus de 2 s au total (total_timeout)", server.url)


def test_max_pages_reached_is_a_failure(server, est):
    client = _client(server, max_pages=1)
    with pytest.raises(FhirError, match="plafond max_pages"):
        list(client.search("PractitionerRole", [("_count", "2")]))


def test_module_fails_then_records_and_checks_the_drop(server, est, tmp_path):
    args = {"api_url": server.url, "api_key": KEY, "organizations": [est.finess_ej],
            "domains": [est.domain], "state_dir": str(tmp_path / "etat")}
    server.faults.hostile = "outcome_200"
    failed = run_module("annuaire_info", tmp_path, args)
    assert failed.get("failed") is True and failed["complete"] is False
    assert_plain_french(failed["msg"], "api_url %s" % server.url, "OperationOutcome")
    assert not (tmp_path / "etat").exists()  # an incomplete read records nothing
    server.faults.hostile = None
    done = run_module("annuaire_info", tmp_path, args)
    assert done.get("failed") is not True and done["complete"] is True, done
    assert done["completeness"]["bals"] == len(done["bals"]) > 5 and done["completeness"]["previous"] is None
    # the Annuaire now publishes half of it: stopped, both numbers and the option named
    resources = annuaire_seed.fhir_resources(est)
    for resource in resources[::2]:
        resource["telecom"] = []
    server.store = type(server.store)(resources)
    dropped = run_module("annuaire_info", tmp_path, args)
    assert dropped.get("failed") is True and dropped["complete"] is False
    assert_plain_french(dropped["msg"], "api_url %s : " % server.url,
                        "BAL trouvées contre %d" % len(done["bals"]), "max_drop_ratio = 0.2")


@pytest.mark.parametrize("mode, words", [
    ("html", "page HTML"),
    ("short", "octets reçus sur"),
])
def test_hostile_extraction_download(tmp_path, est, mode, words):
    path = tmp_path / "extraction.txt"
    annuaire_seed.write_extraction(est, str(path), national_lines=2000)
    with HostileFileServer(path.read_bytes(), mode=mode) as files:
        with pytest.raises((SourceError, Exception)) as error:
            read_extraction(files.url, domains=[est.domain])
        assert_plain_french(str(error.value), "extraction_path", files.url, words)
        files.mode = None
        assert read_extraction(files.url, domains=[est.domain], min_lines=2000).bals
