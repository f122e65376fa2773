"""Generate docs/modules/*.md and docs/roles/*.md from the modules' and roles' own documentation.

The single source stays DOCUMENTATION/RETURN in each module and meta/argument_specs.yml in each
role; this renders them (through ansible-doc --json) as Markdown for readers without Ansible.
"""
import json
import os
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
NAMESPACE = "mssante.hygiene"
MARKUP = re.compile(r"\b([OVRMCIEP]|RV)\(((?:[^()]|\([^()]*\))*)\)")


def text(value):
    """Flatten Ansible semantic markup (O(x), V(y), ...) into Markdown code spans."""
    if isinstance(value, list):
        return " ".join(text(v) for v in value)
    return MARKUP.sub(lambda m: "`%s`" % m.group(2), str(value or "")).replace("|", "\\|")


def ansible_doc(*args):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(ROOT / ".colls"))
    binary = pathlib.Path(sys.executable).parent / "ansible-doc"
    return json.loads(subprocess.run([str(binary), "--json", *args], env=env, check=True,
                                     capture_output=True, text=True).stdout)


def option_rows(options, prefix=""):
    rows = []
    for name in sorted(options or {}):
        spec = options[name]
        kind = spec.get("type", "str")
        if spec.get("elements"):
            kind += " of " + spec["elements"]
        default = spec.get("default")
        rows.append("| `%s%s`%s | %s | %s | %s |" % (
            prefix, name, " (obligatoire)" if spec.get("required") else "", kind,
            "" if default is None else "`%s`" % json.dumps(default, ensure_ascii=False),
            text(spec.get("description"))))
        rows += option_rows(spec.get("suboptions") or spec.get("options"), prefix + name + ".")
    return rows


TABLE_HEAD = ["| Option | Type | Défaut | Description |", "|---|---|---|---|"]


def module_page(name):
    data = ansible_doc("%s.%s" % (NAMESPACE, name))["%s.%s" % (NAMESPACE, name)]
    doc = data["doc"]
    lines = ["# %s.%s — %s" % (NAMESPACE, name, text(doc["short_description"])), "",
             "*Généré depuis la documentation du module par `make docs` ; ne pas éditer.*", ""]
    lines += [text(d) + "\n" for d in doc.get("description", [])]
    lines += ["## Options", ""] + TABLE_HEAD + option_rows(doc.get("options")) + [""]
    if data.get("return"):
        lines += ["## Valeurs retournées", "", "| Clé | Type | Description |", "|---|---|---|"]
        lines += ["| `%s` | %s | %s |" % (key, spec.get("type", ""), text(spec.get("description")))
                  for key, spec in sorted(data["return"].items())] + [""]
    lines += ["## Exemples", "", "```yaml", (data.get("examples") or "").strip(), "```", ""]
    return "\n".join(lines)


def role_page(name):
    data = ansible_doc("-t", "role", "%s.%s" % (NAMESPACE, name))["%s.%s" % (NAMESPACE, name)]
    main = data["entry_points"]["main"]
    lines = ["# Rôle %s.%s — %s" % (NAMESPACE, name, text(main["short_description"])), "",
             "*Généré depuis meta/argument_specs.yml par `make docs` ; ne pas éditer.*", ""]
    lines += [text(d) + "\n" for d in main.get("description", [])]
    lines += ["## Variables", ""] + TABLE_HEAD + option_rows(main.get("options")) + [""]
    return "\n".join(lines)


def main():
    for kind, source, render in (("modules", ROOT / "plugins" / "modules", module_page),
                                 ("roles", ROOT / "roles", role_page)):
        out = ROOT / "docs" / kind
        out.mkdir(parents=True, exist_ok=True)
        names = sorted(p.stem if kind == "modules" else p.name for p in source.iterdir()
                       if (p.suffix == ".py" and not p.name.startswith("_")) or p.is_dir())
        for name in names:
            (out / ("%s.md" % name)).write_text(render(name), encoding="utf-8")
            print("docs/%s/%s.md" % (kind, name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
