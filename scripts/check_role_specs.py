# SPDX-License-Identifier: GPL-3.0-or-later
"""Role variables: documented, and one default each.

- Every role variable in defaults/main.yml is documented in meta/argument_specs.yml, and back,
  with the same default in both (argument specs are what ansible-core validates and what
  ansible-doc shows to users).
- A variable several roles declare (mssante_state_dir, mssante_report_dir, mssante_safety,
  mssante_imap...) has the same default in each: roles of one play share their defaults, so two
  values would make the result depend on which role was loaded last.
- mssante_safety, mssante_trash and mssante_patient_documents defaults are those the
  checked_settings filter completes a partial inventory value with (plugins/module_utils/settings.py).
- A shared entry point (retention's `purge`, redlist's `request`) documents the role variables
  it reads with the role's own defaults, and has a task file of its name.
"""
import pathlib
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / ".colls"))  # ansible_collections.mssante.hygiene -> this checkout

from ansible_collections.mssante.hygiene.plugins.module_utils import settings  # noqa: E402

FILTER_DEFAULTS = {
    "mssante_safety": settings.SAFETY_SPEC,
    "mssante_trash": settings.TRASH_SPEC,
    "mssante_patient_documents": settings.PATIENT_DOCUMENTS_SPEC,
}


def load_role(role):
    """(defaults, argument spec options) of one role."""
    defaults_file = role / "defaults" / "main.yml"
    spec_file = role / "meta" / "argument_specs.yml"
    defaults = (yaml.safe_load(defaults_file.read_text(encoding="utf-8")) or {}) \
        if defaults_file.exists() else {}
    spec = yaml.safe_load(spec_file.read_text(encoding="utf-8"))
    return defaults, spec["argument_specs"]["main"].get("options", {})


def entry_point_problems(role, defaults):
    """Entry points other than main: a task file each, and the role's defaults for role variables."""
    specs = yaml.safe_load((role / "meta" / "argument_specs.yml").read_text(encoding="utf-8"))["argument_specs"]
    problems = []
    for entry, spec in sorted(specs.items()):
        if entry == "main":
            continue
        if not (role / "tasks" / ("%s.yml" % entry)).exists():
            problems.append("%s: entry point %s has no tasks/%s.yml" % (role.name, entry, entry))
        for var, option in sorted((spec.get("options") or {}).items()):
            if var in defaults and "default" in option and option["default"] != defaults[var]:
                problems.append("%s: entry point %s documents %s = %r, defaults/main.yml %r"
                                % (role.name, entry, var, option["default"], defaults[var]))
    return problems


def role_problems(name, defaults, options):
    problems = []
    for var in sorted(set(defaults) - set(options)):
        problems.append("%s: %s has a default but no argument spec" % (name, var))
    for var in sorted(set(options) - set(defaults)):
        if not options[var].get("required"):
            problems.append("%s: %s is specified but has no default" % (name, var))
    for var in sorted(set(options) & set(defaults)):
        if "default" in options[var] and options[var]["default"] != defaults[var]:
            problems.append("%s: %s defaults to %r in defaults/main.yml but %r in the argument spec"
                            % (name, var, defaults[var], options[var]["default"]))
    return problems


def shared_problems(declared):
    """declared: {variable: {role: default}}."""
    problems = []
    for var, by_role in sorted(declared.items()):
        values = []
        for role, value in sorted(by_role.items()):
            if value not in values:
                values.append(value)
        if len(values) > 1:
            problems.append("%s: different defaults in the roles (%s)" % (var, "; ".join(
                "%s: %r" % (role, value) for role, value in sorted(by_role.items()))))
    for var, spec in FILTER_DEFAULTS.items():
        expected = {key: item["default"] for key, item in spec.items() if "default" in item}
        for role, value in sorted(declared.get(var, {}).items()):
            if value != expected:
                problems.append("%s: %s declares %r, the checked_settings filter completes with %r"
                                % (var, role, value, expected))
    return problems


def main():
    problems = []
    declared = {}
    for role in sorted((ROOT / "roles").iterdir()):
        if not (role / "meta" / "argument_specs.yml").exists():
            problems.append("%s: meta/argument_specs.yml is missing" % role.name)
            continue
        defaults, options = load_role(role)
        problems += role_problems(role.name, defaults, options)
        problems += entry_point_problems(role, defaults)
        for var, value in defaults.items():
            declared.setdefault(var, {})[role.name] = value
    problems += shared_problems(declared)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
