# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Argument spec of directory_info (also read by the filter that checks the inventory's mssante_ldap),
and the one function that turns the module's options into the engine's typed configuration."""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.directory.reader import DEFAULT_ATTRIBUTE_MAP, DirectoryConfig
from ansible_collections.mssante.hygiene.plugins.module_utils.options import options_from
from ansible_collections.mssante.hygiene.plugins.module_utils.tls_options import tls_argument_spec

ATTRIBUTE_MAP_SPEC = {key: {"type": "str", "default": value}
                      for key, value in DEFAULT_ATTRIBUTE_MAP.items()}


def argument_spec():
    return dict(tls_argument_spec(), **{
        "server_uri": {"type": "list", "elements": "str", "required": True},
        "bind_dn": {"type": "str", "default": ""},
        "bind_pw": {"type": "str", "default": "", "no_log": True},
        "start_tls": {"type": "bool", "default": False},
        "dn": {"type": "str", "required": True},
        "scope": {"type": "str", "default": "subtree", "choices": ["base", "onelevel", "subtree"]},
        "filter": {"type": "str", "default": ""},
        "domains": {"type": "list", "elements": "str", "default": []},
        "mails": {"type": "list", "elements": "str", "default": []},
        "page_size": {"type": "int", "default": 500},
        "max_entries": {"type": "int", "default": 200000},
        "attribute_map": {"type": "dict", "default": {}, "options": ATTRIBUTE_MAP_SPEC},
        "disabled_values": {"type": "list", "elements": "str", "default": []},
    })


def config_from(params):
    """DirectoryConfig from directory_info's options (argspec defaults for the options not given)."""
    params = options_from(argument_spec(), params)
    return DirectoryConfig(
        server_uris=params["server_uri"], base=params["dn"], bind_dn=params["bind_dn"],
        bind_pw=params["bind_pw"], start_tls=params["start_tls"],
        validate_certs=params["validate_certs"], ca_path=params["ca_path"] or "",
        timeout=params["timeout"], scope=params["scope"], user_filter=params["filter"],
        domains=params["domains"], addresses=params["mails"], page_size=params["page_size"],
        max_entries=params["max_entries"], attribute_map=params["attribute_map"],
        disabled_values=params["disabled_values"])
