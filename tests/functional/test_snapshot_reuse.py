# SPDX-License-Identifier: GPL-3.0-or-later
"""Read once, act many times (issue 20): purge_trash.yml reuses the audit's inventory snapshot.

One lab, in order: the audit writes inventaire.json; purge_trash.yml takes its mailbox list from it
without reading LDAP, the Annuaire Santé or the platform's statistics, purges what the audit's
preview announced, and a rerun changes nothing. A snapshot cut in half, edited, too old or read
with other settings is refused with its French reason and the inventory is read again (and the
snapshot rewritten, outside check mode); --check reuses and writes nothing.
"""
import os
import re

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.inventory_snapshot import read
from tests.functional.demo_playbook import lab_fixture
from tests.functional.faults.helpers import assert_completes, run_lab

LAB = "pytest-snapshot-reuse"
lab_state = lab_fixture(LAB, staff=12)

REUSED = re.compile(r"Inventaire repris de l'instantané du \d\d/\d\d/\d{4} à \d\d:\d\d \(il y a [^,]+, \d+ BAL\) : "
                    r"LDAP, Annuaire Santé et plateforme ne sont pas relus ; mssante_snapshot_max_age: 4h")
PREVIEW = re.compile(r"Corbeilles : (\d+) messages? \([^)]*\) seraient? purgés?")
PURGED = re.compile(r"Corbeilles : (\d+) messages? supprimés?")
# the three sources' tasks (directory_info, annuaire_info, mailstore_info)
SOURCE_TASKS = ("Lire les comptes de l'annuaire LDAP", "Lire ce que l'Annuaire Santé publie",
                "Mesurer l'usage réel de chaque BAL")
WRITE_TASK = "Écrire l'instantané de l'inventaire"


def ran(output, words):
    """Whether a task whose name holds `words` ran (not skipped) in the output."""
    return any(words in block.split("]", 1)[0] and "\nskipping:" not in block for block in output.split("TASK [")[1:])


def path_of(state):
    return os.path.join(state["directory"], "state", "inventaire.json")


def file_state(path):
    with open(path, "rb") as handle:
        return handle.read(), os.stat(path).st_mtime


@pytest.fixture(scope="module")
def audited(lab_state):
    run = run_lab(lab_state, "audit.yml")
    assert_completes(run)
    preview = PREVIEW.search(run.output)
    assert preview, run.output[-4000:]
    return int(preview.group(1))


def test_purge_reuses_the_audit_snapshot_and_purges_what_it_announced(lab_state, audited):
    before = file_state(path_of(lab_state))
    # the audit's preview kept its selection (doveadm, one file per batch); the purge takes it back
    plans = os.path.join(lab_state["directory"], "state", "plans", "trash")
    assert len(os.listdir(plans)) == 1
    purge = run_lab(lab_state, "purge_trash.yml")
    assert_completes(purge)
    assert re.search(r"Sélection reprise de l'aperçu de l'audit pour \d+ dossiers?, 0 relu sur la plateforme",
                     purge.output), purge.output[-3000:]
    assert os.listdir(plans) == []  # a plan serves once
    assert REUSED.search(purge.output), purge.output[-4000:]
    assert not [task for task in SOURCE_TASKS + (WRITE_TASK,) if ran(purge.output, task)]
    purged = PURGED.search(purge.output)
    assert purged and int(purged.group(1)) == audited > 0, purge.output[-3000:]
    assert file_state(path_of(lab_state))[0] == before[0]
    # the batch's progress, for a DSI following it with tail -f, ends with the batch's total
    with open(os.path.join(lab_state["directory"], "reports", "journal", "trash-progression.txt"),
              encoding="utf-8") as handle:
        last = handle.read().splitlines()[-1]
    assert re.search(r"— Corbeilles, lot 1/1 terminé : (\d+) / \1 BAL, %d messages? sélectionnés?, %d supprimés?, 0 échec$"
                     % (audited, audited), last), last
    again = run_lab(lab_state, "purge_trash.yml")
    assert_completes(again)
    assert REUSED.search(again.output) and again.changed == 0, again.output[-3000:]


def test_check_mode_reuses_and_writes_nothing(lab_state, audited):
    before = file_state(path_of(lab_state))
    check = run_lab(lab_state, "purge_trash.yml", "--check")
    assert_completes(check)
    assert REUSED.search(check.output) and not ran(check.output, SOURCE_TASKS[0])
    assert file_state(path_of(lab_state)) == before


def _cut(raw):
    return raw[: len(raw) // 2]


def _edited(raw):
    return raw.replace(b'"mailbox":"', b'"mailbox":"x', 1)


@pytest.mark.parametrize("damage, reason", [(_cut, "incomplet ou corrompu"), (_edited, "empreinte SHA-256")])
def test_damaged_snapshot_is_refused_and_rebuilt(lab_state, audited, damage, reason):
    path = path_of(lab_state)
    good = file_state(path)[0]
    with open(path, "wb") as handle:
        handle.write(damage(good))
    run = run_lab(lab_state, "purge_trash.yml")
    assert_completes(run)
    refused = re.search(r"Instantané non réutilisé : (.*), inventaire complet relu", run.output)
    assert refused and reason in refused.group(1) and path in refused.group(1), run.output[-4000:]
    assert all(ran(run.output, task) for task in SOURCE_TASKS + (WRITE_TASK,))
    assert read(path, expect_sha256=None)["inventory"]["mailboxes"]  # rebuilt, whole again


@pytest.mark.parametrize("extra, reason", [
    ({"mssante_snapshot_max_age": "0"}, "mssante_snapshot_max_age vaut 0"),
    ({"mssante_domains": ["ch-exemple.mssante.fr", "autre.mssante.fr"]}, "autres sources"),
])
def test_old_or_foreign_snapshot_is_refused_and_read_again(lab_state, audited, extra, reason):
    before = file_state(path_of(lab_state))
    run = run_lab(lab_state, "purge_trash.yml", "--check", **extra)
    assert_completes(run)
    refused = re.search(r"Instantané non réutilisé : (.*), inventaire complet relu", run.output)
    assert refused and reason in refused.group(1), run.output[-4000:]
    assert all(ran(run.output, task) for task in SOURCE_TASKS)
    assert file_state(path_of(lab_state)) == before  # --check: read again, nothing written
