# SPDX-License-Identifier: GPL-3.0-or-later
"""playbooks/audit.yml on the lab, read as another establishment's platform would be (issue #13).

The seeded CH Exemple plants the four cases (lab/establishment.py, _plant_other_establishment):
an address in capitals in the extraction file, a published address without a mailbox read over
IMAP, an account without RPPS whose active BAL is unpublished, a professional whose only active
situation is at another establishment (source: api). A wrong admin password fails the run in
French instead of reporting every BAL missing.
"""
import json
import os

from lab import establishment
from tests.functional.demo_playbook import IMAP_OVERRIDE, lab_fixture
from tests.functional.faults.helpers import assert_clear_failure, assert_completes, run_lab, snapshot

LAB = "pytest-audit-other"
STAFF = 12
lab_state = lab_fixture(LAB, staff=STAFF)

IMAP = IMAP_OVERRIDE
# the lab file is small: min_lines guards real national files against truncation
EXTRACTION = {"source": "extraction", "extraction_path": "{{ mssante_lab.annuaire.extraction_path }}",
              "min_lines": 10}


def _report(state):
    with open(os.path.join(state["directory"], "reports", "audit.json"), encoding="utf-8") as handle:
        return json.load(handle)


def _findings(report):
    found = {}
    for finding in report["findings"]:
        found.setdefault(finding["address"], {})[finding["code"]] = finding
    return found


def _assert_planted(report):
    """Every planted code of the establishment is reported on its BAL, and only those."""
    found = _findings(report)
    est = establishment.build(staff=STAFF)
    expected = {box.address: box.expected_codes | box.document_codes() for box in est.mailboxes}
    wrong = {address: (sorted(codes), sorted(found.get(address, {})))
             for address, codes in expected.items() if codes != set(found.get(address, {}))}
    assert not wrong, wrong
    return found


def _address(uid):
    return "%s@%s" % (uid, establishment.DOMAIN)


def test_api_source_doveadm_reports_every_planted_case(lab_state):
    """The demo inventory (source: api, doveadm): exactly the planted codes, the four cases included."""
    assert_completes(run_lab(lab_state, "audit.yml"))
    found = _assert_planted(_report(lab_state))
    absence = found[_address("ancien.interne")]["orphan_published"]["evidence"]["platform"]["absence"]
    assert "liste des utilisateurs" in absence
    assert establishment.OTHER_FINESS in found[_address("parti.ailleurs")]["departed_owner"]["detail"]


def test_api_source_over_imap(lab_state):
    """Over IMAP (activity only from the Sent folder): the admin-refused login is orphan_published."""
    run = run_lab(lab_state, "audit.yml", mssante_imap=IMAP)
    assert_completes(run)
    found = _findings(_report(lab_state))
    orphan = found[_address("ancien.interne")]
    assert list(orphan) == ["orphan_published"]
    absence = orphan["orphan_published"]["evidence"]["platform"]["absence"]
    assert "connexion refusée" in absence and "ouvre les autres BAL" in absence, absence
    assert "BAL illisibles" not in run.output
    assert establishment.OTHER_FINESS in found[_address("parti.ailleurs")]["departed_owner"]["detail"]
    assert {"unknown_owner"} <= set(found[_address("interne.sansrpps")])


def test_extraction_source_with_an_address_in_capitals(lab_state):
    path = lab_state["annuaire"]["extraction_path"]
    with open(path, encoding="utf-8") as handle:
        assert _address("claire.capitales").upper() in handle.read()
    run = run_lab(lab_state, "audit.yml", mssante_annuaire=EXTRACTION)
    assert_completes(run)
    found = _findings(_report(lab_state))
    capitals = found.get(_address("claire.capitales"), {})
    assert list(capitals) == ["inactive"], capitals
    assert capitals["inactive"]["evidence"]["annuaire"]["published"] is True
    assert list(found[_address("parti.ailleurs")]) == ["departed_owner"]
    assert list(found[_address("ancien.interne")]) == ["orphan_published"]
    assert set(found[_address("interne.sansrpps")]) == {"unknown_owner", "not_published"}


def test_wrong_admin_password_fails_the_run_not_every_bal(lab_state):
    reports = os.path.join(lab_state["directory"], "reports")
    before = snapshot(reports) if os.path.isdir(reports) else {}
    wrong = dict(IMAP, admin_password="pas-le-bon-mot-de-passe")
    run = run_lab(lab_state, "audit.yml", mssante_imap=wrong)
    assert_clear_failure(run, "admin_user / admin_password", "toutes les BAL demandées")
    assert "orphan_published" not in run.output
    assert (snapshot(reports) if os.path.isdir(reports) else {}) == before  # last report kept
