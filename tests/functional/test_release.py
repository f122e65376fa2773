"""The collection builds into an artifact that installs, documents itself and runs the audit
outside the checkout."""
import os
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
def installed(tmp_path_factory):
    """(collections path of the installed artifact, environment without the checkout's config)."""
    work = tmp_path_factory.mktemp("release")
    path = work / "installed"
    # outside the checkout: its ansible.cfg (collections_path = .colls) must not apply, or
    # ansible-galaxy would see the collection "already installed" there and install nothing
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(path))
    env.pop("ANSIBLE_CONFIG", None)
    _run(os.path.join(BIN, "ansible-galaxy"), "collection", "build", "--force",
         "--output-path", str(work / "dist"), ROOT, cwd=str(work), env=env)
    artifact = next((work / "dist").glob("mssante-hygiene-*.tar.gz"))
    with tarfile.open(artifact) as archive:
        names = archive.getnames()
    assert "plugins/modules/directory_info.py" in names
    assert not any(n.startswith(("lab/", ".lab/", ".venv/", "bench/", ".colls/")) for n in names)
    _run(os.path.join(BIN, "ansible-galaxy"), "collection", "install", "--force", "-p",
         str(path), str(artifact), cwd=str(work), env=env)
    return path, env, work


def test_installed_collection_documents_itself(installed):
    path, env, work = installed
    doc = _run(os.path.join(BIN, "ansible-doc"), "mssante.hygiene.directory_info", env=env,
               cwd=str(work))
    assert str(path) in doc.stdout and "server_uri" in doc.stdout
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
