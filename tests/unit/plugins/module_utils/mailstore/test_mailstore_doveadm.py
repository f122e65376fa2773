# SPDX-License-Identifier: GPL-3.0-or-later
"""doveadm backend helpers: config reading, exact-UID expunge queries, chunking (no server)."""
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.doveadm import (
    chunk_size, default_workers, expunge_query)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.doveadm_run import (
    http_command, http_error, parse_doveconf, user_errors)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.purge import FolderPlan

DOVECONF = '''namespace inbox {
  inbox = yes
  mailbox "\\u00c9l\\u00e9ments supprim\\u00e9s" {
    auto = subscribe
    special_use = \\\\Trash
  }
  mailbox Brouillons {
    special_use = \\\\Drafts
  }
  separator = /
}
plugin {
  last_login_dict = file:/var/lib/dovecot/last-login.dict
  quota = count:User quota
}
'''.encode().decode("unicode_escape")


def test_parse_doveconf():
    roles, separator, last_login = parse_doveconf(DOVECONF)
    assert roles == {"\\Trash": "Éléments supprimés", "\\Drafts": "Brouillons"}
    assert separator == "/" and last_login == "file:/var/lib/dovecot/last-login.dict"
    assert parse_doveconf("") == ({}, "/", "")


def test_expunge_query_names_exact_uids_per_user():
    plans = [FolderPlan("a@ch", "T", "\\Trash", None, 1, 10, {1: {}, 2: {}, 3: {}, 9: {}}, guid="g1"),
             FolderPlan("b@ch", "T", "\\Trash", None, 1, 10, {4: {}}, guid="g2")]
    base = ["mailbox", "T", "savedbefore", "2026-10-27", "unflagged"]
    assert expunge_query(base, plans) == base + [
        "(", "(", "mailbox-guid", "g1", "uid", "1:3,9", ")", "OR", "(", "mailbox-guid", "g2", "uid", "4", ")", ")"]


def test_chunks_one_per_worker_within_bounds():
    assert chunk_size(250, 2) == 125
    assert chunk_size(10, 4) == 20
    assert chunk_size(10000, 2) == 500


def test_two_passes_per_core_at_most_four():
    assert [default_workers(cores) for cores in (1, 2, 3, 16)] == [2, 4, 4, 4]
    assert 2 <= default_workers() <= 4


def test_http_mapping_and_user_errors():
    assert http_command(["mailbox", "status", "messages guid", "*"]) == (
        "mailboxStatus", {"field": ["messages", "guid"], "mailboxMask": ["*"]})
    assert http_command(["dict", "iter", "file:/x", "shared/"]) == ("dictIter", {"dictUri": "file:/x", "prefix": "shared/"})
    errors = user_errors("doveadm(nobody@x): Info: User no longer exists, skipping\n"
                         "doveadm(a@ch)<123><abc>: Error: Mailbox T: Permission denied\n"
                         "doveadm(b@ch): Info: something harmless\n"
                         "doveadm(c@ch): Error: Mailbox Labo: Failed to lookup mailbox status: Mailbox doesn't exist: Labo\n")
    assert errors == {"nobody@x": "utilisateur inconnu du serveur (doveadm : User no longer exists, skipping)",
                      "a@ch": "doveadm : Mailbox T: Permission denied",
                      "c@ch": "dossier introuvable (doveadm : Mailbox Labo: Failed to lookup mailbox status: "
                              "Mailbox doesn't exist: Labo)"}
    assert http_error({"type": "exitCode", "exitCode": 68}).startswith("dossier introuvable")
    assert http_error({"type": "exitCode", "exitCode": 67}) == "utilisateur inconnu du serveur (doveadm : exitCode 67)"
    assert http_error({"type": "exitCode", "exitCode": 99}) == "erreur doveadm (doveadm : exitCode 99)"
