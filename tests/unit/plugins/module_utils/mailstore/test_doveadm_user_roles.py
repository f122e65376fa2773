# SPDX-License-Identifier: GPL-3.0-or-later
"""Issue #14: the doveadm backend finds each user's folders of a role, whatever their names (no server)."""
import datetime as dt

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.doveadm import (
    DoveadmBackend, role_names)
from tests.doveadm_fakes import ScriptedDoveadm
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.doveadm_run import (
    special_use_folders)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import ConfigError
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.journal import Journal
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.purge import PurgeRun
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.rules import parse_rules

NOW = dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.timezone.utc)
FR, EN = "Éléments supprimés", "Trash"
TRASH_RULE = {"name": "corbeille", "folders": ["\\Trash"], "older_than_days": 30}
# which Trash folders each user really has
FOLDERS = {"fr@ch.fr": [FR], "en@ch.fr": [EN], "both@ch.fr": [FR, EN], "none@ch.fr": []}
DOVECONF = '''namespace inbox {
  mailbox "\\u00c9l\\u00e9ments supprim\\u00e9s" {
    special_use = \\\\Trash
  }
  mailbox Trash {
    special_use = \\\\Trash
  }
  mailbox Sent {
    special_use = \\\\Sent
  }
  separator = /
}
'''.encode().decode("unicode_escape")


class PerUserDoveadm(ScriptedDoveadm):
    """Answers like doveadm: `mailbox status` lists only the named folders a user has; a fetch on a
    folder the user lacks gives nothing."""

    def answer(self, args, users):
        if args[:2] == ["mailbox", "status"]:
            wanted = args[3:]
            return [{"username": user, "mailbox": name, "messages": "2", "uidvalidity": "7",
                     "guid": "g-%s-%s" % (user, name), "vsize": "300", "unseen": "0"}
                    for user in users for name in FOLDERS[user] if name in wanted or wanted == ["*"]]
        if args[0] == "fetch":
            name = args[args.index("mailbox") + 1]
            return [{"username": user, "uid": str(uid), "mailbox": name, "size.virtual": "50",
                     "date.saved.unixtime": "1700000000"}
                    for user in users if name in FOLDERS[user] for uid in (1, 2)]
        return []


def test_folder_roles_take_a_name_or_a_list():
    assert role_names({"\\trash": [FR, EN, FR], "\\Sent": "Sent"}) == {"\\Trash": [FR, EN], "\\Sent": ["Sent"]}
    assert role_names(None) == {}
    with pytest.raises(ConfigError, match="folder_roles : nom de dossier vide pour le rôle"):
        role_names({"\\Trash": [FR, " "]})


def test_doveconf_keeps_every_name_of_a_role():
    assert special_use_folders(DOVECONF) == {"\\Trash": [FR, EN], "\\Sent": ["Sent"]}


def test_purge_selects_each_users_trash_whatever_its_name():
    runner = PerUserDoveadm()
    backend = DoveadmBackend(runner, folder_roles={"\\Trash": [FR, EN]})
    run = PurgeRun(True, Journal(None), max_delete_ratio=1.0, now=NOW)
    entries = [{"login": login, "type": "", "service": ""} for login in sorted(FOLDERS)]
    backend.purge(entries, parse_rules([TRASH_RULE]), run)
    assert run.failures == []
    assert sorted((e["mailbox"], e["folder"], e["special_use"]) for e in run.selected) == [
        ("both@ch.fr", EN, "\\Trash"), ("both@ch.fr", FR, "\\Trash"),
        ("en@ch.fr", EN, "\\Trash"), ("fr@ch.fr", FR, "\\Trash")]
    # one status pass names both; a user with neither is an absent folder, counted once
    assert [args[3:] for args in runner.jobs if args[:2] == ["mailbox", "status"]] == [sorted([FR, EN])]
    assert run.presence.counts() == {"\\Trash": {"present": 3, "absent": 1}}


def test_stats_count_both_trash_folders_of_a_user():
    backend = DoveadmBackend(PerUserDoveadm(), folder_roles={"\\Trash": [FR, EN]})
    rows, failures = backend.stats([{"login": "both@ch.fr"}, {"login": "en@ch.fr"}])
    assert failures == []
    stats = {row["mailbox"]: row for row in rows}
    assert stats["both@ch.fr"]["trash_messages"] == 4 and stats["both@ch.fr"]["trash_bytes"] == 600
    assert [f["special_use"] for f in stats["en@ch.fr"]["folders"]] == ["\\Trash"]


def test_a_role_with_no_known_name_is_a_clear_error():
    backend = DoveadmBackend(PerUserDoveadm(), folder_roles={"\\Sent": "Sent"})
    run = PurgeRun(True, Journal(None), max_delete_ratio=1.0, now=NOW)
    with pytest.raises(ConfigError, match="folder_roles : le backend doveadm ne sait pas quel dossier porte le rôle"):
        backend.purge([{"login": "fr@ch.fr", "type": "", "service": ""}], parse_rules([TRASH_RULE]), run)


class MissingFolderErrors(PerUserDoveadm):
    """A doveadm that reports a fetch on a folder the user lacks as an error (as the issue's server did)."""

    def run_many(self, jobs, json_output=True):
        answers = super().run_many(jobs, json_output)
        for (args, users), (_rows, errors) in zip(jobs, answers):
            if args[0] == "fetch":
                name = args[args.index("mailbox") + 1]
                errors.update((user, "dossier introuvable (doveadm : Mailbox %s doesn't exist)" % name)
                              for user in users if name not in FOLDERS[user])
        return answers


def test_the_other_name_missing_is_no_failure():
    backend = DoveadmBackend(MissingFolderErrors(), folder_roles={"\\Trash": [FR, EN]})
    run = PurgeRun(True, Journal(None), max_delete_ratio=1.0, now=NOW)
    backend.purge([{"login": login, "type": "", "service": ""} for login in sorted(FOLDERS)],
                  parse_rules([TRASH_RULE]), run)
    assert run.failures == []
    assert len(run.selected) == 4
