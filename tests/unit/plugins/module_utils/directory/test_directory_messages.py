# SPDX-License-Identifier: GPL-3.0-or-later
"""The French messages of the directory side: TLS, LDAP filter, attribute_map, unreachable server."""
import ssl

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils import tls
from ansible_collections.mssante.hygiene.plugins.module_utils.directory.reader import (
    DirectoryConfig, DirectoryError, read_accounts)
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import endpoint, os_error
from ansible_collections.mssante.hygiene.plugins.module_utils.directory.filter import (
    FilterError, build_filter, check_user_filter)
from ansible_collections.mssante.hygiene.tests.unit.fr_messages import assert_plain_french


def verify_error(reason):
    return ssl.SSLCertVerificationError(
        1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: %s (_ssl.c:1006)" % reason)


def test_untrusted_certificate_says_ca_path_or_validate_certs():
    text = tls.describe_tls_error(verify_error("self-signed certificate"), "ldaps://ldap.ch.test:636")
    assert text.startswith("certificat non reconnu pour ldaps://ldap.ch.test:636 (certificat auto-signé)")
    assert_plain_french(text, "ca_path", "validate_certs")


def test_expired_certificate_is_told_apart():
    text = tls.describe_tls_error(verify_error("certificate has expired"), "smtp.ch.test:587")
    assert text.startswith("le certificat de smtp.ch.test:587 a expiré (certificat expiré)")
    assert_plain_french(text)


def test_plain_port_spoken_tls_is_explained():
    text = tls.describe_tls_error(ssl.SSLError("[SSL: WRONG_VERSION_NUMBER] wrong version number"), "h:389")
    assert "ne parle pas TLS sur ce port" in text


def test_insecure_warning_and_conflict():
    assert_plain_french(tls.insecure_warning("LDAP (server_uri)"), "validate_certs=false", "server_uri", "ca_path")
    assert tls.tls_conflict(True, "/ca.pem") == tls.tls_conflict(False, None) == ""
    assert_plain_french(tls.tls_conflict(False, "/ca.pem"), "options TLS contradictoires", "/ca.pem", "validate_certs")


def test_unreadable_ca_path_is_named(tmp_path):
    with pytest.raises(tls.TlsConfigError) as error:
        tls.client_context(True, str(tmp_path / "absent.pem"))
    assert_plain_french(str(error.value), "ca_path", "absent.pem")
    (tmp_path / "bad.pem").write_text("pas un certificat")
    with pytest.raises(tls.TlsConfigError) as error:
        tls.client_context(True, str(tmp_path / "bad.pem"))
    assert "n'est pas un fichier de certificats PEM" in str(error.value)


@pytest.mark.parametrize("text, words", [
    ("(objectClass=*))(|(uid=*)", ("tentative d'injection", "caractère 15")),
    ("objectClass=person", ("entre parenthèses",)),
    ("(&(objectClass=person)", ("1 parenthèse(s) ouverte(s)",)),
])
def test_bad_filter_names_the_option_and_the_value(text, words):
    with pytest.raises(FilterError) as error:
        check_user_filter(text)
    assert error.value.parameter == "filter"
    assert_plain_french(str(error.value), "filter « %s »" % text, *words)


def test_attribute_map_cannot_inject_a_filter():
    with pytest.raises(FilterError) as error:
        build_filter("", "mail)(uid=*")
    assert error.value.parameter == "attribute_map.mail"
    assert_plain_french(str(error.value), "attribute_map.mail : « mail)(uid=* »", "nom d'attribut LDAP")


def test_bad_attribute_map_fails_before_connecting():
    config = DirectoryConfig(server_uris=["ldap://127.0.0.1:1"], base="dc=x",
                             attribute_map={"rpps": "employee number"})
    with pytest.raises(FilterError) as error:
        read_accounts(config)
    assert error.value.parameter == "attribute_map.rpps"


def test_unreachable_ldap_names_host_port_and_server_uri():
    config = DirectoryConfig(server_uris=["ldap://127.0.0.1:1", "ldaps://127.0.0.1:2"], base="dc=x", timeout=2)
    with pytest.raises(DirectoryError) as error:
        read_accounts(config)
    message = str(error.value)
    assert error.value.parameter == "server_uri"
    assert_plain_french(message, "aucun serveur LDAP de server_uri", "ldap://127.0.0.1:1 injoignable (127.0.0.1:1)",
                        "connexion refusée", "127.0.0.1:2")


def test_endpoint_and_os_error():
    assert endpoint("ldaps://ldap.ch.test") == "ldap.ch.test:636"
    assert endpoint("https://gateway.api.esante.gouv.fr/fhir/v2") == "gateway.api.esante.gouv.fr:443"
    assert endpoint("ldap://127.0.0.1:1") == "127.0.0.1:1"
    try:
        open("/etc/hostname/x", "rb")
    except OSError as exc:
        assert os_error(exc) == "/etc/hostname/x : un élément du chemin n'est pas un répertoire"
