"""The LDAP server dies in the middle of a paged search: the run fails clearly, nothing partial."""
import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils import directory
from ansible_collections.mssante.hygiene.plugins.module_utils.directory import (
    DirectoryConfig, DirectoryError, read_accounts)
from lab import establishment, ldap_seed
from lab.slapd import Slapd
from tests.functional.ldap_fixtures import people_ldif


def test_connection_lost_during_paging(tmp_path, lab_certs, monkeypatch):
    base = establishment.LDAP_BASE
    server = Slapd(str(tmp_path / "slapd"), lab_certs, base)
    server.start(ldap_seed.skeleton(base) + people_ldif(1200, base))
    try:
        config = DirectoryConfig(server_uris=[server.uri], base=base, bind_dn=server.reader_dn,
                                 bind_pw=server.reader_password, start_tls=True,
                                 ca_path=lab_certs.ca_cert, page_size=100)
        mapped = []
        original = directory.to_account

        def map_then_crash(*args, **kwargs):
            mapped.append(1)
            if len(mapped) == 150:  # in the middle of the second page
                server.kill()
            return original(*args, **kwargs)

        monkeypatch.setattr(directory, "to_account", map_then_crash)
        with pytest.raises(DirectoryError) as error:
            read_accounts(config)
        assert "lost" in str(error.value) and "nothing is returned" in str(error.value)
        assert error.value.parameter == "server_uri"
    finally:
        server.stop()
