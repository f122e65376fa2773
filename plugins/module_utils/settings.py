# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Inventory settings (mssante_ldap, mssante_safety...) checked against the options they feed.

A key nobody reads would be ignored silently (a typo in a safety setting, a password under the
wrong name): every key must be an option of the module the setting feeds, or one of the keys the
roles read, and a typo is answered with the closest valid key, in French.

Settings that feed a module (mssante_ldap, mssante_annuaire, mssante_imap, mssante_connection_file) keep their values as
given: the module converts and checks them. Settings the roles read themselves (mssante_safety,
mssante_trash) and the patient-document guard (mssante_patient_documents, a dict within a dict)
are converted here and completed with their defaults, because an inventory that gives one key
replaces the whole role default.

The retention rules (mssante_retention_rules) are checked rule by rule: known keys, and a valid
patient-document policy.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError
from ansible_collections.mssante.hygiene.plugins.module_utils.activity.argspec import (
    argument_spec as connection_file_spec)
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.argspec import (
    argument_spec as annuaire_spec)
from ansible_collections.mssante.hygiene.plugins.module_utils.directory.argspec import (
    argument_spec as directory_spec)
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import closest
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.argspec import (
    DOCUMENT_POLICIES, connection_spec, patient_documents_spec, purge_spec)

# The defaults every role declares (scripts/check_role_specs.py compares them with these).
SAFETY_SPEC = {
    "max_delete_ratio": {"type": "float", "default": 0.5},
    "max_run_delete_ratio": {"type": "float", "default": 1.0},
    "failure_threshold": {"type": "float", "default": 0.1},
    "export_eml": {"type": "bool", "default": False},
}
TRASH_SPEC = {
    "enabled": {"type": "bool", "default": True},
    "older_than_days": {"type": "int", "default": 30},
    "date": {"type": "str", "choices": ["saved", "received"], "default": "saved"},
    "keep_flagged": {"type": "bool", "default": True},
    # a patient document in the trash waits for its transfer like anywhere else
    "patient_documents": {"type": "str", "choices": list(DOCUMENT_POLICIES), "default": "keep"},
}


def _role_spec(options):
    """A module's suboptions as a role setting's spec: a nested dict the module completes
    (apply_defaults) gets its suboptions' defaults as its own default, as the roles declare it."""
    spec = {}
    for key, item in options.items():
        item = dict(item)
        if "options" in item:
            item["options"] = _role_spec(item["options"])
            if item.pop("apply_defaults", False):
                item["default"] = dict((name, sub["default"]) for name, sub in item["options"].items()
                                       if "default" in sub)
        spec[key] = item
    return spec


# What a patient document is and what proves it integrated (architecture.md §5): the option of
# mailstore_info and mailstore_purge, one definition of its defaults.
PATIENT_DOCUMENTS_SPEC = _role_spec(patient_documents_spec()["options"])

NAMES = ("mssante_ldap", "mssante_annuaire", "mssante_imap", "mssante_safety", "mssante_trash",
         "mssante_patient_documents", "mssante_connection_file")


class SettingsError(MssanteError, ValueError):
    """An inventory setting the roles cannot use; the message names it, in French."""


@dataclass(frozen=True)
class Setting:
    spec: dict  # option name -> argument spec (type, default, choices)
    role_keys: tuple = ()  # read by the roles themselves: accepted, left out of the options
    set_by_role: dict = field(default_factory=dict)  # option -> where the role takes it from
    read_by_roles: bool = False  # converted and completed with the defaults here


def _without(spec, names):
    return {name: value for name, value in spec.items() if name not in names}


def setting(name):
    """The Setting of inventory variable `name`."""
    if name == "mssante_ldap":
        return Setting(_without(directory_spec(), ("domains",)), set_by_role={"domains": "mssante_domains"})
    if name == "mssante_annuaire":
        by_role = {"domains": "mssante_domains", "organizations": "mssante_establishment",
                   "practitioners": "mssante_ldap", "state_dir": "mssante_state_dir"}
        return Setting(_without(annuaire_spec(), by_role), set_by_role=by_role)
    if name == "mssante_imap":
        by_role = {"mailboxes": "mssante_mailboxes ou l'inventaire", "patient_documents": "mssante_patient_documents"}
        spec = {key: value for key, value in _without(connection_spec(), by_role).items() if not value.get("required")}
        return Setting(spec, role_keys=("batch_size", "discover"), set_by_role=by_role)
    if name == "mssante_connection_file":
        return Setting(connection_file_spec())
    if name == "mssante_safety":
        return Setting(SAFETY_SPEC, read_by_roles=True)
    if name == "mssante_trash":
        return Setting(TRASH_SPEC, read_by_roles=True)
    if name == "mssante_patient_documents":
        return Setting(PATIENT_DOCUMENTS_SPEC, read_by_roles=True)
    raise SettingsError("réglage inconnu « %s » ; réglages contrôlés : %s" % (name, ", ".join(NAMES)))


def _hint(word, candidates):
    near = closest(word, candidates)
    return " (vouliez-vous dire « %s » ?)" % near if near else ""


def unknown_key_message(name, key, valid):
    return "%s : clé inconnue « %s »%s ; clés valides : %s" % (name, key, _hint(key, valid), ", ".join(valid))


_KINDS = {str: "un texte", bool: "un booléen", int: "un nombre", float: "un nombre", list: "une liste",
          Mapping: "un dictionnaire"}


def _kind(value):
    for kind, words in _KINDS.items():
        if isinstance(value, kind):
            return words
    return "une valeur simple"


