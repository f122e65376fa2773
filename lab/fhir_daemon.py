# SPDX-License-Identifier: GPL-3.0-or-later
"""The local Annuaire Santé FHIR server as a background process, for the demo and molecule.

Tests start `lab.fhir_server.LocalFhirServer` in a thread; the demo needs it to outlive
`python -m lab up`, so this module serves it from a detached process that writes its port
and pid next to the lab's other state. It serves `fhir-resources.json` of the lab directory
and reloads it when the file changes, so a test can make the Annuaire stop publishing a BAL.

    python -m lab.fhir_daemon <lab dir>    (started by lab.stack, not by hand)
"""

import json
import os
import signal
import subprocess
import sys
import threading
import time

from lab import annuaire_seed, establishment, tls

STATE = "fhir.json"
RESOURCES = "fhir-resources.json"


def _load(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _watch(server, path, store_class):
    """Swap in a new store whenever the resources file changes (polled twice a second)."""
    seen = os.stat(path).st_mtime_ns
    while True:
        time.sleep(0.5)
        current = os.stat(path).st_mtime_ns
        if current != seen:
            seen = current
            server.store = store_class(_load(path))


def serve(directory):
    # pylint: disable-next=import-outside-toplevel
    from lab.fhir_server import FhirStore, LocalFhirServer

    certs = tls.make_ca_and_server(os.path.join(directory, "tls"))
    with open(os.path.join(directory, "fhir-key"), encoding="ascii") as handle:
        api_key = handle.read().strip()
    path = os.path.join(directory, RESOURCES)
    server = LocalFhirServer(_load(path), api_key=api_key, certs=certs)
    threading.Thread(target=_watch, args=(server, path, FhirStore), daemon=True).start()
    tmp = os.path.join(directory, STATE + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump({"api_url": server.url, "pid": os.getpid()}, handle)
    os.replace(tmp, os.path.join(directory, STATE))
    # shutdown() waits for serve_forever() to return: called from the serving thread (the signal
    # handler runs there) it would wait for itself forever
    signal.signal(signal.SIGTERM, lambda *args: threading.Thread(target=server.httpd.shutdown).start())
    server.httpd.serve_forever()


def start(directory, staff):
    """Launch the daemon serving CH Exemple and return its state dict (api_url, api_key, pid)."""
    resources = os.path.join(directory, RESOURCES)
    with open(resources, "w", encoding="utf-8") as handle:
        json.dump(annuaire_seed.fhir_resources(establishment.build(staff=staff)), handle)
    api_key = "lab-fhir-" + os.urandom(8).hex()
    key_path = os.path.join(directory, "fhir-key")
    with open(key_path, "w", encoding="ascii") as handle:
        handle.write(api_key)
    os.chmod(key_path, 0o600)
    state_path = os.path.join(directory, STATE)
    if os.path.exists(state_path):
        os.unlink(state_path)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with open(os.path.join(directory, "fhir.log"), "ab") as log:
        subprocess.Popen([sys.executable, "-m", "lab.fhir_daemon", directory],  # pylint: disable=consider-using-with
                         cwd=root, stdout=log, stderr=log, start_new_session=True)
    for _attempt in range(200):
        if os.path.exists(state_path):
            with open(state_path, encoding="utf-8") as handle:
                state = json.load(handle)
            state["api_key"] = api_key
            return state
        time.sleep(0.05)
    raise RuntimeError("the local FHIR server did not start: see %s/fhir.log" % directory)


def stop(directory):
    state_path = os.path.join(directory, STATE)
    if not os.path.exists(state_path):
        return
    with open(state_path, encoding="utf-8") as handle:
        pid = json.load(handle)["pid"]
    try:
        os.kill(pid, signal.SIGTERM)
        for _attempt in range(100):
            if not _running(pid):
                break
            time.sleep(0.05)
        else:
            os.kill(pid, signal.SIGKILL)  # still serving after 5 s
    except ProcessLookupError:
        pass
    os.unlink(state_path)


def _running(pid):
    """False once the process has exited (a zombie nobody reaps counts as exited)."""
    try:
        with open("/proc/%d/stat" % pid, encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


if __name__ == "__main__":
    serve(sys.argv[1])
