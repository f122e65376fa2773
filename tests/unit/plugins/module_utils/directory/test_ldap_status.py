# SPDX-License-Identifier: GPL-3.0-or-later
"""Which directory markers make an account 'disabled' (departed)."""
import datetime as dt

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.directory.account_status import disabled_reason

TODAY = dt.date(2026, 11, 26)
TODAY_DAYS = (TODAY - dt.date(1970, 1, 1)).days


@pytest.mark.parametrize("entry, reason", [
    ({}, ""),
    ({"nsAccountLock": ["TRUE"]}, "nsAccountLock"),
    ({"nsAccountLock": ["false"]}, ""),
    ({"pwdAccountLockedTime": ["000001010000Z"]}, "pwdAccountLockedTime"),
    ({"shadowExpire": ["1"]}, "shadowExpire"),
    ({"shadowExpire": [str(TODAY_DAYS)]}, "shadowExpire"),
    ({"shadowExpire": [str(TODAY_DAYS + 30)]}, ""),
    ({"shadowExpire": ["-1"]}, ""),
    ({"userAccountControl": ["514"]}, "userAccountControl"),
    ({"userAccountControl": ["512"]}, ""),
    ({"accountExpires": ["0"]}, ""),
    ({"accountExpires": ["9223372036854775807"]}, ""),
    ({"accountExpires": ["133000000000000000"]}, "accountExpires"),  # 2022
    ({"loginDisabled": ["TRUE"]}, "loginDisabled"),
    ({"shadowExpire": ["not-a-number"]}, ""),
])
def test_markers(entry, reason):
    assert disabled_reason(entry, TODAY) == reason


def test_custom_status_attribute():
    entry = {"employeeType": ["Parti"]}
    assert disabled_reason(entry, TODAY, "employeeType", ["parti", "suspendu"]) == "employeeType=Parti"
    assert disabled_reason(entry, TODAY, "employeeType", ["suspendu"]) == ""
