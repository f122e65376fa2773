# SPDX-License-Identifier: GPL-3.0-or-later
"""The native references of bench_scale, on a copy of the seeded platform (same files, same indexes).

The copy is a second lab Dovecot serving a `cp -a` of the first one's mail tree: the purge
under test and `doveadm expunge -A` then start from identical data, without seeding twice
(bench_purge copies one seeded platform the same way for each of its cases).
"""

import os
import shutil
import subprocess
import time

from lab import stack
from lab.dovecot import TRASH, Dovecot
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.doveadm import FETCH_FIELDS
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.doveadm_documents import with_document_fields
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.service import run_info

# what the trash role deletes by default (30 days in the Trash, flagged mail kept)
TRASH_QUERY = ("mailbox", TRASH, "savedbefore", "30d", "unflagged")


def copy_platform(lab_directory):
    """Start a Dovecot on a copy of the lab's mailboxes; returns it (stop it when done)."""
    return copy_dovecot(stack.dovecot_of(lab_directory), os.path.join(lab_directory, "baseline"))


def copy_dovecot(source, directory, tuned=False, synced=True):
    """A new Dovecot in `directory` serving a `cp -a` of `source`'s mail, users and last logins (started)."""
    copy = Dovecot(directory, source.certs, tuned=tuned)
    shutil.rmtree(copy.directory, ignore_errors=True)
    os.makedirs(copy.directory)
    subprocess.run(["cp", "-a", source.mail_dir, copy.mail_dir], check=True)
    if synced:
        os.sync()  # the copy's files on disk like the original's (see bench_purge.platform)
    copy.add_users(sorted(source.users().items()))
    copy.start()
    shutil.copyfile(source.last_login_file, copy.last_login_file)
    os.chown(copy.last_login_file, copy.uid, copy.gid)
    return copy


def no_drop():
    """The page cache left as it is (the default: each step starts with what the previous one read)."""


def drop_page_cache():
    """Every step starts cold, as the mail of a large platform is on disk and not in RAM: write
    the dirty pages, then drop the clean ones (root only; --cold)."""
    os.sync()
    with open("/proc/sys/vm/drop_caches", "w", encoding="ascii") as knob:
        knob.write("3\n")


def timed(action, before=no_drop):
    before()
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def stats_rounds(copy, logins, rounds=2, before=no_drop):
    """Best of `rounds` alternated runs: `doveadm mailbox status -A` and our sweep (doveadm backend,
    as the demo inventory runs it: every BAL of the host, quota and last login included)."""
    params = {"backend": "doveadm", "doveadm_config": copy.config_path, "mailboxes": logins,
              "discover": True}
    native, ours = [], []
    for _round in range(rounds):
        native.append(timed(lambda: copy.doveadm("mailbox", "status", "-A", "messages vsize", "*"), before)[0])
        seconds, result = timed(lambda: run_info(params), before)
        assert len(result["mailboxes"]) >= len(logins) and not result["failures"], result["failures"][:2]
        ours.append(seconds)
    return {"status_seconds": min(native), "stats_seconds": min(ours)}


def native_references(copy, logins, before=no_drop):
    """The stats rounds, the read a journaled and guarded purge cannot avoid (`doveadm fetch -A` of
    the journal's and the guard's fields: every old Trash message's file, read from disk), then
    `doveadm expunge -A` (seconds, and what it matched)."""
    result = stats_rounds(copy, logins, before=before)
    result["journal_read_seconds"], _rows = timed(
        lambda: copy.doveadm("fetch", "-A", with_document_fields(FETCH_FIELDS), *TRASH_QUERY), before)
    matched = len(copy.doveadm("search", "-A", *TRASH_QUERY).splitlines())
    expunge, _output = timed(lambda: copy.doveadm("expunge", "-A", *TRASH_QUERY), before)
    left = len(copy.doveadm("search", "-A", *TRASH_QUERY).splitlines())
    result.update(expunge_seconds=expunge, expunge_matched=matched, expunge_left=left)
    return result
