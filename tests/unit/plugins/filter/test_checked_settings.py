# SPDX-License-Identifier: GPL-3.0-or-later
"""Filter checked_settings: a typo in mssante_ldap, mssante_annuaire, mssante_safety or
mssante_trash fails in French with the closest valid key; role-read settings are completed."""
import pathlib

import pytest
import yaml

from ansible.errors import AnsibleFilterError
from ansible_collections.mssante.hygiene.plugins.filter.checked_settings import FilterModule, checked_settings
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.argspec import argument_spec as annuaire_spec
from ansible_collections.mssante.hygiene.plugins.module_utils.directory.argspec import argument_spec as directory_spec
from ansible_collections.mssante.hygiene.plugins.module_utils.settings import NAMES, SAFETY_SPEC, setting
from ansible_collections.mssante.hygiene.tests.unit.fr_messages import assert_plain_french

ROOT = pathlib.Path(__file__).resolve().parents[4]

TYPOS = [  # setting, value with a typo, the key, the closest valid key
    ("mssante_ldap", {"server_uri": ["ldaps://x"], "dn": "dc=x", "bind_password": "s3cret"},
     "bind_password", "bind_pw"),
    ("mssante_annuaire", {"source": "extraction", "extraction_file": "/tmp/x.txt"},
     "extraction_file", "extraction_path"),
    ("mssante_safety", {"max_delete_ratio": 0.5, "export_dir": ""}, "export_dir", "export_eml"),
    ("mssante_trash", {"older_than": 30}, "older_than", "older_than_days"),
    ("mssante_imap", {"host": "imap", "admin_pasword": "s3cret"}, "admin_pasword", "admin_password"),
    ("mssante_patient_documents", {"filename": ["*.xdm"]}, "filename", "filenames"),
]


def failure(value, name):
    with pytest.raises(AnsibleFilterError) as error:
        checked_settings(value, name)
    return str(error.value)


@pytest.mark.parametrize("name, value, key, closest", TYPOS, ids=[t[0] for t in TYPOS])
def test_typo_names_the_closest_valid_key_in_french(name, value, key, closest):
    message = failure(value, name)
    assert message.startswith("%s : clé inconnue « %s » (vouliez-vous dire « %s » ?) ; clés valides : "
                              % (name, key, closest))
    assert "s3cret" not in message and "[" not in message and "'" not in message


def test_valid_keys_are_the_module_options_less_those_the_role_sets():
    assert set(setting("mssante_ldap").spec) == set(directory_spec()) - {"domains"}
    assert set(setting("mssante_annuaire").spec) == set(annuaire_spec()) - {
        "domains", "organizations", "practitioners", "state_dir"}
    message = failure({"bogus": 1}, "mssante_ldap")
    assert "clés valides : attribute_map, bind_dn, bind_pw, ca_path" in message


def test_a_key_the_role_sets_says_where_it_comes_from():
    assert failure({"domains": ["a.fr"]}, "mssante_ldap") == (
        "mssante_ldap : clé « domains » à retirer : le rôle la donne d'après mssante_domains")


def test_module_settings_are_kept_as_given_without_empty_values():
    ldap = {"server_uri": ["ldaps://x"], "dn": "dc=x", "bind_dn": "", "ca_path": None, "start_tls": False,
            "attribute_map": {"rpps": "employeeNumber"}}
    assert checked_settings(ldap, "mssante_ldap") == {
        "server_uri": ["ldaps://x"], "dn": "dc=x", "start_tls": False, "attribute_map": {"rpps": "employeeNumber"}}
    assert checked_settings(None, "mssante_annuaire") == {}


def test_partial_safety_gets_the_other_defaults():
    assert checked_settings({"max_delete_ratio": "0.3"}, "mssante_safety") == {
        "max_delete_ratio": 0.3, "max_run_delete_ratio": 1.0, "failure_threshold": 0.1, "export_eml": False}
    assert checked_settings({}, "mssante_safety") == {k: v["default"] for k, v in SAFETY_SPEC.items()}


def test_partial_trash_gets_the_other_defaults_and_converted_values():
    assert checked_settings({"older_than_days": "45", "keep_flagged": "no"}, "mssante_trash") == {
        "enabled": True, "older_than_days": 45, "date": "saved", "keep_flagged": False,
        "patient_documents": "keep"}


