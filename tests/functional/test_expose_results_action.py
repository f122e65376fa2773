# SPDX-License-Identifier: GPL-3.0-or-later
"""mssante.hygiene.expose_results through its action plugin, as the audit role calls it: keys of a
registered result and small values in one registered variable, kept from the console below -vvv;
what cannot be read fails in French, naming the part."""

from tests.functional.ansible_run import run_playbook

FINDINGS = [{"address": "jean.dupont@ch-exemple.mssante.fr", "code": "inactive_mailbox"}]


def _expose(parts, values=None):
    return {"name": "Exposer", "register": "constats",
            "mssante.hygiene.expose_results": {"parts": parts, "values": values or {}}}


def test_the_registered_variable_holds_the_parts_and_the_values(tmp_path):
    tasks = [{"name": "Poser", "ansible.builtin.set_fact": {"resultat": {"findings": FINDINGS, "summary": {"n": 1}}}},
             _expose({"findings": "resultat.findings", "summary": "resultat.summary", "report": "resultat.report"},
                     {"report": {}, "trash_preview": {"messages": 3}}),
             {"name": "Montrer", "ansible.builtin.debug": {"var": "constats"}}]
    code, results = run_playbook(tmp_path, tasks)
    assert code == 0, results
    assert results[1]["censored"] and "findings" not in results[1]  # personal data: not on the console below -vvv
    exposed = results[2]["constats"]
    assert exposed["findings"] == FINDINGS and exposed["summary"] == {"n": 1}
    assert exposed["report"] == {} and exposed["trash_preview"] == {"messages": 3}


def test_an_undefined_variable_or_a_missing_key_fails_in_french(tmp_path):
    code, results = run_playbook(tmp_path, [_expose({"findings": "jamais_pose.findings"})])
    assert code != 0
    assert results[-1]["msg"].startswith("parts.findings : la variable jamais_pose n'est pas définie")
    tasks = [{"name": "Poser", "ansible.builtin.set_fact": {"resultat": {"summary": {}}}},
             _expose({"findings": "resultat.findings"})]
    code, results = run_playbook(tmp_path, tasks)
    assert code != 0 and results[-1]["msg"].startswith("parts.findings : la variable resultat n'a pas de clé findings")
