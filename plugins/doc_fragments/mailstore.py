# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Documentation fragment for the mail platform connection options (IMAP and doveadm)."""

from __future__ import annotations


class ModuleDocFragment:

    DOCUMENTATION = r"""
options:
  backend:
    description:
      - V(imap) talks IMAP to the platform as an admin (master user) on behalf of each mailbox.
      - V(doveadm) uses Dovecot's native tools, on the mail host (CLI) or remotely through the
        doveadm HTTP API when O(doveadm_api_key) is set. It is the fast path.
    type: str
    choices: [imap, doveadm]
    default: imap
  host:
    description:
      - IMAP server name, or doveadm HTTP API host. Required with O(backend=imap).
    type: str
  port:
    description:
      - TCP port. Defaults to 993 (V(tls)), 143 (V(starttls), V(none)) or 8080 (doveadm HTTP API).
    type: int
  security:
    description:
      - V(tls) is implicit TLS (IMAPS, or HTTPS for the doveadm API), V(starttls) upgrades a plain
        IMAP connection, V(none) sends everything in clear and is only acceptable on loopback.
    type: str
    choices: [tls, starttls, none]
    default: tls
  admin_user:
    description:
      - Master user allowed to open every mailbox.
    type: str
  admin_password:
    description:
      - Password of O(admin_user).
    type: str
  admin_login_form:
    description:
      - V(authzid) logs in with SASL PLAIN and the mailbox as authorization identity (RFC 4616).
      - V(separator) uses the Dovecot login form C(mailbox*admin) (see O(master_separator)).
    type: str
    choices: [authzid, separator]
    default: authzid
  master_separator:
    description:
      - The server's C(auth_master_user_separator), used with O(admin_login_form=separator).
    type: str
    default: '*'
  mailbox_passwords:
    description:
      - Per-mailbox credentials (login name to password), used instead of the admin for those mailboxes.
    type: dict
  mailboxes:
    description:
      - Mailboxes to process, by login name, or dicts with C(login) and optionally C(type)
        (PER, ORG, APP, CAB) and C(service), used by rule filters.
    type: list
    elements: raw
    required: true
  concurrency:
    description:
      - Mailboxes processed in parallel (IMAP sessions, or doveadm HTTP requests).
      - Beyond 8 nothing is gained on a 2-core server; the server is the bottleneck.
    type: int
    default: 8
  doveadm_bin:
    description:
      - Path of the doveadm program, for O(backend=doveadm) on the mail host.
    type: str
    default: doveadm
  doveadm_config:
    description:
      - Dovecot configuration file doveadm must use (C(doveadm -c)); the default one when omitted.
    type: path
  doveadm_api_key:
    description:
      - Key of the doveadm HTTP API (C(doveadm_api_key) on the server). Setting it selects the HTTP API.
    type: str
  doveadm_url:
    description:
      - Full URL of the doveadm HTTP API, instead of one built from O(host), O(port) and O(security).
    type: str
  folder_roles:
    description:
      - SPECIAL-USE role to folder name, or to a list of folder names, for the doveadm backend,
        for example C(\\Trash) to C([Éléments supprimés, Trash]) when the server declares both
        names (Outlook in French, Thunderbird or iOS).
      - Each mailbox is matched against every name of the role, and the folders of that user
        carrying it are used, whatever their names; a user having both has both as Trash
        (statistics and purge alike, as the IMAP backend sees them).
      - Read from the server configuration (every mailbox declaring the role) when doveadm runs
        locally.
    type: dict
  last_login_dict:
    description:
      - Dovecot dict URI holding the last_login plugin data (doveadm backend). Read from the
        server configuration when doveadm runs locally.
    type: str
  oauth:
    description:
      - OAuth 2.0 login (SASL XOAUTH2 or OAUTHBEARER) for platforms that refuse passwords, with
        O(backend=imap) only; O(admin_user) and O(admin_password) are then not needed.
      - Each mailbox is opened with the same bearer token, the mailbox login as user. Mailboxes
        listed in O(mailbox_passwords) still log in with their own password.
      - Give either O(oauth.token), or O(oauth.token_url) with O(oauth.client_id) and
        O(oauth.client_secret) (client-credentials grant). The token is fetched once per task,
        shared by every connection and renewed shortly before it expires.
      - The token endpoint is checked with the same TLS options as the IMAP server
        (O(validate_certs), O(ca_path), O(timeout)).
    type: dict
    suboptions:
      mechanism:
        description:
          - SASL mechanism. V(xoauth2) (Microsoft, Google) or V(oauthbearer) (RFC 7628).
        type: str
        choices: [xoauth2, oauthbearer]
        default: xoauth2
      token:
        description:
          - A bearer token already obtained (valid for the whole task). Never logged.
        type: str
      token_url:
        description:
          - HTTPS address of the token endpoint of the identity provider (client-credentials grant).
        type: str
      client_id:
        description:
          - Client (application) identifier, with O(oauth.token_url).
        type: str
      client_secret:
        description:
          - Client secret, with O(oauth.token_url). Sent with HTTP Basic authentication. Never logged.
        type: str
      scope:
        description:
          - Scope asked for the token, for example C(https://outlook.office365.com/.default).
        type: str
      user:
        description:
          - SASL user sent with the token, where C({mailbox}) stands for the mailbox login.
            Defaults to the mailbox login itself.
        type: str
"""
