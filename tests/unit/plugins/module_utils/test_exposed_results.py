# SPDX-License-Identifier: GPL-3.0-or-later
"""One variable put together from keys of others, never copied (expose_results)."""

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.exposed_results import ExposeError, assemble

FINDINGS = [{"address": "jean@ch.mssante.fr", "code": "inactive_mailbox"}]
PLAY = {"audit": {"findings": FINDINGS, "summary": {"findings": 1}}, "liste": [1, 2]}


def _lookup(_key, variable):
    if variable not in PLAY:
        raise ExposeError("la variable %s n'est pas définie" % variable)
    return PLAY[variable]


def test_parts_are_the_variables_own_values_and_values_are_added():
    exposed = assemble({"findings": "audit.findings", "summary": "audit.summary"}, {"trash_preview": {}}, _lookup)
    assert exposed == {"findings": FINDINGS, "summary": {"findings": 1}, "trash_preview": {}}
    assert exposed["findings"] is FINDINGS  # taken as it is: megabytes at 50,000 BAL


def test_a_value_is_the_default_of_a_missing_key_and_never_overrides_a_present_one():
    exposed = assemble({"report": "audit.report", "summary": "audit.summary"}, {"report": {}, "summary": {}}, _lookup)
    assert exposed == {"report": {}, "summary": {"findings": 1}}


@pytest.mark.parametrize("parts, said", [
    ({"report": "audit.report"}, "parts.report : la variable audit n'a pas de clé report"),
    ({"findings": "audit"}, "parts.findings : 'audit' ne nomme pas une clé de variable"),
    ({"findings": ".findings"}, "parts.findings : '.findings' ne nomme pas une clé de variable"),
    ({"n": "liste.length"}, "parts.n : la variable liste doit contenir un dictionnaire, elle contient : list"),
    ({"findings": "absent.findings"}, "la variable absent n'est pas définie"),
])
def test_what_cannot_be_read_fails_in_french_naming_the_part(parts, said):
    with pytest.raises(ExposeError) as error:
        assemble(parts, {}, _lookup)
    assert str(error.value).startswith(said)
