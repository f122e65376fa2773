# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""Symmetric mail backends (issue 15 item 3): one factory knows the names, every backend offers
the same operations, and the service calls them without asking which backend it holds (no server)."""
import ast
import inspect

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore import service
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.argspec import info_spec
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.backends import (
    BACKENDS, backend_for, run_context)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.doveadm import DoveadmBackend
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import CannotListError, ConfigError
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imap_backend import ImapBackend
from ansible_collections.mssante.hygiene.plugins.module_utils.options import options_from
from tests.unit.fr_messages import assert_plain_french

# the backends receive every option, argspec defaults filled in (the service applies options_from first)
IMAP = options_from(info_spec(), {"backend": "imap", "host": "imap.ch-exemple.fr", "admin_user": "admin",
                                  "admin_password": "x", "mailboxes": ["a@ch-exemple.fr"], "concurrency": 3})
DOVEADM_HTTP = options_from(info_spec(), {
    "backend": "doveadm", "doveadm_api_key": "k", "doveadm_url": "https://mail.ch-exemple.fr/doveadm/v1",
    "mailboxes": ["a@ch-exemple.fr"], "folder_roles": {"\\Trash": "Corbeille"}})
OPERATIONS = ("stats", "purge", "list_users", "from_params", "networked", "can_list")


def test_the_factory_builds_the_backend_the_option_names():
    imap = backend_for(IMAP, None)
    assert isinstance(imap, ImapBackend) and imap.concurrency == 3 and imap.settings.host == "imap.ch-exemple.fr"
    assert isinstance(backend_for(dict(IMAP, backend=None), None), ImapBackend)  # the argspec default
    assert isinstance(backend_for(DOVEADM_HTTP, None), DoveadmBackend)
    assert sorted(BACKENDS) == ["doveadm", "imap"]


@pytest.mark.parametrize("name", ["stats", "purge"])
def test_every_backend_has_the_same_operations(name):
    for backend in BACKENDS.values():
        assert all(callable(getattr(backend, operation, None)) for operation in OPERATIONS), backend
    signatures = set(str(inspect.signature(getattr(backend, name))) for backend in BACKENDS.values())
    assert len(signatures) == 1, signatures


def test_imap_options_are_checked_when_the_backend_is_built():
    with pytest.raises(ConfigError) as caught:
        backend_for(dict(IMAP, host=None), None)
    assert_plain_french(str(caught.value), "host")


@pytest.mark.parametrize("params", [IMAP, DOVEADM_HTTP], ids=["imap", "doveadm-http"])
def test_a_backend_that_cannot_list_says_so_naming_discover(params):
    with pytest.raises(CannotListError) as caught:
        backend_for(params, None).list_users()
    assert_plain_french(str(caught.value), "discover", "backend: doveadm")
    with pytest.raises(ConfigError):
        service.run_info(dict(params, discover=True))


def test_tls_context_only_for_a_networked_backend():
    assert run_context(dict(DOVEADM_HTTP, doveadm_api_key=None)) is None  # doveadm on this host
    assert run_context(dict(IMAP, security="none")) is None
    assert run_context(IMAP) is not None and run_context(DOVEADM_HTTP) is not None


def _constants(path):
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    return set(node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str))


def test_the_service_never_names_a_backend():
    """Only backends.py chooses: a backend name in service.py would be an `if backend ==` coming back."""
    named = _constants(service.__file__) & set(BACKENDS)
    assert not named, "service.py nomme un backend (%s) : passez par backends.backend_for" % sorted(named)
