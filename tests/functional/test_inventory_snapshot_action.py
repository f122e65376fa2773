# SPDX-License-Identifier: GPL-3.0-or-later
"""mssante.hygiene.inventory_snapshot through its action plugin: the inventory named by
inventory_from (read as the play holds it, not templated again) gives the very file the
inventory argument gives; leave_out keeps dated keys
out; a wrong name fails in French."""


from ansible_collections.mssante.hygiene.plugins.module_utils.inventory_snapshot import read
from tests.functional.ansible_run import run_playbook

INVENTORY = {"accounts": [{"mails": ["jean.dupont@ch-exemple.mssante.fr"], "service": "Cardiologie"}],
             "mailboxes": [{"mailbox": "jean.dupont@ch-exemple.mssante.fr", "trash_messages": 3}],
             "annuaire_completeness": {"read_at": "2026-12-03T10:00:00+01:00"}}


def _write(path, **how):
    return {"name": "Écrire", "mssante.hygiene.inventory_snapshot": dict(path=str(path), sources="x", **how),
            "register": "written"}


def test_inventory_from_writes_the_file_the_inventory_argument_writes(tmp_path):
    kept = dict((key, value) for key, value in INVENTORY.items() if key != "annuaire_completeness")
    tasks = [{"name": "Poser", "ansible.builtin.set_fact": {"inventaire": INVENTORY}},
             _write(tmp_path / "par_nom.json", inventory_from="inventaire", leave_out=["annuaire_completeness"]),
             _write(tmp_path / "par_argument.json", inventory=kept)]
    code, results = run_playbook(tmp_path, tasks)
    assert code == 0, results
    by_name, by_argument = results[1], results[2]
    assert by_name["changed"] and by_name["sha256"] == by_argument["sha256"]
    assert (tmp_path / "par_nom.json").read_bytes() == (tmp_path / "par_argument.json").read_bytes()
    assert "annuaire_completeness" not in read(str(tmp_path / "par_nom.json"))["inventory"]


def test_an_undefined_variable_fails_in_french_and_writes_nothing(tmp_path):
    code, results = run_playbook(tmp_path, [_write(tmp_path / "inventaire.json", inventory_from="mssante_inventaire")])
    assert code != 0
    assert results[-1]["msg"].startswith("inventory_from : la variable mssante_inventaire n'est pas définie")
    assert not (tmp_path / "inventaire.json").exists()


def test_a_variable_that_is_no_inventory_fails_in_french(tmp_path):
    tasks = [{"name": "Poser", "ansible.builtin.set_fact": {"inventaire": ["pas", "un", "dictionnaire"]}},
             _write(tmp_path / "inventaire.json", inventory_from="inventaire")]
    code, results = run_playbook(tmp_path, tasks)
    assert code != 0
    assert "doit contenir un dictionnaire" in results[-1]["msg"]
