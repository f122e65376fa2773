# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Errors of the mail platform engine, each with a sentence that names the problem."""

from __future__ import annotations


class MailstoreError(Exception):
    """A mailbox-level problem: that mailbox is listed in `failures`, the run goes on."""


class ConnectError(MailstoreError):
    """The server could not be reached or dropped the connection (retry later)."""


class AuthError(MailstoreError):
    """The server refused the credentials (wrong admin password, unknown mailbox)."""


class UnsupportedServer(MailstoreError):
    """The server lacks a capability the operation needs (e.g. UIDPLUS)."""


class ConfigError(ValueError):
    """Wrong module parameters: the whole call fails, naming the parameter."""
