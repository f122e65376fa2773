# SPDX-License-Identifier: GPL-3.0-or-later
"""Filter mailstore_discover: the inventory lists every mailbox whenever the platform can."""
import pytest

from ansible_collections.mssante.hygiene.plugins.filter.mailstore_discover import FilterModule
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.backends import can_list as can_discover
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.discovery import wants_discover
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import ConfigError
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.service import run_info


@pytest.mark.parametrize("imap, expected", [
    ({}, False),
    ({"backend": "imap", "host": "imap.example"}, False),
    ({"backend": "doveadm"}, True),
    ({"backend": "doveadm", "doveadm_api_key": "k", "doveadm_url": "http://mail:8080"}, False),
    ({"backend": "doveadm", "discover": False}, False),
    ({"backend": "imap", "discover": True}, True),  # the module then refuses, in French
])
def test_given_value_else_whether_the_platform_can_list(imap, expected):
    assert wants_discover(imap) is expected


@pytest.mark.parametrize("params", [{"backend": "imap"}, {"backend": "doveadm", "doveadm_api_key": "k"}])
def test_the_module_refuses_discover_exactly_where_the_default_is_false(params):
    assert not can_discover(params)
    with pytest.raises(ConfigError, match="discover"):
        run_info(dict(params, discover=True, mailboxes=[]))


def test_registered_under_its_name():
    assert FilterModule().filters()["mailstore_discover"] is wants_discover
