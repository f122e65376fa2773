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
import sys
import threading
import time

from lab import annuaire_seed, daemon, establishment, tls

STATE = "fhir.json"
RESOURCES = "fhir-resources.json"
LOADED = "fhir-resources.loaded"  # the mtime_ns of the resources file the server serves now


def _load(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _mark_loaded(path, mtime_ns):
    with open(os.path.join(os.path.dirname(path), LOADED), "w", encoding="ascii") as handle:
        handle.write(str(mtime_ns))


def _watch(server, path, store_class):
    """Swap in a new store whenever the resources file changes (polled twice a second).

    A file caught half written does not parse: the old store stays and the next poll retries,
    so the thread never dies of it (it did, and a test then saw the Annuaire never change)."""
    seen = os.stat(path).st_mtime_ns
    _mark_loaded(path, seen)
    while True:
        time.sleep(0.5)
        try:
            current = os.stat(path).st_mtime_ns
            if current != seen:
                server.store = store_class(_load(path))
                seen = current
                _mark_loaded(path, seen)
        except (OSError, ValueError):
            continue


def publish(directory, resources, timeout=60.0):
    """Replace what the lab's Annuaire publishes and return once the server serves it.

    Written whole then renamed (the server never reads half a file), then waited for through the
    mtime the server says it loaded: a fixed sleep was too short on a loaded 2-core machine."""
    path = os.path.join(directory, RESOURCES)
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(resources, handle)
    os.replace(temporary, path)
    wanted = str(os.stat(path).st_mtime_ns)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open(os.path.join(directory, LOADED), encoding="ascii") as handle:
                if handle.read().strip() == wanted:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the lab FHIR server did not reload %s within %.0f s" % (path, timeout))


def serve(directory):
    # pylint: disable-next=import-outside-toplevel
    from lab.fhir_server import FhirStore, LocalFhirServer

    certs = tls.make_ca_and_server(os.path.join(directory, "tls"))
    with open(os.path.join(directory, "fhir-key"), encoding="ascii") as handle:
        api_key = handle.read().strip()
    path = os.path.join(directory, RESOURCES)
    server = LocalFhirServer(_load(path), api_key=api_key, certs=certs)
    threading.Thread(target=_watch, args=(server, path, FhirStore), daemon=True).start()
    daemon.write_state(os.path.join(directory, STATE), {"api_url": server.url, "pid": os.getpid()})
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
    state = daemon.launch("lab.fhir_daemon", directory, os.path.join(directory, STATE),
                          os.path.join(directory, "fhir.log"), "the local FHIR server")
    state["api_key"] = api_key
    return state


def stop(directory):
    daemon.stop(os.path.join(directory, STATE))


if __name__ == "__main__":
    serve(sys.argv[1])
