# SPDX-License-Identifier: GPL-3.0-or-later
"""Real slapd instances for the LDAP tests (started once per test session)."""
import dataclasses
import os
import subprocess

import pytest

from lab import establishment, ldap_seed, tls
from lab.slapd import Slapd


def people_ldif(count, base):
    """`count` extra professionals, to exceed the server size limit."""
    person = establishment.Person(uid="", rpps="", first_name="Agent", last_name="Test",
                                  civility="M", profession_code="60",
                                  profession_label="Infirmier", service="Urgences")
    parts = []
    for index in range(count):
        clone = dataclasses.replace(person, uid="agent%05d" % index,
                                    rpps=establishment.luhn_complete("1099950%03d" % (index % 1000))
                                    if index < 1000 else "", last_name="Test%05d" % index)
        parts.append(ldap_seed.person_entry(base, clone, ["agent%05d@%s" % (index, establishment.DOMAIN)]))
    return "".join(parts)


def _as_lab_admin(state, tool, *arguments):
    """An OpenLDAP client tool bound as the lab's LDAP admin; its stdout."""
    ldap = state["ldap"]
    return subprocess.run([tool, "-x", "-H", ldap["uri"], "-D", ldap["admin_dn"], "-w", ldap["admin_password"],
                           *arguments], capture_output=True, text=True, check=True).stdout


def lab_ldapsearch(state, *arguments):
    """ldapsearch as the lab's LDAP admin under its base (arguments: filter, attributes)."""
    return _as_lab_admin(state, "ldapsearch", "-LLL", "-b", state["ldap"]["base"], *arguments)


def lab_remove_person(state, uid):
    """The person's entry is deleted from the lab's directory (the local account is gone)."""
    _as_lab_admin(state, "ldapdelete", ldap_seed.person_dn(state["ldap"]["base"], uid))


@pytest.fixture(scope="session")
def lab_certs(tmp_path_factory):
    return tls.make_ca_and_server(str(tmp_path_factory.mktemp("tls")))


@pytest.fixture(scope="session")
def demo_est():
    return establishment.build()


@pytest.fixture(scope="session")
def demo_slapd(tmp_path_factory, lab_certs, demo_est):
    server = Slapd(str(tmp_path_factory.mktemp("slapd-demo")), lab_certs, demo_est.ldap_base)
    server.start(ldap_seed.establishment_ldif(demo_est))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def big_slapd(tmp_path_factory, lab_certs):
    """1,200 accounts behind a server size limit of 500; anonymous reads allowed."""
    base = establishment.LDAP_BASE
    server = Slapd(str(tmp_path_factory.mktemp("slapd-big")), lab_certs, base, size_limit=500,
                   allow_anonymous=True)
    server.start(ldap_seed.skeleton(base) + people_ldif(1200, base))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def expired_slapd(tmp_path_factory, lab_certs, demo_est):
    """A server whose certificate (signed by the lab CA) has expired."""
    directory = str(tmp_path_factory.mktemp("slapd-expired"))
    expired = tls.make_ca_and_server(os.path.dirname(lab_certs.ca_cert), expired=True)
    server = Slapd(directory, expired, demo_est.ldap_base)
    server.start(ldap_seed.skeleton(demo_est.ldap_base))
    yield server
    server.stop()
