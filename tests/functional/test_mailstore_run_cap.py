# SPDX-License-Identifier: GPL-3.0-or-later
"""The run-level cap: a run that would empty too large a share of its target folders deletes nothing."""
import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.service import run_purge
from tests.functional.test_mailstore_purge import params, snapshot


@pytest.mark.parametrize("backend", ["imap", "doveadm"])
def test_run_over_the_cap_deletes_nothing_then_goes_when_allowed(fresh_platform, tmp_path, backend):
    fresh_mail_platform = fresh_platform
    server = fresh_mail_platform.dovecot
    before = snapshot(server)
    journal = tmp_path / "journal.jsonl"
    refused = run_purge(params(fresh_mail_platform, backend, journal_path=str(journal),
                               max_run_delete_ratio=0.01), check_mode=False, diff=False)
    assert "au-delà de max_run_delete_ratio (1 %) : rien n'a été supprimé" in refused["run_refused"]
    assert refused["deleted"] == [] and snapshot(server) == before
    assert not journal.exists() or journal.read_text(encoding="utf-8") == ""
    assert all(e["status"] == "refused" for e in refused["selected"]) and refused["selected"]
    going, total = refused["summary"]["selected_messages"], refused["summary"]["target_messages"]
    assert 0 < going < total
    allowed = run_purge(params(fresh_mail_platform, backend, journal_path=str(journal),
                               max_run_delete_ratio=1.0 * going / total + 0.01), check_mode=False, diff=False)
    assert "run_refused" not in allowed
    assert allowed["summary"]["deleted_messages"] == going
