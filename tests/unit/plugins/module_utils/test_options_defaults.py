# SPDX-License-Identifier: GPL-3.0-or-later
"""options_from: the argspec is the one source of the engine's defaults."""
import dataclasses
import inspect
import re

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.requests import run as request_run
from ansible_collections.mssante.hygiene.plugins.module_utils.directory.reader import DirectoryConfig
from ansible_collections.mssante.hygiene.plugins.module_utils.directory.argspec import config_from
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore import doveadm, service
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.argspec import info_spec, purge_spec
from ansible_collections.mssante.hygiene.plugins.module_utils.options import options_from
from ansible_collections.mssante.hygiene.plugins.module_utils.requests.argspec import argument_spec


def test_missing_options_get_the_argspec_default():
    options = options_from(purge_spec(), {"mailboxes": ["a@ch.test"], "rules": []})
    assert options["concurrency"] == 8 and options["timeout"] == 30 and options["security"] == "tls"
    assert options["port"] is None and options["mailboxes"] == ["a@ch.test"]
    assert set(options) == set(purge_spec())


def test_given_values_win_even_false_and_zero():
    options = options_from(purge_spec(), {"validate_certs": False, "concurrency": 0})
    assert options["validate_certs"] is False and options["concurrency"] == 0


def test_suboptions_of_a_dict_get_their_defaults():
    options = options_from(argument_spec(), {"kind": "liste_rouge", "state_dir": "/s",
                                             "smtp": {"host": "smtp", "sender": "dsi@ch.test"}})
    assert options["smtp"]["security"] == "starttls" and options["smtp"]["to"] == []
    assert options["observations"]["annuaire_complete"] is False


def test_keys_the_argspec_does_not_know_are_left_out():
    options = options_from(info_spec(), {"discover": True, "rules": [], "smtp": {"host": "x"}})
    assert set(options) == set(info_spec()) and options["discover"] is True


def test_read_only_and_idempotent():
    options = options_from(purge_spec(), {})
    with pytest.raises(TypeError):
        options["concurrency"] = 1  # pylint: disable=unsupported-assignment-operation
    assert dict(options_from(purge_spec(), options)) == dict(options)


@pytest.mark.parametrize("engine", [service, doveadm, request_run], ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_engine_entry_points_write_no_default_of_their_own(engine):
    assert not re.findall(r"params\.get\(", inspect.getsource(engine))


def test_directory_config_restates_no_default_but_the_argspec_ones():
    given = {"server_uri": ["ldaps://ldap.ch.test"], "dn": "dc=ch,dc=test"}
    config = config_from(given)
    bare = DirectoryConfig(server_uris=given["server_uri"], base=given["dn"])
    assert config.attributes() == bare.attributes()  # the argspec spells the default map out
    assert dataclasses.replace(config, attribute_map={}) == bare
