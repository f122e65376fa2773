# SPDX-License-Identifier: GPL-3.0-or-later
"""Filters directory_options and annuaire_options: mssante_ldap and mssante_annuaire become the
options of their module, for module_defaults on the directory and annuaire action groups."""
import pathlib

import pytest
import yaml

from ansible.errors import AnsibleFilterError
from ansible_collections.mssante.hygiene.plugins.filter.annuaire_options import FilterModule as AnnuaireFilters
from ansible_collections.mssante.hygiene.plugins.filter.annuaire_options import annuaire_options
from ansible_collections.mssante.hygiene.plugins.filter.checked_settings import checked_settings
from ansible_collections.mssante.hygiene.plugins.filter.directory_options import FilterModule as DirectoryFilters
from ansible_collections.mssante.hygiene.plugins.filter.directory_options import directory_options

ROOT = pathlib.Path(__file__).resolve().parents[4]
RUNTIME = yaml.safe_load((ROOT / "meta" / "runtime.yml").read_text(encoding="utf-8"))


def test_directory_options_keeps_the_module_options_and_drops_empty_values():
    ldap = {"server_uri": ["ldaps://ldap.example"], "dn": "dc=example", "bind_pw": "", "start_tls": False}
    assert directory_options(ldap) == {"server_uri": ["ldaps://ldap.example"], "dn": "dc=example",
                                       "start_tls": False}
    assert directory_options(ldap) == checked_settings(ldap, "mssante_ldap")


def test_annuaire_options_keeps_the_module_options():
    annuaire = {"source": "extraction", "extraction_path": "/srv/extraction.txt", "min_lines": 0}
    assert annuaire_options(annuaire) == annuaire
    assert annuaire_options(None) == {}


@pytest.mark.parametrize("convert, value, message", [
    (directory_options, {"bind_password": "s3cret"},
     "mssante_ldap : clé inconnue « bind_password » (vouliez-vous dire « bind_pw » ?)"),
    (directory_options, {"domains": ["x"]}, "mssante_ldap : clé « domains » à retirer"),
    (annuaire_options, {"extraction_file": "/x"}, "mssante_annuaire : clé inconnue « extraction_file »"),
    (annuaire_options, {"state_dir": "/x"}, "mssante_annuaire : clé « state_dir » à retirer"),
])
def test_a_typo_or_a_key_the_role_sets_fails_in_french(convert, value, message):
    with pytest.raises(AnsibleFilterError) as error:
        convert(value)
    assert message in str(error.value)
    assert "s3cret" not in str(error.value)


@pytest.mark.parametrize("group, module", [("directory", "directory_info"), ("annuaire", "annuaire_info")])
def test_each_module_is_in_the_action_group_the_role_targets(group, module):
    assert module in RUNTIME["action_groups"][group]


@pytest.mark.parametrize("path, group, filter_name", [
    ("roles/inventory/tasks/directory.yml", "directory", "directory_options"),
    ("roles/inventory/tasks/annuaire.yml", "annuaire", "annuaire_options"),
])
def test_the_inventory_role_maps_the_setting_through_the_filter(path, group, filter_name):
    task = yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))[0]
    (target, value), = task["module_defaults"].items()
    assert target == "group/mssante.hygiene.%s" % group
    assert "mssante.hygiene.%s" % filter_name in value


def test_registered_under_their_names():
    assert DirectoryFilters().filters()["directory_options"] is directory_options
    assert AnnuaireFilters().filters()["annuaire_options"] is annuaire_options
