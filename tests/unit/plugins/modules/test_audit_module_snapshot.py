# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""bal_audit reading the inventory snapshot by path (inventory_path) gives the audit the seven
arguments give; a snapshot it cannot trust fails the task in French; the timings say where time went."""

import json

from ansible_collections.mssante.hygiene.tests.unit.fr_messages import assert_plain_french
from ansible_collections.mssante.hygiene.tests.unit.plugins.modules.test_audit_module import lab_args, run
from ansible_collections.mssante.hygiene.plugins.module_utils import inventory_snapshot
from ansible_collections.mssante.hygiene.plugins.module_utils.audit.argspec import INVENTORY_KEYS

SOURCES = inventory_snapshot.sources_fingerprint({"test": "bal_audit"})


def snapshot_args(tmp_path, **extra):
    """(module arguments with inventory_path instead of the seven inventory ones, the snapshot's sha256)."""
    args = lab_args(**extra)
    inventory = {key: args.pop(key) for key in INVENTORY_KEYS if key in args}
    inventory.update(directory_counts={"accounts": len(inventory["accounts"])}, annuaire_complete=True)
    written = inventory_snapshot.write(str(tmp_path / "inventaire.json"), inventory, SOURCES, [])
    return dict(args, inventory_path=written["path"], inventory_sha256=written["sha256"]), written["sha256"]


def _undated(value, stamp):
    """`value` with this run's date (generated_at, first_seen of new findings) written as "maintenant"."""
    return json.loads(json.dumps(value, ensure_ascii=False).replace(json.dumps(stamp), '"maintenant"'))


def _report(directory):
    document = json.loads((directory / "audit.json").read_text("utf-8"))
    return _undated(document, document["generated_at"])


def _report_stamp(directory):
    return json.loads((directory / "audit.json").read_text("utf-8"))["generated_at"]


def test_the_snapshot_gives_the_audit_the_arguments_give(tmp_path):
    by_args = run(tmp_path, lab_args(report_dir=str(tmp_path / "args")))
    args, _sha = snapshot_args(tmp_path, report_dir=str(tmp_path / "path"))
    by_path = run(tmp_path, args)
    assert "failed" not in by_path
    assert _report(tmp_path / "path") == _report(tmp_path / "args")
    path_stamp, args_stamp = (_report_stamp(tmp_path / name) for name in ("path", "args"))
    assert _undated(by_path["findings"], path_stamp) == _undated(by_args["findings"], args_stamp)
    assert by_path["summary"] == by_args["summary"]
    assert list(by_path["timings"]) == ["load", "join", "history", "render", "write"]
    assert list(by_args["timings"]) == ["join", "history", "render", "write"]
    assert all(seconds >= 0 for seconds in by_path["timings"].values())


def test_a_snapshot_written_since_by_another_run_fails_in_french(tmp_path):
    args, sha = snapshot_args(tmp_path)
    result = run(tmp_path, dict(args, inventory_sha256="0" * 64))
    assert result.get("failed") is True and sha not in result["msg"]
    assert result["msg"].startswith("inventory_path : instantané %s : ce n'est pas celui" % args["inventory_path"])
    assert_plain_french(result["msg"], "inventory_path")


def test_a_cut_snapshot_fails_in_french(tmp_path):
    args, _sha = snapshot_args(tmp_path)
    with open(args["inventory_path"], "r+b") as handle:
        handle.truncate(200)
    result = run(tmp_path, args)
    assert result.get("failed") is True
    assert result["msg"].startswith("inventory_path : instantané %s incomplet ou corrompu" % args["inventory_path"])
    assert_plain_french(result["msg"], "inventory_path")


def test_a_missing_snapshot_fails_in_french(tmp_path):
    result = run(tmp_path, _only_path(tmp_path))
    assert result.get("failed") is True
    assert result["msg"] == "inventory_path : aucun instantané %s" % (tmp_path / "absent.json")


def _only_path(tmp_path):
    args = lab_args()
    for key in INVENTORY_KEYS:
        args.pop(key, None)
    return dict(args, inventory_path=str(tmp_path / "absent.json"))


def test_path_and_arguments_together_are_refused(tmp_path):
    args, _sha = snapshot_args(tmp_path)
    result = run(tmp_path, dict(args, accounts=[]))
    assert result.get("failed") is True
    assert "inventory_path" in result["msg"] and "accounts" in result["msg"]


def test_a_sha256_without_a_path_is_refused(tmp_path):
    result = run(tmp_path, lab_args(inventory_sha256="0" * 64))
    assert result.get("failed") is True and "inventory_path" in result["msg"]
