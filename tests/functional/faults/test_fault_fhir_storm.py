# SPDX-License-Identifier: GPL-3.0-or-later
"""The Annuaire Santé FHIR API misbehaves: 429 and 5xx storms, a server that never answers.

Client level (moved from test_annuaire_api): short storms are survived, Retry-After honoured,
long ones end in an error. Playbook level: audit.yml against a FHIR server double that serves the
lab's resources with the lab's key and certificate; each storm that outlasts the retries stops
the audit with a message naming the Annuaire URL, the previous report untouched; once the server
behaves, the same audit completes and changes nothing."""
import time

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire import api
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.fhir import FhirError
from lab.fhir_server import lab_double
from tests.functional.faults.helpers import (
    api_double_vars, assert_clear_failure, assert_completes, run_lab, snapshot)
from tests.functional.test_annuaire_api import _client, est, server  # noqa: F401  pylint: disable=unused-import


def test_429_storm_survived(server, est):
    server.faults.storm, server.faults.retry_after = 3, "1"
    client = _client(server)
    start = time.monotonic()
    found = api.collect(client, mailboxes=[est.mailboxes[0].address])
    assert time.monotonic() - start >= 3  # Retry-After honoured
    assert client.stats.as_dict()["by_status"]["429"] == 3 and client.stats.retries == 3
    assert est.mailboxes[0].address in {b.address for b in found["bals"]}


def test_5xx_retried_then_fatal(server):
    server.faults.errors, server.faults.error_status = 2, 502
    client = _client(server)
    list(client.search("Organization", [("identifier", "990000002")]))
    assert client.stats.retries == 2
    server.faults.errors = 10
    with pytest.raises(FhirError, match="après 2 nouvelles tentatives"):
        list(_client(server, max_retries=2).search("Organization", [("identifier", "x")]))


def test_timeout_retried(server):
    server.faults.latency = 1.5
    client = _client(server, timeout=0.5, max_retries=1)
    with pytest.raises(FhirError, match="timeout"):
        list(client.search("Organization", [("_id", "x")]))
    assert client.stats.retries == 1
    server.faults.latency = 0


@pytest.fixture(scope="module")
def annuaire(fault_lab):
    """A FHIR server double in this process, where faults can be injected, serving the lab."""
    with lab_double(fault_lab) as double:
        yield double


@pytest.fixture(scope="module")
def audited(fault_lab, annuaire, tmp_path_factory):
    """Extra vars pointing the demo inventory at the double, and a first complete audit."""
    extra = api_double_vars(fault_lab, annuaire, tmp_path_factory.mktemp("fhir-storm"))
    assert_completes(run_lab(fault_lab, "audit.yml", **extra))
    return extra


STORMS = {  # fault settings, Annuaire timeout, words of the message
    "429 storm": ({"storm": 1000, "retry_after": "0"}, 30, "après 5 nouvelles tentatives : HTTP 429"),
    "500 storm": ({"errors": 1000, "error_status": 500}, 30, "après 5 nouvelles tentatives : HTTP 500"),
    "hang": ({"latency": 3.0}, 1, "pas de réponse complète en 1 s (timeout)"),
}


@pytest.mark.parametrize("storm", sorted(STORMS))
def test_storm_stops_the_audit_and_keeps_the_report(fault_lab, annuaire, audited, storm):
    settings, timeout, words = STORMS[storm]
    report = snapshot(audited["mssante_report_dir"])
    for name, value in settings.items():
        setattr(annuaire.faults, name, value)
    impatient = dict(audited["mssante_annuaire"], timeout=timeout)
    try:
        failed = run_lab(fault_lab, "audit.yml", **dict(audited, mssante_annuaire=impatient))
    finally:
        annuaire.faults.storm = annuaire.faults.errors = annuaire.faults.latency = 0
    assert_clear_failure(failed, annuaire.url, words, "Annuaire Santé")
    assert snapshot(audited["mssante_report_dir"]) == report


def test_after_the_storm_the_audit_completes(fault_lab, annuaire, audited):
    report = snapshot(audited["mssante_report_dir"])
    annuaire.faults.storm, annuaire.faults.retry_after = 2, "1"  # a short storm is survived
    del annuaire.requests[:]
    rerun = run_lab(fault_lab, "audit.yml", **audited)
    assert_completes(rerun)
    assert rerun.changed == 0 and snapshot(audited["mssante_report_dir"]) == report
    seen = sorted(annuaire.requests, key=lambda r: r["t"])
    throttled = [i for i, r in enumerate(seen) if r["status"] == 429]
    assert len(throttled) == 2  # each retried only after its Retry-After
    assert all(seen[i + 1]["t"] - seen[i]["t"] >= 0.9 for i in throttled)
