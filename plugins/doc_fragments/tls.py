# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Documentation fragment for the TLS and timeout options every networked module shares."""

from __future__ import annotations


class ModuleDocFragment:

    DOCUMENTATION = r"""
options:
  validate_certs:
    description:
      - Verify the server certificate (chain and host name).
      - Leave V(true) in production; V(false) prints a warning on every run.
    type: bool
    default: true
  ca_path:
    description:
      - PEM file of the certificate authorities to trust, instead of the system store.
      - Use it for an internal PKI or the IGC-Santé chain.
    type: path
  timeout:
    description:
      - Seconds to wait for a connection or an answer before giving up on a server.
    type: int
    default: 30
"""
