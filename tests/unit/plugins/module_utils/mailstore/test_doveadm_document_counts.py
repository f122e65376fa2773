# SPDX-License-Identifier: GPL-3.0-or-later
"""The doveadm side of the documents memory without a server: the queries it builds, the keys it
reads, the date it reads from; the whole flow runs against a real Dovecot in
tests/functional/test_documents_cache.py."""
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.documents_cache import DocumentsCache
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.doveadm_documents import DOCUMENT_FIELDS
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.doveadm_document_counts import (
    KEEP_CHECKED, SINCE_MARGIN, ChunkCount, folder_query, status_key)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.patient_documents import document_options

NOW = 1_800_000_000
OPTIONS = document_options(None, required=True)


class Runner:
    """Answers each job from `answers` (keyed by the job's first words) and records what it was asked."""

    def __init__(self, answers):
        self.answers, self.jobs = answers, []

    def run_many(self, jobs, json_output=True):
        self.jobs += jobs
        return [self.answers.get(" ".join(args[:2]), ([], {})) for args, _users in jobs]

    def run(self, args, users=None, json_output=True):
        return self.run_many([(args, users)])[0]


def status(login, name, uidnext, messages, uidvalidity=7):
    return {"username": login, "mailbox": name, "uidvalidity": str(uidvalidity), "uidnext": str(uidnext),
            "messages": str(messages)}


def test_folder_query_names_each_folder_once_and_groups_an_or():
    assert folder_query({"INBOX"}) == ["mailbox", "INBOX"]
    assert folder_query({"Trash", "INBOX", "Éléments supprimés"}) == [
        "(", "mailbox", "INBOX", "OR", "mailbox", "Trash", "OR", "mailbox", "Éléments supprimés", ")"]


def test_status_key_needs_every_field():
    row = status("a", "INBOX", 12, 3)
    assert status_key(row, False) == (7, 12, 3, 0)
    assert status_key(dict(row, highestmodseq="40"), True) == (7, 12, 3, 40)
    assert status_key(row, True) is None  # no HIGHESTMODSEQ: nothing proves the flags unchanged
    assert status_key(dict(row, uidnext=""), False) is None


def memory(tmp_path):
    return DocumentsCache(str(tmp_path), "doveadm test", OPTIONS, lambda text: None)


def count(tmp_path, runner, rows, logins, checked=NOW):
    """(counts, unread) of one chunk pass, and the memory as the next pass reads it."""
    cache = memory(tmp_path)
    result = ChunkCount(runner, OPTIONS, cache, lambda value: "", checked).run(rows, logins)
    cache.save([])
    return result, memory(tmp_path)


def test_a_first_pass_reads_whole_then_reads_changed_folders_from_the_oldest_pass(tmp_path):
    rows = [status("a", "INBOX", 5, 4), status("b", "INBOX", 9, 8), status("b", "Sent", 3, 0)]
    runner = Runner({})
    (counts, unread), _cache = count(tmp_path, runner, rows, ["a", "b"], checked=NOW - 3 * 86400)
    assert unread == {} and counts["a"]["total"] == 0
    assert runner.jobs == [(["fetch", DOCUMENT_FIELDS, "all"], ["a", "b"])]

    # a second chunk pass, later: b's INBOX changed, b unchanged otherwise, a unchanged
    runner = Runner({})
    rows[1] = status("b", "INBOX", 10, 9)
    (_counts, unread), cache = count(tmp_path, runner, rows, ["a", "b"], checked=NOW)
    listing, arrived = runner.jobs
    assert listing == (["fetch", "uid mailbox flags", "mailbox", "INBOX"], ["b"])
    assert arrived[0][2:4] == ["savedsince", str(NOW - 3 * 86400 - SINCE_MARGIN)] and arrived[1] == ["b"]
    # b was read: it takes this pass's date; a, unchanged for longer than KEEP_CHECKED, too
    assert cache.stored("b")[1] == NOW and cache.stored("a")[1] == NOW


def test_an_unchanged_mailbox_keeps_a_recent_date_and_its_file_line(tmp_path):
    rows = [status("a", "INBOX", 5, 4)]
    count(tmp_path, Runner({}), rows, ["a"], checked=NOW)
    runner = Runner({})
    _result, cache = count(tmp_path, runner, rows, ["a"], checked=NOW + KEEP_CHECKED - 1)
    assert runner.jobs == [] and cache.stored("a")[1] == NOW


def test_a_query_error_makes_that_mailbox_unreadable_not_empty(tmp_path):
    rows = [status("a", "INBOX", 5, 4)]
    runner = Runner({"fetch " + DOCUMENT_FIELDS: ([], {"a": "Internal error"})})
    (counts, unread), _cache = count(tmp_path, runner, rows, ["a"])
    assert counts == {} and "Internal error" in unread["a"]
