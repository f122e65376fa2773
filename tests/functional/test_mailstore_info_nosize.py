# SPDX-License-Identifier: GPL-3.0-or-later
"""Folder bytes on a server without STATUS=SIZE (RFC 8438): summed message sizes, same figures."""
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.argspec import info_spec
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imap import Session
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imap_backend import imap_settings
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.service import run_info
from ansible_collections.mssante.hygiene.plugins.module_utils.options import options_from
from ansible_collections.mssante.hygiene.plugins.module_utils.tls import client_context
from tests.functional.test_mailstore_purge import params


def folder_bytes(result):
    return {(box["mailbox"], folder["name"]): folder["bytes"]
            for box in result["mailboxes"] for folder in box["folders"]}


def capabilities(platform):
    settings = imap_settings(options_from(info_spec(), params(platform)), client_context(True, platform.dovecot.ca_cert))
    with Session(settings, platform.logins[0]) as session:
        return set(session.capabilities)


def test_bytes_without_status_size_are_summed_sizes(fresh_mail_platform):
    server = fresh_mail_platform.dovecot
    with_size = run_info(params(fresh_mail_platform))
    offered = capabilities(fresh_mail_platform)
    assert "STATUS=SIZE" in offered
    server.stop()
    server.extra_config = "\nimap_capability = %s\n" % " ".join(sorted(offered - {"STATUS=SIZE"}))
    server.start()
    assert "STATUS=SIZE" not in capabilities(fresh_mail_platform)
    without = run_info(params(fresh_mail_platform))
    assert without["failures"] == [] and with_size["failures"] == []
    assert folder_bytes(without) == folder_bytes(with_size)
    assert sum(folder_bytes(without).values()) > 0
