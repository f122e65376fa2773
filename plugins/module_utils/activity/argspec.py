# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Argument spec of connection_file_info (also read by the filter that checks the inventory's
mssante_connection_file): the operator's file of last connections per BAL and how to read it."""

from __future__ import annotations

# ISO 8601, the French "JJ/MM/AAAA HH:MM[:SS]" (Paris time) and a Unix timestamp
DEFAULT_DATE_FORMATS = ["iso8601", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "epoch"]


def argument_spec():
    return {
        "path": {"type": "path", "required": True},
        "format": {"type": "str", "default": "auto", "choices": ["auto", "csv", "json"]},
        "encoding": {"type": "str", "default": "auto", "choices": ["auto", "utf-8", "cp1252"]},
        "delimiter": {"type": "str", "default": "auto", "choices": ["auto", ";", ","]},
        "address_column": {"type": "str", "default": "adresse"},
        "date_column": {"type": "str", "default": "derniere_connexion"},
        "other_columns": {"type": "list", "elements": "str", "default": []},
        "date_formats": {"type": "list", "elements": "str", "default": list(DEFAULT_DATE_FORMATS)},
        "timezone": {"type": "str", "default": "Europe/Paris", "choices": ["Europe/Paris", "UTC"]},
        "min_rows": {"type": "int", "default": 1},
        "max_malformed_ratio": {"type": "float", "default": 0.05},
    }
