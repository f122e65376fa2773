# SPDX-License-Identifier: GPL-3.0-or-later
"""No module returns a key Ansible reads as the task's own status: `unreachable: [...]` made
owner_notice's host look unreachable, `failed: [...]` makes a task fail, `skipped` skips it."""
import importlib
import pkgutil

import pytest
import yaml

from ansible_collections.mssante.hygiene.plugins import modules

RESERVED = {"failed", "unreachable", "skipped", "skip_reason", "results", "rc"}
NAMES = sorted(name for _finder, name, _pkg in pkgutil.iter_modules(modules.__path__))


@pytest.mark.parametrize("name", NAMES)
def test_no_reserved_return_key(name):
    module = importlib.import_module("ansible_collections.mssante.hygiene.plugins.modules." + name)
    keys = set(yaml.safe_load(module.RETURN) or {})
    assert not keys & RESERVED, "%s renvoie %s" % (name, sorted(keys & RESERVED))