@pytest.mark.parametrize("name, value, words", [
    ("mssante_trash", {"older_than_days": "trente"}, "mssante_trash.older_than_days : « trente » n'est pas un nombre entier"),
    ("mssante_trash", {"older_than_days": 7.5}, "mssante_trash.older_than_days : « 7.5 » n'est pas un nombre entier"),
    ("mssante_trash", {"enabled": "peut-être"}, "mssante_trash.enabled : « peut-être » n'est pas true ou false"),
    ("mssante_safety", {"max_delete_ratio": "moitié"}, "mssante_safety.max_delete_ratio : « moitié » n'est pas un nombre"),
    ("mssante_safety", {"export_eml": True, "failure_threshold": [1]}, "mssante_safety.failure_threshold"),
    ("mssante_trash", {"date": "recieved"},
     "mssante_trash.date : « recieved » n'est pas permis (vouliez-vous dire « received » ?) ; valeurs permises : saved, received"),
])
def test_bad_value_is_named_in_french(name, value, words):
    assert words in failure(value, name)


DOCUMENT_DEFAULTS = {"filenames": ["IHE_XDM.ZIP"], "subject_prefixes": ["XDM/1.0/DDM"], "content_types": [],
                     "proof": {"keywords": [], "mdn": True}}


def test_patient_documents_default_to_the_contract():
    assert checked_settings(None, "mssante_patient_documents") == DOCUMENT_DEFAULTS
    assert checked_settings({"proof": {}}, "mssante_patient_documents") == DOCUMENT_DEFAULTS


def test_partial_patient_documents_keep_the_other_defaults_down_to_the_proof():
    value = {"content_types": "application/zip", "proof": {"keywords": ["DPI_INTEGRE"], "mdn": "no",
                                                           "message_ids_file": "/srv/dpi/integres.txt"}}
    assert checked_settings(value, "mssante_patient_documents") == dict(
        DOCUMENT_DEFAULTS, content_types=["application/zip"],
        proof={"keywords": ["DPI_INTEGRE"], "mdn": False, "message_ids_file": "/srv/dpi/integres.txt"})
    # the defaults are copies: completing one value never changes the next one's
    checked_settings(None, "mssante_patient_documents")["proof"]["keywords"].append("x")
    assert checked_settings(None, "mssante_patient_documents") == DOCUMENT_DEFAULTS


@pytest.mark.parametrize("value, words", [
    ({"proof": {"keyword": ["DPI"]}},
     "mssante_patient_documents.proof : clé inconnue « keyword » (vouliez-vous dire « keywords » ?) ; "
     "clés valides : keywords, mdn, message_ids_file"),
    ({"proof": {"mdn": "peut-être"}}, "mssante_patient_documents.proof.mdn : « peut-être » n'est pas true ou false"),
    ({"proof": "mdn"}, "mssante_patient_documents.proof doit être un dictionnaire (clé: valeur), pas un texte"),
    ({"filenames": ["IHE_XDM.ZIP", ""]}, "mssante_patient_documents.filenames[1] : il faut un texte non vide"),
    ({"subject_prefixes": [None]},
     "mssante_patient_documents.subject_prefixes[0] : il faut un texte non vide, pas une valeur vide"),
    ({"filenames": {"zip": True}}, "mssante_patient_documents.filenames : il faut une liste, pas un dictionnaire"),
    ({"proof": {"keywords": [["DPI"]]}},
     "mssante_patient_documents.proof.keywords[0] : il faut un texte non vide, pas une liste"),
])
def test_bad_patient_documents_are_named_in_french(value, words):
    message = failure(value, "mssante_patient_documents")
    assert message == words
    assert_plain_french(message, "mssante_patient_documents")


def test_not_a_dict():
    assert failure("ldaps://x", "mssante_ldap") == "mssante_ldap doit être un dictionnaire (clé: valeur), pas un texte"
    assert failure(["a"], "mssante_safety").endswith("pas une liste")


def test_unknown_setting_name():
    assert "réglages contrôlés : mssante_ldap, mssante_annuaire" in failure({}, "mssante_ldpa")


def test_registered_under_its_name():
    assert FilterModule().filters()["checked_settings"] is checked_settings


SHIPPED = ["inventories/example/group_vars/mssante_platforms/main.yml",
           "inventories/example/host_vars/messagerie_ch_exemple/main.yml",
           "inventories/demo/group_vars/mssante_platforms/main.yml"] + [
    str(path.relative_to(ROOT)) for path in sorted(ROOT.glob("roles/*/defaults/main.yml"))]


@pytest.mark.parametrize("path", SHIPPED)
def test_every_shipped_value_is_accepted(path):
    data = yaml.safe_load((ROOT / path).read_text(encoding="utf-8")) or {}
    for name in NAMES:
        if name in data:
            checked_settings(data[name], name)
