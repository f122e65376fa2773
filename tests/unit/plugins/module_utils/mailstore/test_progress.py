# SPDX-License-Identifier: GPL-3.0-or-later
"""The progress file a DSI tails during a long sweep or purge (issue 20): French lines with Paris
time, at most one per interval plus the last, appended 0600, never fatal (no server)."""
import datetime as dt
import errno
import os
import stat

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore import progress as progress_module
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.progress import (
    NoProgress, ProgressFile, progress_for, progress_line)
from tests.unit.fr_messages import assert_plain_french

WINTER = dt.datetime(2026, 12, 1, 22, 41, 7, tzinfo=dt.timezone.utc)  # 23:41:07 in Paris
SUMMER = dt.datetime(2026, 7, 1, 22, 41, 7, tzinfo=dt.timezone.utc)  # 00:41:07 the next day


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def read_lines(path):
    return path.read_text(encoding="utf-8").splitlines()


def test_a_purge_line_says_when_how_far_and_what_went():
    assert progress_line(WINTER, 1200, 10000, 2, selected=3500, deleted=3412) == (
        "01/12/2026 23:41:07 — 1 200 / 10 000 BAL, 3 500 messages sélectionnés, 3 412 supprimés, 2 échecs\n")


def test_a_sweep_line_has_no_message_counts_and_paris_summer_time():
    assert progress_line(SUMMER, 1, 1, 0, label="terminé") == "02/07/2026 00:41:07 — terminé : 1 / 1 BAL, 0 échec\n"


def test_at_most_one_line_per_interval_plus_the_last(tmp_path):
    path, clock = tmp_path / "progression.txt", Clock()
    progress = ProgressFile(str(path), 5, [].append, clock=clock, now=lambda: WINTER)
    progress.mailboxes_done()  # the first mailbox shows the file is alive
    clock.now += 1.0
    progress.mailboxes_done(failed=1)  # too soon: counted, not written
    clock.now += 1.5
    progress.mailboxes_done(2)
    clock.now += 0.1
    progress.mailboxes_done()
    progress.finish()
    assert [line.partition(" — ")[2] for line in read_lines(path)] == [
        "1 / 5 BAL, 0 échec", "4 / 5 BAL, 1 échec", "terminé : 5 / 5 BAL, 1 échec"]


def test_purge_counts_come_from_the_run_and_the_caller_may_correct_failures(tmp_path):
    path = tmp_path / "progression.txt"
    tallies = {"selected": 12, "deleted": 0, "failures": 0}
    progress = ProgressFile(str(path), 2, [].append, counts=lambda: tallies, label="contrôle préalable",
                            now=lambda: WINTER)
    progress.mailboxes_done(2)
    progress.finish()
    assert read_lines(path)[-1].endswith("contrôle préalable terminé : 2 / 2 BAL, 12 messages sélectionnés, "
                                         "0 supprimé, 0 échec")
    sweep = ProgressFile(str(tmp_path / "sweep.txt"), 3, [].append, now=lambda: WINTER)
    sweep.mailboxes_done(3, failed=2)  # two refusals that turn out to be absences
    sweep.finish(failures=0)
    assert read_lines(tmp_path / "sweep.txt")[-1].endswith("terminé : 3 / 3 BAL, 0 échec")


def test_appends_to_an_existing_file_created_private(tmp_path):
    path = tmp_path / "progression.txt"
    path.write_text("hier\n", encoding="utf-8")
    ProgressFile(str(path), 1, [].append).finish()
    assert read_lines(path)[0] == "hier" and len(read_lines(path)) == 2
    fresh = tmp_path / "neuf.txt"
    ProgressFile(str(fresh), 1, [].append).finish()
    assert stat.S_IMODE(os.stat(fresh).st_mode) == 0o600


def test_a_full_disk_is_one_french_warning_and_the_run_goes_on(tmp_path, monkeypatch):
    def no_space(*_args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    warnings, clock = [], Clock()
    monkeypatch.setattr(progress_module, "write_all", no_space)
    progress = ProgressFile(str(tmp_path / "p.txt"), 3, warnings.append, clock=clock)
    for _mailbox in range(3):
        progress.mailboxes_done()
        clock.now += 5
    progress.finish()
    assert len(warnings) == 1
    assert_plain_french(warnings[0], "progress_path", str(tmp_path / "p.txt"))
    assert "plus de place sur le disque" in warnings[0]


def test_a_missing_directory_is_a_warning_too(tmp_path):
    warnings = []
    ProgressFile(str(tmp_path / "absent" / "p.txt"), 1, warnings.append).finish()
    assert len(warnings) == 1 and warnings[0].startswith("progress_path : ")


def test_check_mode_and_no_path_write_nothing(tmp_path):
    path = tmp_path / "p.txt"
    for progress in (progress_for(str(path), 3, [].append, check_mode=True), progress_for(None, 3, [].append)):
        assert isinstance(progress, NoProgress)
        progress.mailboxes_done()
        progress.finish()
    assert not path.exists()
