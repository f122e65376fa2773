# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The TLS option bundle (validate_certs, ca_path, timeout) of every networked module, in one place.

Twin of the doc fragment mssante.hygiene.tls: same options, same types, same defaults (a unit
test and validate-modules hold them together). `tls_client` is the one check of those options.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.tls import (
    TlsConfigError, client_context, insecure_warning, tls_conflict)


def tls_argument_spec():
    """validate_certs, ca_path and timeout, as every networked module declares them."""
    return dict(
        validate_certs=dict(type="bool", default=True),
        ca_path=dict(type="path"),
        timeout=dict(type="int", default=30),
    )


def tls_client(params, server, connects=True, build=True):
    """(context, warning) from the TLS options; TlsConfigError names the option when they cannot work.

    `server` says in French which server the warning is about; `connects` is false when this run
    opens no TLS connection (no warning, no context); `build` false leaves the context to a library
    that makes its own (ldap3).
    """
    conflict = tls_conflict(params["validate_certs"], params["ca_path"])
    if conflict:
        raise TlsConfigError(conflict, parameter="validate_certs")
    if not connects:
        return None, ""
    warning = "" if params["validate_certs"] else insecure_warning(server)
    if not build:
        return None, warning
    try:
        return client_context(params["validate_certs"], params["ca_path"]), warning
    except TlsConfigError as exc:
        exc.parameter = "ca_path"
        raise
