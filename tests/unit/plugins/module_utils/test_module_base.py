# SPDX-License-Identifier: GPL-3.0-or-later
"""The module helper: an engine error fails the task naming the option; the TLS check warns once."""
import ssl

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError
from ansible_collections.mssante.hygiene.plugins.module_utils.module_base import (
    engine_errors, failure, module_tls, refuse_remote_run)
from ansible_collections.mssante.hygiene.plugins.module_utils.tls import insecure_warning


class Failed(Exception):
    """Raised by FakeModule.fail_json, as AnsibleModule.fail_json leaves with SystemExit."""


class FakeModule:
    def __init__(self, **params):
        self.params = dict({"validate_certs": True, "ca_path": None, "timeout": 30}, **params)
        self.warnings = []
        self.failed = None

    def warn(self, text):
        self.warnings.append(text)

    def fail_json(self, **result):
        self.failed = result
        raise Failed(result["msg"])


def test_engine_error_fails_with_its_message_and_parameter():
    module = FakeModule()
    with pytest.raises(Failed):
        with engine_errors(module, complete=False):
            raise MssanteError("ca_path : fichier introuvable : /x.pem", parameter="ca_path")
    assert module.failed == {"msg": "ca_path : fichier introuvable : /x.pem", "parameter": "ca_path",
                             "complete": False}
    assert "exception" not in module.failed


def test_message_that_does_not_name_its_parameter_is_prefixed_with_it():
    result = failure(MssanteError("valeur refusée", parameter="rate_limit"))
    assert result == {"msg": "rate_limit : valeur refusée", "parameter": "rate_limit"}


def test_without_parameter_no_parameter_key():
    assert failure(MssanteError("serveur injoignable")) == {"msg": "serveur injoignable"}


def test_other_exceptions_are_not_swallowed():
    module = FakeModule()
    with pytest.raises(KeyError):
        with engine_errors(module):
            raise KeyError("bug")
    assert module.failed is None


def test_tls_unchecked_warns_once_with_the_one_wording():
    module = FakeModule(validate_certs=False)
    context = module_tls(module, "LDAP (server_uri)")
    assert module.warnings == [insecure_warning("LDAP (server_uri)")]
    assert isinstance(context, ssl.SSLContext) and context.verify_mode == ssl.CERT_NONE


def test_tls_default_builds_a_verifying_context_without_warning():
    module = FakeModule()
    context = module_tls(module, "SMTP")
    assert module.warnings == [] and context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname


def test_tls_conflict_fails_naming_validate_certs():
    module = FakeModule(validate_certs=False, ca_path="/etc/pki/ca.pem")
    with pytest.raises(Failed):
        module_tls(module, "LDAP (server_uri)")
    assert module.failed["parameter"] == "validate_certs"
    assert module.failed["msg"].startswith("options TLS contradictoires : ca_path (/etc/pki/ca.pem)")
    assert module.warnings == []


def test_unreadable_ca_path_fails_naming_it(tmp_path):
    module = FakeModule(ca_path=str(tmp_path / "absent.pem"))
    with pytest.raises(Failed):
        module_tls(module, "de messagerie")
    assert module.failed["parameter"] == "ca_path" and "introuvable" in module.failed["msg"]


def test_no_connection_no_warning_no_context_but_conflict_still_checked():
    module = FakeModule(validate_certs=False)
    assert module_tls(module, "SMTP", connects=False) is None and module.warnings == []
    with pytest.raises(Failed):
        module_tls(FakeModule(validate_certs=False, ca_path="/ca.pem"), "SMTP", connects=False)


def test_library_that_builds_its_own_context_gets_the_warning_only():
    module = FakeModule(validate_certs=False, ca_path=None)
    assert module_tls(module, "LDAP (server_uri)", build=False) is None
    assert len(module.warnings) == 1


def test_a_module_that_is_all_action_plugin_refuses_to_run_remotely_in_french():
    module = FakeModule()
    with pytest.raises(Failed, match="inventory_merge s'exécute par son action plugin, sur le contrôleur"):
        refuse_remote_run(module, "inventory_merge")
    assert "mssante.hygiene.inventory_merge" in module.failed["msg"]
