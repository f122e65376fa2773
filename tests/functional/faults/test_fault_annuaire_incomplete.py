# SPDX-License-Identifier: GPL-3.0-or-later
"""The Annuaire Santé answers, but not the whole truth (issue #13, item 1): an OperationOutcome sent
with HTTP 200, an empty Bundle for our own structure, a wrong Bundle total, an HTML page instead of the
extraction file. Before, each read as "nothing is published" and the redlist role confirmed pending
requests. Now redlist.yml stops with a French message naming api_url / extraction_path, no
traceback, no request file nor ledger changed; once the source behaves, the rerun completes."""
import os

import pytest

from lab import stack
from lab.fhir_server import HostileFileServer, lab_double
from tests.functional.demo_playbook import lab_fixture
from tests.functional.faults.helpers import (
    api_double_vars, assert_clear_failure, assert_completes, run_lab, snapshot)

LAB = "pytest-fault-annuaire"
annuaire_lab = lab_fixture(LAB, staff=12)


@pytest.fixture(scope="module")
def annuaire(annuaire_lab):
    """A FHIR server double in this process, serving the lab's resources with its key and certificate."""
    with lab_double(annuaire_lab) as double:
        yield double


@pytest.fixture(scope="module")
def extraction(annuaire_lab):
    """The lab's extraction file over https, hostile on demand."""
    with open(annuaire_lab["annuaire"]["extraction_path"], "rb") as handle:
        data = handle.read()
    with HostileFileServer(data, certs=stack.existing_certs(annuaire_lab["directory"])) as files:
        yield files


@pytest.fixture(scope="module")
def requested(annuaire_lab, annuaire, tmp_path_factory):
    """Extra vars pointing the demo inventory at the double, and a first complete redlist run."""
    extra = api_double_vars(annuaire_lab, annuaire, tmp_path_factory.mktemp("annuaire-incomplete"))
    assert_completes(run_lab(annuaire_lab, "redlist.yml", **extra))
    assert os.path.exists(os.path.join(extra["mssante_state_dir"], "annuaire-derniere-lecture.json"))
    return extra


HOSTILE = {  # mode of the FHIR double -> words of the message
    "outcome_200": "a répondu HTTP 200 avec une erreur (OperationOutcome)",
    "empty_bundle": "ne renvoie rien pour les structures 990000002, 990000010, 990000028",
    "wrong_total": "annoncés (total du Bundle)",
}


@pytest.mark.parametrize("mode", sorted(HOSTILE))
def test_an_incomplete_api_answer_stops_the_run(annuaire_lab, annuaire, requested, mode):
    before = snapshot(requested["mssante_state_dir"]), snapshot(requested["mssante_report_dir"])
    annuaire.faults.hostile = mode
    impatient = dict(requested["mssante_annuaire"], timeout=5)
    try:
        failed = run_lab(annuaire_lab, "redlist.yml", **dict(requested, mssante_annuaire=impatient))
    finally:
        annuaire.faults.hostile = None
    assert_clear_failure(failed, "api_url %s" % annuaire.url, HOSTILE[mode], '"complete": false')
    assert (snapshot(requested["mssante_state_dir"]), snapshot(requested["mssante_report_dir"])) == before


def test_an_html_page_instead_of_the_extraction_stops_the_run(annuaire_lab, extraction, requested):
    before = snapshot(requested["mssante_state_dir"]), snapshot(requested["mssante_report_dir"])
    extraction.mode = "html"
    try:
        failed = run_lab(annuaire_lab, "redlist.yml", **dict(requested, mssante_annuaire={
            "source": "extraction", "extraction_path": extraction.url,
            "ca_path": annuaire_lab["tls"]["ca_cert"], "min_lines": 10}))
    finally:
        extraction.mode = None
    assert_clear_failure(failed, "extraction_path %s" % extraction.url, "page HTML", "rien n")
    assert (snapshot(requested["mssante_state_dir"]), snapshot(requested["mssante_report_dir"])) == before


def test_once_the_annuaire_behaves_the_rerun_completes(annuaire_lab, annuaire, requested):
    ledger = os.path.join(requested["mssante_state_dir"], "ledger.json")
    with open(ledger, "rb") as handle:
        before = handle.read()
    rerun = run_lab(annuaire_lab, "redlist.yml", **requested)
    assert_completes(rerun)
    assert rerun.changed == 0
    with open(ledger, "rb") as handle:
        assert handle.read() == before
