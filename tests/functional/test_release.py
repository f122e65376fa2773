# SPDX-License-Identifier: GPL-3.0-or-later
"""The collection builds into an artifact that installs, documents itself and runs the audit
outside the checkout."""
import json
import os
import posixpath
import re
import subprocess
import sys
import tarfile

import pytest

from lab import stack
from tests.functional.ansible_run import ROOT

BIN = os.path.dirname(sys.executable)


def _run(*command, env=None, cwd=None):
    return subprocess.run(command, capture_output=True, text=True, check=True, env=env, cwd=cwd)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(work directory, built artifact, environment without the checkout's config)."""
    work = tmp_path_factory.mktemp("release")
    # outside the checkout: its ansible.cfg (collections_path = .colls) must not apply, or
    # ansible-galaxy would see the collection "already installed" there and install nothing
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(work / "installed"))
    env.pop("ANSIBLE_CONFIG", None)
    _run(os.path.join(BIN, "ansible-galaxy"), "collection", "build", "--force",
         "--output-path", str(work / "dist"), ROOT, cwd=str(work), env=env)
    return work, next((work / "dist").glob("mssante-hygiene-*.tar.gz")), env


@pytest.fixture(scope="module")
def installed(built):
    """(collections path of the installed artifact, environment without the checkout's config)."""
    work, artifact, env = built
    path = work / "installed"
    with tarfile.open(artifact) as archive:
        names = archive.getnames()
    assert "plugins/modules/directory_info.py" in names
    assert not any(n.startswith(("lab/", ".lab/", ".venv/", "bench/", ".colls/")) for n in names)
    _run(os.path.join(BIN, "ansible-galaxy"), "collection", "install", "--force", "-p",
         str(path), str(artifact), cwd=str(work), env=env)
    return path, env, work


def _archive_json(archive, name):
    return json.loads(archive.extractfile(name).read().decode("utf-8"))


def test_artifact_ships_the_licence(built):
    artifact = built[1]
    with tarfile.open(artifact) as archive:
        licence = archive.extractfile("LICENSE").read()
        manifest = _archive_json(archive, "MANIFEST.json")
        files = {entry["name"]: entry for entry in _archive_json(archive, "FILES.json")["files"]}
    with open(os.path.join(ROOT, "LICENSE"), "rb") as handle:
        assert licence == handle.read()
    assert b"GNU GENERAL PUBLIC LICENSE" in licence and b"Version 3, 29 June 2007" in licence
    info = manifest["collection_info"]
    assert info["license"] == ["GPL-3.0-or-later"]
    # no link to a forge that does not exist
    assert not [key for key in ("repository", "documentation", "issues") if info.get(key)]
    assert "example.invalid" not in json.dumps(manifest)
    assert files["LICENSE"]["ftype"] == "file" and files["LICENSE"]["chksum_sha256"]


def test_artifact_ships_the_guide_with_working_links(built):
    """README, CONTRIBUTING and docs/ are read in the installed collection too: every relative link resolves."""
    artifact = built[1]
    with tarfile.open(artifact) as archive:
        names = set(archive.getnames())
        pages = {name: archive.extractfile(name).read().decode("utf-8") for name in names
                 if name in ("README.md", "CONTRIBUTING.md") or (name.startswith("docs/") and name.endswith(".md"))}
    assert {"docs/reference/index.rst", "docs/reference/mailstore_purge_module.rst",
            "CHANGELOG.rst", "requirements.txt", "docs/installation-production.md", "CONTRIBUTING.md"} <= names
    assert "docs/antsibull-docs.cfg" not in names
    broken = []
    for name, text in sorted(pages.items()):
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            path = target.split("#")[0]
            if path and not re.match(r"[a-z]+:", path):
                resolved = posixpath.normpath(posixpath.join(posixpath.dirname(name), path))
                if resolved not in names and not any(n.startswith(resolved + "/") for n in names):
                    broken.append("%s -> %s" % (name, target))
    assert not broken, broken


def test_installed_collection_documents_itself(installed):
    path, env, work = installed
    doc = _run(os.path.join(BIN, "ansible-doc"), "mssante.hygiene.directory_info", env=env,
               cwd=str(work))
    assert str(path) in doc.stdout and "server_uri" in doc.stdout
    purge_doc = _run(os.path.join(BIN, "ansible-doc"), "mssante.hygiene.mailstore_purge", env=env,
                     cwd=str(work))
    assert "journal_path" in purge_doc.stdout
    role_doc = _run(os.path.join(BIN, "ansible-doc"), "-t", "role", "mssante.hygiene.inventory",
                    env=env, cwd=str(work))
    assert "mssante_ldap" in role_doc.stdout


def test_installed_collection_runs_the_audit(installed):
    path, env, work = installed
    state = stack.up("pytest-release", staff=12)
    try:
        run_env = dict(env, MSSANTE_LAB_DIR=state["directory"])
        proc = subprocess.run([os.path.join(BIN, "ansible-playbook"), "-i",
                               os.path.join(ROOT, "inventories", "demo"), "mssante.hygiene.audit"],
                              env=run_env, cwd=str(work), capture_output=True, text=True, check=False)
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-1000:]
        assert str(path) in _run(os.path.join(BIN, "ansible-galaxy"), "collection", "list",
                                 "mssante.hygiene", env=env, cwd=str(work)).stdout
        assert os.path.exists(os.path.join(state["directory"], "reports", "audit.html"))
    finally:
        stack.down("pytest-release")
