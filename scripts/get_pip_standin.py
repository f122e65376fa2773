# SPDX-License-Identifier: GPL-3.0-or-later
"""Offline stand-in for ansible-test's get-pip download.

ansible-test bootstraps pip in each sanity venv from a file it downloads unless a cached copy
exists; we provide that copy. ensurepip runs in a child process because it sets
PIP_CONFIG_FILE=/dev/null in its own environment, which would drop /etc/pip.conf.
"""
import subprocess
import sys

subprocess.check_call([sys.executable, "-m", "ensurepip", "--upgrade", "--default-pip"])
ARGS = [a for a in sys.argv[1:] if a not in ("--no-setuptools", "--no-wheel")]
subprocess.check_call([sys.executable, "-m", "pip", "install"] + ARGS)
