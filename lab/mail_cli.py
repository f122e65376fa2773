# SPDX-License-Identifier: GPL-3.0-or-later
"""Start/stop a seeded lab Dovecot from the command line (molecule prepare/cleanup, demos).

    python -m lab.mail_cli up --dir DIR [--staff N] [--tuned]   # prints and writes DIR/state.json
    python -m lab.mail_cli down --dir DIR
"""

import argparse
import json
import os
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
for _path in (os.path.join(ROOT, ".colls"), ROOT):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from lab import establishment, mail_seed, tls  # noqa: E402
from lab.dovecot import Dovecot  # noqa: E402


def up(directory, staff, tuned):
    certs = tls.make_ca_and_server(os.path.join(directory, "certs"))
    server = Dovecot(os.path.join(directory, "dovecot"), certs, tuned=tuned)
    server.start()
    state_path = os.path.join(directory, "state.json")
    if not os.path.exists(state_path):
        est = establishment.build(staff=staff)
        summary = mail_seed.seed(server, est)
        state = dict(server.state(), mailboxes=sorted(summary))
        with open(state_path, "w", encoding="utf-8") as handle:
            json.dump(state, handle, indent=1)
    with open(state_path, encoding="utf-8") as handle:
        return json.load(handle)


def down(directory, purge=False):
    certs = tls.Certs(ca_cert="", cert="", key="")
    Dovecot(os.path.join(directory, "dovecot"), certs).stop()
    if purge:
        shutil.rmtree(directory, ignore_errors=True)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m lab.mail_cli")
    parser.add_argument("action", choices=["up", "down"])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--staff", type=int, default=14)
    parser.add_argument("--tuned", action="store_true")
    parser.add_argument("--purge", action="store_true", help="down: also remove the directory")
    args = parser.parse_args(argv)
    if args.action == "up":
        print(json.dumps(up(os.path.abspath(args.dir), args.staff, args.tuned)))
    else:
        down(os.path.abspath(args.dir), args.purge)


if __name__ == "__main__":
    main()
