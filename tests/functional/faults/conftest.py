# SPDX-License-Identifier: GPL-3.0-or-later
"""One seeded lab (slapd, Dovecot, FHIR server) shared by the playbook-level fault cases; each
case writes its reports and state in its own directory and puts back any server it breaks."""
import pytest

from tests.functional.demo_playbook import lab_fixture

LAB = "pytest-faults"
fault_lab = lab_fixture(LAB, staff=12, scope="package")


@pytest.fixture()
def run_dirs(tmp_path):
    """Report and state directories of one case, as extra vars of the demo inventory."""
    return {"mssante_report_dir": str(tmp_path / "rapports"), "mssante_state_dir": str(tmp_path / "etat")}
