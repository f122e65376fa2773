"""The collection builds into an artifact that installs and documents itself outside the checkout."""
import os
import subprocess
import sys
import tarfile

from tests.functional.ansible_run import ROOT

BIN = os.path.dirname(sys.executable)


def _run(*command, env=None, cwd=None):
    return subprocess.run(command, capture_output=True, text=True, check=True, env=env, cwd=cwd)


def test_build_install_and_document(tmp_path):
    installed = tmp_path / "installed"
    # outside the checkout: its ansible.cfg (collections_path = .colls) must not apply, or
    # ansible-galaxy would see the collection "already installed" there and install nothing
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(installed))
    env.pop("ANSIBLE_CONFIG", None)
    _run(os.path.join(BIN, "ansible-galaxy"), "collection", "build", "--force",
         "--output-path", str(tmp_path / "dist"), ROOT, cwd=str(tmp_path), env=env)
    artifact = next((tmp_path / "dist").glob("mssante-hygiene-*.tar.gz"))
    with tarfile.open(artifact) as archive:
        names = archive.getnames()
    assert "plugins/modules/directory_info.py" in names
    assert not any(n.startswith(("lab/", ".lab/", ".venv/", "bench/", ".colls/")) for n in names)

    _run(os.path.join(BIN, "ansible-galaxy"), "collection", "install", "--force", "-p",
         str(installed), str(artifact), cwd=str(tmp_path), env=env)
    doc = _run(os.path.join(BIN, "ansible-doc"), "mssante.hygiene.directory_info", env=env,
               cwd=str(tmp_path))
    assert str(installed) in doc.stdout and "server_uri" in doc.stdout
    role_doc = _run(os.path.join(BIN, "ansible-doc"), "-t", "role", "mssante.hygiene.inventory",
                    env=env, cwd=str(tmp_path))
    assert "mssante_ldap" in role_doc.stdout
