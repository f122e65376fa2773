# SPDX-License-Identifier: GPL-3.0-or-later
"""Real Dovecot instances for the mail platform tests (loopback, seeded maildirs)."""
import shutil
import tempfile
from dataclasses import dataclass

import pytest

from lab import establishment, mail_seed
from lab.dovecot import Dovecot


@dataclass
class MailPlatform:
    dovecot: Dovecot
    est: establishment.Establishment
    summary: dict

    def login(self, index):
        """Login of the personal mailbox of people[index] (the planted anomalies)."""
        return "%s@%s" % (self.est.people[index].uid, self.est.domain)

    @property
    def logins(self):
        return sorted(self.summary)


def _platform(certs, staff=14, tuned=False):
    # not under pytest's basetemp: concurrent pytest sessions reset it to 0700 (Dovecot's
    # unprivileged users must traverse it) and prune old ones
    directory = tempfile.mkdtemp(prefix="mssante-dovecot-")
    server = Dovecot(directory, certs, tuned=tuned)
    server.start()
    est = establishment.build(staff=staff)
    summary = mail_seed.seed(server, est)
    return MailPlatform(server, est, summary)


@pytest.fixture(scope="session")
def mail_platform(lab_certs):
    """A seeded platform for read-only tests (never purge it: use fresh_mail_platform)."""
    platform = _platform(lab_certs)
    yield platform
    _dispose(platform)


@pytest.fixture()
def fresh_mail_platform(lab_certs):
    """A newly seeded platform for one test that changes or kills the server."""
    platform = _platform(lab_certs)
    yield platform
    _dispose(platform)


@pytest.fixture(scope="module")
def empty_dovecot(lab_certs):
    """A started Dovecot without any mailbox: a test adds its users and plants its own messages."""
    server = Dovecot(tempfile.mkdtemp(prefix="mssante-dovecot-"), lab_certs)
    server.start()
    yield server
    server.stop()
    shutil.rmtree(server.directory, ignore_errors=True)


def _dispose(platform):
    platform.dovecot.stop()
    shutil.rmtree(platform.dovecot.directory, ignore_errors=True)