def _is_empty(value):
    return value is None or (isinstance(value, (str, Mapping)) and len(value) == 0)


def check_keys(name, value):
    """The Setting of `name` once every key of `value` is known; SettingsError otherwise."""
    found = setting(name)
    if not isinstance(value, Mapping):
        raise SettingsError("%s doit être un dictionnaire (clé: valeur), pas %s" % (name, _kind(value)))
    valid = sorted(set(found.spec) | set(found.role_keys))
    for key in sorted(value, key=str):
        if key in found.set_by_role:
            raise SettingsError("%s : clé « %s » à retirer : le rôle la donne d'après %s"
                                % (name, key, found.set_by_role[key]))
        if key not in valid:
            raise SettingsError(unknown_key_message(name, str(key), valid))
    return found


_TRUE = ("true", "yes", "on", "1", "oui")
_FALSE = ("false", "no", "off", "0", "non")
_TYPE_WORDS = {"bool": "true ou false", "int": "un nombre entier", "float": "un nombre",
               "str": "un texte", "list": "une liste", "dict": "un dictionnaire"}


def _convert(kind, value):
    """`value` as type `kind` (str, int, float, bool), as Ansible converts options; ValueError."""
    if kind == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE or text in _FALSE:
            return text in _TRUE
        raise ValueError(value)
    if kind in ("int", "float") and isinstance(value, bool):
        raise ValueError(value)
    if kind == "int":
        number = float(value)
        if number != int(number):
            raise ValueError(value)
        return int(number)
    if kind == "float":
        return float(value)
    if kind == "str" and not isinstance(value, (Mapping, list)):
        return str(value)
    if kind == "path" and not isinstance(value, (Mapping, list, bool)):
        return str(value)
    if kind == "list" and isinstance(value, str):
        return [value]  # Jinja may hand over a lone string
    if kind in ("list", "dict", "raw"):
        return value
    raise ValueError(value)


def _texts(name, key, values):
    """A list of non-empty texts (file names, prefixes, keywords)."""
    for index, item in enumerate(values):
        if isinstance(item, (Mapping, list, bool)) or item is None or not str(item).strip():
            got = "" if isinstance(item, str) else ", pas %s" % ("une valeur vide" if item is None else _kind(item))
            raise SettingsError("%s.%s[%d] : il faut un texte non vide%s" % (name, key, index, got))
    return [str(item) for item in values]


def _checked_value(name, key, spec, value):
    kind = spec.get("type", "raw")
    if kind == "dict" and "options" in spec:
        return _completed("%s.%s" % (name, key), spec["options"], value)
    try:
        value = _convert(kind, value)
        if kind == "list" and not isinstance(value, list):
            raise ValueError(value)
    except (TypeError, ValueError):
        expected = _TYPE_WORDS.get(kind, "une valeur permise")
        if isinstance(value, (Mapping, list)):  # never a Python repr in a message
            raise SettingsError("%s.%s : il faut %s, pas %s" % (name, key, expected, _kind(value))) from None
        raise SettingsError("%s.%s : « %s » n'est pas %s" % (name, key, value, expected)) from None
    if spec.get("elements") == "str":
        value = _texts(name, key, value)
    choices = spec.get("choices")
    if choices and value not in choices:
        raise SettingsError("%s.%s : « %s » n'est pas permis%s ; valeurs permises : %s" % (
            name, key, value, _hint(str(value), choices), ", ".join(choices)))
    return value


def checked(name, value):
    """The options `value` (the inventory's `name`) gives, once checked.

    Empty values (null, "", {}) are left out so that the default applies; false and 0 are kept.
    Role-read settings come back converted and completed with their defaults.
    """
    if value is None:
        value = {}
    found = check_keys(name, value)
    given = {key: item for key, item in value.items()
             if key not in found.role_keys and not _is_empty(item)}
    if not found.read_by_roles:
        return given
    return _completed(name, found.spec, given)


def _completed(name, spec, value):
    """`value` converted key by key and completed with the defaults of `spec`; unknown keys refused."""
    if value is None:
        value = {}
    if not isinstance(value, Mapping):
        raise SettingsError("%s doit être un dictionnaire (clé: valeur), pas %s" % (name, _kind(value)))
    for key in sorted(value, key=str):
        if key not in spec:
            raise SettingsError(unknown_key_message(name, str(key), sorted(spec)))
    result = {}
    for key, item_spec in spec.items():
        if key in value and not _is_empty(value[key]):
            result[key] = _checked_value(name, key, item_spec, value[key])
        elif "default" in item_spec:
            result[key] = copy.deepcopy(item_spec["default"])
    return result


def _rule_options():
    return dict(purge_spec()["rules"]["options"])


def checked_rules(name, rules):
    """The retention rules `rules` (the inventory's `name`), each with known keys and a valid policy.

    Returned as given: the module converts and checks the other values.
    """
    if rules is None:
        return []
    if not isinstance(rules, list):
        raise SettingsError("%s doit être une liste de règles, pas %s" % (name, _kind(rules)))
    options = _rule_options()
    result = []
    for index, rule in enumerate(rules):
        where = "%s[%d]" % (name, index)
        if not isinstance(rule, Mapping):
            raise SettingsError("%s doit être un dictionnaire (clé: valeur), pas %s" % (where, _kind(rule)))
        for key in sorted(rule, key=str):
            if key not in options:
                raise SettingsError(unknown_key_message(where, str(key), sorted(options)))
        if rule.get("patient_documents") is not None:
            _checked_value(where, "patient_documents", options["patient_documents"], rule["patient_documents"])
        result.append(dict(rule))
    return result
