# SPDX-License-Identifier: GPL-3.0-or-later
"""Run a real ansible-playbook against the checkout's collection and read its JSON results."""
import json
import os
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run_playbook(tmp_path, tasks, extra_args=(), json_output=True, extra_vars=None):
    """Run `tasks` on localhost; return (returncode, list of task results or raw output)."""
    play = [{"name": "test", "hosts": "localhost", "gather_facts": False, "tasks": tasks}]
    path = tmp_path / "playbook.yml"
    path.write_text(yaml.safe_dump(play, allow_unicode=True), encoding="utf-8")
    env = dict(os.environ)
    env.update({
        "ANSIBLE_COLLECTIONS_PATH": os.path.join(ROOT, ".colls"),
        "ANSIBLE_CONFIG": os.path.join(ROOT, "ansible.cfg"),
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
    })
    results = tmp_path / "results.jsonl"
    if results.exists():
        results.unlink()
    env["RESULTS_FILE"] = str(results)
    env["ANSIBLE_CALLBACK_PLUGINS"] = os.path.join(os.path.dirname(__file__), "callback_plugins")
    env["ANSIBLE_CALLBACKS_ENABLED"] = "results_file"
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"),
               "-i", "localhost,", "-c", "local",
               "-e", "ansible_python_interpreter=%s" % sys.executable, str(path)]
    if extra_vars:
        command += ["-e", json.dumps(extra_vars)]
    command += list(extra_args)
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
    output = proc.stdout + proc.stderr
    if json_output:
        if not results.exists():
            raise AssertionError("ansible-playbook produced no result:\n" + output[-3000:])
        lines = results.read_text(encoding="utf-8").splitlines()
        return proc.returncode, [json.loads(line) for line in lines]
    return proc.returncode, output


def task_results(report):
    """The task results, in order (kept for readability at call sites)."""
    return report
