# SPDX-License-Identifier: GPL-3.0-or-later
"""The LDAP server dies in the middle of a paged search: the read fails clearly and returns
nothing partial (a half-read directory would make every other account look departed); once
slapd is back, the same read completes with every account."""
import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.directory import reader
from ansible_collections.mssante.hygiene.plugins.module_utils.directory.reader import (
    DirectoryConfig, DirectoryError, read_accounts)
from lab import establishment, ldap_seed
from lab.slapd import Slapd
from tests.functional.ldap_fixtures import people_ldif

PEOPLE = 1200  # twelve pages of 100


def _config(server, certs):
    return DirectoryConfig(server_uris=[server.uri], base=establishment.LDAP_BASE, bind_dn=server.reader_dn,
                           bind_pw=server.reader_password, start_tls=True, ca_path=certs.ca_cert,
                           page_size=100)


def test_connection_lost_during_paging_then_rerun(tmp_path, lab_certs, monkeypatch):
    base = establishment.LDAP_BASE
    seed = ldap_seed.skeleton(base) + people_ldif(PEOPLE, base)
    server = Slapd(str(tmp_path / "slapd"), lab_certs, base)
    server.start(seed)
    try:
        mapped = []
        original = reader.to_account

        def map_then_crash(*args, **kwargs):
            mapped.append(1)
            if len(mapped) == 150:  # in the middle of the second page
                server.kill()
            return original(*args, **kwargs)

        monkeypatch.setattr(reader, "to_account", map_then_crash)
        with pytest.raises(DirectoryError) as error:
            read_accounts(_config(server, lab_certs))
        assert "connexion LDAP perdue" in str(error.value) and "rien n'est renvoyé" in str(error.value)
        assert error.value.parameter == "server_uri"
        assert "Traceback" not in str(error.value)

        monkeypatch.undo()
        server.start(seed)  # slapd back (same entries, new port)
        accounts = read_accounts(_config(server, lab_certs))
        assert len([a for a in accounts.accounts if a.dn.startswith("uid=agent")]) == PEOPLE
    finally:
        server.stop()
