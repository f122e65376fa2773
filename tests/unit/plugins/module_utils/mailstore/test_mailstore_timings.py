# SPDX-License-Identifier: GPL-3.0-or-later
"""mailstore_info and mailstore_purge through their engine entry points (issue 20): `timings` per
phase, and the progress file fed by the pool, over a scripted doveadm (no server)."""
import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore import service
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.doveadm import DoveadmBackend
from tests.doveadm_fakes import ScriptedDoveadm

LOGINS = ["a@ch.fr", "b@ch.fr", "c@ch.fr"]
# no patient document guard here: it has its own tests, these count mailboxes and seconds
TRASH = {"name": "corbeille", "folders": ["\\Trash"], "older_than_days": 30, "patient_documents": "ignore"}


class Platform(ScriptedDoveadm):
    """Every user has a Corbeille of 4 messages, one of them saved long ago."""

    def answer(self, args, users):
        if args[:2] == ["mailbox", "status"]:
            return [{"username": user, "mailbox": "Corbeille", "messages": "4", "uidvalidity": "7",
                     "guid": "g-" + user, "vsize": "400", "unseen": "0"} for user in users]
        if args[0] == "fetch":
            return [{"username": user, "uid": "1", "mailbox": "Corbeille", "size.virtual": "50",
                     "date.saved.unixtime": "1500000000", "flags": "", "hdr.message-id": "<1@ch>",
                     "date.received.unixtime": "1500000000"} for user in users]
        if args[:2] == ["user", "*"]:
            return "\n".join(LOGINS + ["d@ch.fr"])
        return []

    def run(self, args, users=None, json_output=True):
        if args[:2] == ["user", "*"]:
            return self.answer(args, users), {}
        return self.run_many([(args, users or [])])[0]


@pytest.fixture(name="platform")
def fixture_platform(monkeypatch):
    runner = Platform()
    monkeypatch.setattr(service, "backend_for", lambda params, context: DoveadmBackend(
        runner, folder_roles={"\\Trash": "Corbeille"}))
    return runner


def params(tmp_path, **more):
    return dict({"backend": "doveadm", "mailboxes": LOGINS, "rules": [TRASH],
                 "journal_path": str(tmp_path / "journal.jsonl"),
                 "progress_path": str(tmp_path / "progression.txt")}, **more)


def tail(tmp_path):
    return (tmp_path / "progression.txt").read_text(encoding="utf-8").splitlines()


def test_a_purge_times_its_phases_and_ends_its_progress_file_with_the_total(tmp_path, platform):
    del platform
    result = service.run_purge(params(tmp_path), check_mode=False, diff=False)
    assert result["summary"]["deleted_messages"] == 3
    assert set(result["timings"]) == {"run", "select_summed", "journal_summed", "delete_summed"}
    last = tail(tmp_path)[-1].partition(" — ")[2]
    assert last == "terminé : 3 / 3 BAL, 3 messages sélectionnés, 3 supprimés, 0 échec"


def test_the_dry_run_of_the_run_cap_has_its_own_phase_and_lines(tmp_path, platform):
    del platform
    result = service.run_purge(params(tmp_path, max_run_delete_ratio=0.9), check_mode=False, diff=False)
    assert set(result["timings"]) == {"preview", "run", "select_summed", "journal_summed", "delete_summed"}
    finals = [line.partition(" — ")[2] for line in tail(tmp_path) if "terminé" in line]
    assert finals == ["contrôle préalable terminé : 3 / 3 BAL, 3 messages sélectionnés, 0 supprimé, 0 échec",
                      "terminé : 3 / 3 BAL, 3 messages sélectionnés, 3 supprimés, 0 échec"]


def test_check_mode_times_but_writes_no_progress(tmp_path, platform):
    del platform
    result = service.run_purge(params(tmp_path), check_mode=True, diff=False)
    assert "run" in result["timings"] and result["summary"]["deleted_messages"] == 0
    assert not (tmp_path / "progression.txt").exists()
    info = service.run_info(params(tmp_path, rules=None, journal_path=None), check_mode=True)
    assert "sweep" in info["timings"] and not (tmp_path / "progression.txt").exists()


def test_a_sweep_times_setup_discover_and_sweep_and_counts_every_mailbox(tmp_path, platform):
    del platform
    warnings = []
    result = service.run_info(params(tmp_path, rules=None, journal_path=None, discover=True), warnings=warnings)
    assert list(result["timings"]) == ["setup", "discover", "sweep"]
    assert len(result["mailboxes"]) == 4 and warnings == []
    assert tail(tmp_path)[-1].endswith("terminé : 4 / 4 BAL, 0 échec")


def test_an_unwritable_progress_file_is_a_warning_not_a_failure(tmp_path, platform):
    del platform
    warnings = []
    result = service.run_purge(params(tmp_path, progress_path=str(tmp_path / "absent" / "p.txt")),
                               check_mode=False, diff=False, warnings=warnings)
    assert result["summary"]["deleted_messages"] == 3
    assert len(warnings) == 1 and warnings[0].startswith("progress_path : ")
