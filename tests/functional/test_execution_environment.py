# SPDX-License-Identifier: GPL-3.0-or-later
"""execution-environment.yml is a valid ansible-builder v3 definition (no container build here)."""
import os
import subprocess
import sys

from tests.functional.ansible_run import ROOT


def test_ansible_builder_creates_the_context(tmp_path):
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "mssante-hygiene.tar.gz").write_bytes(b"")  # stand-in for `make ee`'s artifact
    definition = tmp_path / "execution-environment.yml"
    definition.write_text(open(os.path.join(ROOT, "execution-environment.yml"), encoding="utf-8").read(),
                          encoding="utf-8")
    for name in ("requirements.txt", "bindep.txt"):
        (tmp_path / name).write_text(open(os.path.join(ROOT, name), encoding="utf-8").read(), encoding="utf-8")
    builder = os.path.join(os.path.dirname(sys.executable), "ansible-builder")
    subprocess.run([builder, "create", "-f", str(definition), "-c", str(tmp_path / "context")],
                   check=True, capture_output=True, cwd=str(tmp_path))
    containerfile = (tmp_path / "context" / "Containerfile")
    dockerfile = (tmp_path / "context" / "Dockerfile")
    text = (containerfile if containerfile.exists() else dockerfile).read_text(encoding="utf-8")
    assert "ansible-galaxy collection install /tmp/mssante-hygiene.tar.gz" in text
    assert (tmp_path / "context" / "_build" / "requirements.txt").exists()
