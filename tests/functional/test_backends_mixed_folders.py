# SPDX-License-Identifier: GPL-3.0-or-later
"""Issue #14 item 1: users with French, English or both special folder names.

The server declares `Éléments supprimés` and `Trash` (and Sent, Drafts) as SPECIAL-USE; each user
has only the folders they made. The doveadm backends (CLI, HTTP) must see each user's folders as
the IMAP backend does: same messages selected by the Trash rule, same statistics per mailbox.
"""
import shutil
import tempfile

import pytest

from lab import establishment, mail_seed
from lab.dovecot import DRAFTS, DRAFTS_EN, JUNK, SENT, SENT_EN, TRASH, TRASH_EN, Dovecot
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.service import run_info, run_purge
from tests.functional.mail_fixtures import MailPlatform
from tests.functional.test_mailstore_purge import params

BACKENDS = ("imap", "doveadm", "doveadm-http")
# the HTTP API cannot read doveconf: the operator lists both names (a plain string still works)
HTTP_ROLES = {"\\Trash": [TRASH, TRASH_EN], "\\Sent": [SENT, SENT_EN], "\\Drafts": [DRAFTS, DRAFTS_EN],
              "\\Junk": JUNK}


@pytest.fixture(scope="module")
def mixed_platform(lab_certs):
    server = Dovecot(tempfile.mkdtemp(prefix="mssante-dovecot-mixed-"), lab_certs, special_auto="no")
    server.start()
    est = establishment.build(staff=14, mixed_folders=True)
    platform = MailPlatform(server, est, mail_seed.seed(server, est))
    yield platform
    server.stop()
    shutil.rmtree(server.directory, ignore_errors=True)


def backend_params(platform, backend, **extra):
    if backend == "doveadm-http":
        extra["folder_roles"] = HTTP_ROLES
    return params(platform, backend, **extra)


def names_of(platform, kind):
    return {box.address for box in platform.est.mailboxes if box.on_platform and box.folder_names == kind}


def test_lab_plants_french_english_and_both(mixed_platform):
    assert len(names_of(mixed_platform, "both")) == 1 and len(names_of(mixed_platform, "en")) >= 1
    both = names_of(mixed_platform, "both").pop()
    assert {t["folder"] for t in mixed_platform.summary[both]["trash"]} == {TRASH, TRASH_EN}


def test_trash_rule_selects_the_same_messages(mixed_platform):
    selections = {}
    for backend in BACKENDS:
        result = run_purge(backend_params(mixed_platform, backend), check_mode=True, diff=True)
        assert result["failures"] == [], (backend, result["failures"])
        selections[backend] = {(e["mailbox"], e["folder"], uid) for e in result["selected"] for uid in e["uids"]}
    assert selections["doveadm"] == selections["imap"]
    assert selections["doveadm-http"] == selections["imap"]
    folders = {(mailbox, folder) for mailbox, folder, _uid in selections["imap"]}
    both = names_of(mixed_platform, "both").pop()
    assert (both, TRASH) in folders and (both, TRASH_EN) in folders  # both are that user's trash
    assert any(mailbox in names_of(mixed_platform, "en") for mailbox, _folder in folders)


def _figures(result):
    return {m["mailbox"]: (m["messages"], m["bytes"], m["trash_messages"], m["trash_bytes"],
                           sorted((f["name"], f["special_use"], f["messages"]) for f in m["folders"]))
            for m in result["mailboxes"]}


def test_statistics_are_the_same_per_mailbox(mixed_platform):
    figures = {}
    for backend in BACKENDS:
        result = run_info(backend_params(mixed_platform, backend))
        assert result["failures"] == [], (backend, result["failures"])
        figures[backend] = _figures(result)
    assert figures["doveadm"] == figures["imap"]
    assert figures["doveadm-http"] == figures["imap"]
    both = names_of(mixed_platform, "both").pop()
    assert figures["imap"][both][2] == len(mixed_platform.summary[both]["trash"])
