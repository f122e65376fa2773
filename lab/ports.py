# SPDX-License-Identifier: GPL-3.0-or-later
"""Free TCP ports on 127.0.0.1."""

import socket
import time


def free_ports(count):
    """`count` distinct ports nobody listens on right now (the kernel picks them).

    The sockets stay bound until all ports are chosen, so one call never returns the same port
    twice (two separate calls could: a closed port is free to be picked again).
    """
    sockets = []
    try:
        for _index in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def free_port():
    """One free port."""
    return free_ports(1)[0]


def wait_listening(port, timeout=10.0):
    """Block until something accepts connections on 127.0.0.1:port."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("nothing listens on 127.0.0.1:%d after %.0f s" % (port, timeout))
