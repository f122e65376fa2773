# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures shared by the functional tests: real servers on 127.0.0.1."""
from tests.functional.ldap_fixtures import (  # noqa: F401  pylint: disable=unused-import
    big_slapd, demo_est, demo_slapd, expired_slapd, lab_certs)

# --- mail platform fixtures (owned by the mailstore helper) ---
from tests.functional.mail_fixtures import (  # noqa: F401,E402  pylint: disable=unused-import,wrong-import-position
    cyrus_platform, empty_dovecot, fresh_mail_platform, fresh_platform, mail_platform, shared_platform)
# --- end of mail platform fixtures ---
