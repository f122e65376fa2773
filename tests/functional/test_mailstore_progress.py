# SPDX-License-Identifier: GPL-3.0-or-later
"""progress_path against a real Dovecot (issue 20): the file a DSI tails grows while the pool runs,
mailbox after mailbox, and its last line holds the total; the purge itself is unchanged."""
import re

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore import progress
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.service import run_info, run_purge
from tests.functional.test_mailstore_purge import params

LINE = re.compile(r"^\d\d/\d\d/\d{4} \d\d:\d\d:\d\d — (?:terminé : )?(\d+) / (\d+) BAL, ")


def done_counts(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines and all(LINE.match(line) for line in lines), lines
    return lines, [int(LINE.match(line).group(1)) for line in lines]


def test_the_progress_file_grows_during_a_purge_and_ends_with_the_total(fresh_mail_platform, tmp_path, monkeypatch):
    platform = fresh_mail_platform
    monkeypatch.setattr(progress, "INTERVAL", 0)  # a line per mailbox: the lab's purge lasts less than 2 s
    path = tmp_path / "progression.txt"
    result = run_purge(params(platform, journal_path=str(tmp_path / "journal.jsonl"), progress_path=str(path)),
                       check_mode=False, diff=False)
    total = len(platform.logins)
    lines, counts = done_counts(path)
    assert counts == sorted(counts) and len(lines) >= total  # one line per mailbox, then the last one
    assert lines[-1].split(" — ", 1)[1] == "terminé : %d / %d BAL, %d messages sélectionnés, %d supprimés, 0 échec" % (
        total, total, result["summary"]["selected_messages"], result["summary"]["deleted_messages"])
    assert result["summary"]["deleted_messages"] > 0 and result["timings"]["delete_summed"] > 0


def test_a_doveadm_sweep_writes_its_progress_and_check_mode_writes_none(fresh_mail_platform, tmp_path):
    platform = fresh_mail_platform
    path = tmp_path / "progression.txt"
    run_info(params(platform, "doveadm", progress_path=str(path)), check_mode=True)
    assert not path.exists()
    result = run_info(params(platform, "doveadm", progress_path=str(path)))
    lines, counts = done_counts(path)
    assert counts[-1] == len(platform.logins) and lines[-1].endswith(" BAL, 0 échec")
    assert set(result["timings"]) == {"setup", "sweep"}
