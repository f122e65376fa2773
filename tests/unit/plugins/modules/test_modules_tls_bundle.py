# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared option bundles: every networked module's TLS options (twinned with the doc fragment tls), the establishment."""
import importlib

import pytest
import yaml

from ansible_collections.mssante.hygiene.plugins.doc_fragments.tls import ModuleDocFragment
from ansible_collections.mssante.hygiene.plugins.module_utils.establishment_options import establishment_suboptions
from ansible_collections.mssante.hygiene.plugins.module_utils.tls_options import tls_argument_spec

MODULES = ("annuaire_info", "bal_audit", "directory_info", "mailstore_info", "mailstore_purge", "mailstore_restore",
           "operator_request", "owner_notice")
TLS = set(tls_argument_spec())


class Captured(Exception):
    """Stops main() once it has built its AnsibleModule."""


def module_argspec(name, monkeypatch):
    """The argument_spec the module really gives AnsibleModule (main() is stopped there)."""
    module = importlib.import_module("ansible_collections.mssante.hygiene.plugins.modules." + name)
    seen = {}

    def capture(argument_spec, **_kwargs):
        seen.update(argument_spec)
        raise Captured()

    monkeypatch.setattr(module, "AnsibleModule", capture)
    with pytest.raises(Captured):
        module.main()
    return module, seen


def fragments(module):
    return yaml.safe_load(module.DOCUMENTATION).get("extends_documentation_fragment") or []


@pytest.mark.parametrize("name", MODULES)
def test_tls_options_come_from_the_bundle_exactly_when_documented_by_the_fragment(name, monkeypatch):
    module, spec = module_argspec(name, monkeypatch)
    if "mssante.hygiene.tls" in fragments(module):
        assert {key: spec[key] for key in TLS} == tls_argument_spec()
    else:
        assert not TLS & set(spec)


def test_networked_modules_all_use_the_bundle(monkeypatch):
    users = [name for name in MODULES if TLS <= set(module_argspec(name, monkeypatch)[1])]
    assert users == ["annuaire_info", "directory_info", "mailstore_info", "mailstore_purge", "mailstore_restore",
                     "operator_request", "owner_notice"]


def test_bundle_and_doc_fragment_are_twins():
    documented = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["options"]
    assert set(documented) == TLS
    for name, option in tls_argument_spec().items():
        assert documented[name]["type"] == option["type"]
        assert documented[name].get("default") == option.get("default")


@pytest.mark.parametrize("name", ["bal_audit", "operator_request", "owner_notice"])
def test_establishment_suboptions_come_from_the_bundle_and_are_documented_alike(name, monkeypatch):
    module, spec = module_argspec(name, monkeypatch)
    bundle = establishment_suboptions()
    suboptions = spec["establishment"]["options"]
    assert {key: suboptions[key] for key in bundle} == bundle
    documented = yaml.safe_load(module.DOCUMENTATION)["options"]["establishment"]["suboptions"]
    for key, option in bundle.items():
        assert documented[key]["type"] == option["type"] and documented[key].get("default") == option["default"]
