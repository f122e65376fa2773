# SPDX-License-Identifier: GPL-3.0-or-later
"""Filter mailstore_options: mssante_imap becomes exactly the options the mailstore modules accept."""
import pathlib

import pytest
import yaml

from ansible.errors import AnsibleFilterError
from ansible_collections.mssante.hygiene.plugins.filter.mailstore_options import FilterModule, mailstore_options
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.argspec import connection_spec
from ansible_collections.mssante.hygiene.plugins.module_utils.settings import setting

ROOT = pathlib.Path(__file__).resolve().parents[4]
ROLE_ONLY_KEYS = frozenset(setting("mssante_imap").role_keys)


def connection_options():
    return frozenset(setting("mssante_imap").spec)


def test_keeps_connection_options_and_leaves_role_keys_out():
    imap = {"backend": "doveadm", "doveadm_config": "/etc/dovecot.conf", "concurrency": 4,
            "batch_size": 200, "discover": True}
    assert mailstore_options(imap) == {"backend": "doveadm", "doveadm_config": "/etc/dovecot.conf",
                                       "concurrency": 4}


def test_drops_empty_values_so_module_defaults_apply_but_keeps_false_and_zero():
    imap = {"host": "", "ca_path": None, "folder_roles": {}, "validate_certs": False, "timeout": 0,
            "port": 993}
    assert mailstore_options(imap) == {"validate_certs": False, "timeout": 0, "port": 993}


def test_every_shared_connection_option_passes_through():
    imap = {name: "x" for name in connection_options()}
    assert mailstore_options(imap) == imap
    assert {"host", "admin_password", "doveadm_url", "master_separator", "last_login_dict"} <= set(imap)


def test_options_each_call_must_give_are_not_connection_options():
    required = {name for name, spec in connection_spec().items() if spec.get("required")}
    assert required == {"mailboxes"}
    with pytest.raises(AnsibleFilterError, match="clé « mailboxes » à retirer"):
        mailstore_options({"host": "imap", "mailboxes": ["a@b"]})


def test_unknown_key_is_named_with_a_hint_and_the_valid_keys():
    with pytest.raises(AnsibleFilterError) as error:
        mailstore_options({"host": "imap", "admin_pasword": "secret"})
    message = str(error.value)
    assert "mssante_imap : clé inconnue « admin_pasword » (vouliez-vous dire « admin_password » ?)" in message
    assert "batch_size" in message and "doveadm_url" in message and "discover" in message
    assert "secret" not in message


def test_unknown_key_without_close_match_has_no_hint():
    with pytest.raises(AnsibleFilterError, match=r"clé inconnue « zzz » ; clés valides : admin_login_form"):
        mailstore_options({"zzz": 1})


def test_no_dict_fails_clearly_and_none_means_no_options():
    assert mailstore_options(None) == {}
    assert mailstore_options({}) == {}
    with pytest.raises(AnsibleFilterError, match="mssante_imap doit être un dictionnaire .clé: valeur., pas un texte"):
        mailstore_options("imap.example.org")


def test_patient_documents_reach_both_modules_completed():
    options = mailstore_options({"host": "imap"}, {"proof": {"keywords": ["DPI_INTEGRE"]}})
    assert options == {"host": "imap", "patient_documents": {
        "filenames": ["IHE_XDM.ZIP"], "subject_prefixes": ["XDM/1.0/DDM"], "content_types": [],
        "proof": {"keywords": ["DPI_INTEGRE"], "mdn": True}}}
    # an inventory's null is the defaults; without the argument, no option at all
    assert mailstore_options({"host": "imap"}, None)["patient_documents"]["proof"] == {"keywords": [], "mdn": True}
    assert "patient_documents" not in mailstore_options({"host": "imap"})


def test_patient_documents_come_from_their_own_variable():
    with pytest.raises(AnsibleFilterError, match="mssante_imap : clé « patient_documents » à retirer : le rôle la "
                                                 "donne d'après mssante_patient_documents"):
        mailstore_options({"host": "imap", "patient_documents": {}})
    with pytest.raises(AnsibleFilterError, match="mssante_patient_documents : clé inconnue « proofs »"):
        mailstore_options({"host": "imap"}, {"proofs": {"mdn": False}})


def test_role_only_keys_are_not_module_options():
    assert not ROLE_ONLY_KEYS & set(connection_spec())


def test_registered_under_its_name():
    assert FilterModule().filters()["mailstore_options"] is mailstore_options


@pytest.mark.parametrize("path", [
    "roles/retention/defaults/main.yml",
    "roles/inventory/defaults/main.yml",
    "inventories/demo/group_vars/mssante_platforms/main.yml",
    "inventories/example/host_vars/messagerie_ch_exemple/main.yml",
    "extensions/molecule/trash/vars.yml",
    "extensions/molecule/retention/vars.yml",
])
def test_shipped_mssante_imap_values_are_accepted(path):
    imap = yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))["mssante_imap"]
    mailstore_options(imap)


def test_oauth_passes_through_whole_and_a_typo_is_named():
    oauth = {"token_url": "https://idp.example/token", "client_id": "app", "client_secret": "s3cret"}
    assert mailstore_options({"host": "imap", "oauth": oauth}) == {"host": "imap", "oauth": oauth}
    with pytest.raises(AnsibleFilterError) as error:
        mailstore_options({"host": "imap", "oauht": oauth})
    assert "(vouliez-vous dire « oauth » ?)" in str(error.value) and "s3cret" not in str(error.value)
