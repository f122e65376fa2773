"""Every role variable in defaults/main.yml is documented in meta/argument_specs.yml, and back.

Keeps the two files from drifting (argument specs are what ansible-core validates and what
ansible-doc shows to users).
"""
import pathlib
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main():
    problems = []
    for role in sorted((ROOT / "roles").iterdir()):
        defaults_file = role / "defaults" / "main.yml"
        spec_file = role / "meta" / "argument_specs.yml"
        if not spec_file.exists():
            problems.append("%s: meta/argument_specs.yml is missing" % role.name)
            continue
        defaults = yaml.safe_load(defaults_file.read_text(encoding="utf-8")) or {} \
            if defaults_file.exists() else {}
        spec = yaml.safe_load(spec_file.read_text(encoding="utf-8"))
        options = spec["argument_specs"]["main"].get("options", {})
        for name in sorted(set(defaults) - set(options)):
            problems.append("%s: %s has a default but no argument spec" % (role.name, name))
        for name in sorted(set(options) - set(defaults)):
            if not options[name].get("required"):
                problems.append("%s: %s is specified but has no default" % (role.name, name))
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
