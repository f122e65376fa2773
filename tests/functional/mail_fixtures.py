# SPDX-License-Identifier: GPL-3.0-or-later
"""Real mail servers for the mail platform tests (loopback): Dovecot (seeded maildirs) and Cyrus
IMAP (seeded over IMAP). `shared_platform` and `fresh_platform` run a test on both servers;
`mail_platform` and `fresh_mail_platform` stay Dovecot only (doveadm, restore, faults)."""
import copy
import shutil
import tempfile
from dataclasses import dataclass

import pytest

from lab import establishment, mail_seed
from lab.cyrus import Cyrus
from lab.dovecot import Dovecot

MAIL_SERVERS = ("dovecot", "cyrus")


@dataclass
class MailPlatform:
    server: object
    est: establishment.Establishment
    summary: dict

    @property
    def dovecot(self):
        """The server, whichever it is (the name predates Cyrus in the lab)."""
        return self.server

    @property
    def kind(self):
        return getattr(self.server, "kind", "dovecot")

    def login(self, index):
        """Login of the personal mailbox of people[index] (the planted anomalies)."""
        return "%s@%s" % (self.est.people[index].uid, self.est.domain)

    @property
    def logins(self):
        return sorted(self.summary)


def _platform(certs, staff=14, tuned=False, kind="dovecot"):
    if kind == "cyrus":
        return _cyrus_copy(certs)
    # not under pytest's basetemp: concurrent pytest sessions reset it to 0700 (Dovecot's
    # unprivileged users must traverse it) and prune old ones
    directory = tempfile.mkdtemp(prefix="mssante-dovecot-")
    server = Dovecot(directory, certs, tuned=tuned)
    server.start()
    est = establishment.build(staff=staff)
    summary = mail_seed.seed(server, est)
    return MailPlatform(server, est, summary)


# Seeding Cyrus over IMAP takes ~15 s: it is done once per session into a stopped template, and
# each platform is a copy of it (its own directory and ports), started in a second.
_CYRUS_TEMPLATES = {}


def _cyrus_template(certs):
    if certs.ca_cert not in _CYRUS_TEMPLATES:
        server = Cyrus(tempfile.mkdtemp(prefix="mssante-cyrus-template-"), certs)
        server.start()
        est = establishment.build(staff=14)
        summary = mail_seed.seed(server, est)
        server.stop()
        _CYRUS_TEMPLATES[certs.ca_cert] = MailPlatform(server, est, summary)
    return _CYRUS_TEMPLATES[certs.ca_cert]


def _cyrus_copy(certs):
    template = _cyrus_template(certs)
    server = template.server.copy_to(tempfile.mkdtemp(prefix="mssante-cyrus-"))
    return MailPlatform(server, template.est, copy.deepcopy(template.summary))


@pytest.fixture(scope="session")
def mail_platform(lab_certs):
    """A seeded Dovecot for read-only tests (never purge it: use fresh_mail_platform)."""
    platform = _platform(lab_certs)
    yield platform
    _dispose(platform)


@pytest.fixture(scope="session")
def cyrus_platform(lab_certs):
    """A seeded Cyrus for read-only tests, shared by the session."""
    platform = _platform(lab_certs, kind="cyrus")
    yield platform
    _dispose(platform)
    for template in _CYRUS_TEMPLATES.values():
        _dispose(template)
    _CYRUS_TEMPLATES.clear()


def _skip_doveadm_on_cyrus(request):
    """Cyrus has no doveadm: a test parametrised by `backend` runs there with imap only."""
    callspec = getattr(request.node, "callspec", None)
    backend = callspec.params.get("backend", "imap") if callspec else "imap"
    if request.param == "cyrus" and backend != "imap":
        pytest.skip("Cyrus IMAP n'a pas doveadm : seul le backend imap s'y applique")


@pytest.fixture(params=MAIL_SERVERS)
def shared_platform(request):
    """The session's seeded platform of each server, for read-only tests."""
    _skip_doveadm_on_cyrus(request)
    return request.getfixturevalue("cyrus_platform" if request.param == "cyrus" else "mail_platform")


@pytest.fixture(params=MAIL_SERVERS)
def fresh_platform(request, lab_certs):
    """A newly seeded platform of each server, for a test that changes or kills it."""
    _skip_doveadm_on_cyrus(request)
    if request.param == "cyrus":
        request.getfixturevalue("cyrus_platform")  # owns the template's clean-up
    platform = _platform(lab_certs, kind=request.param)
    yield platform
    _dispose(platform)


@pytest.fixture()
def fresh_mail_platform(lab_certs):
    """A newly seeded Dovecot for one test that changes or kills the server."""
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
    platform.server.stop()
    shutil.rmtree(platform.server.directory, ignore_errors=True)
