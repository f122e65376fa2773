# SPDX-License-Identifier: GPL-3.0-or-later
"""python -m lab up|down [--name demo] [--staff 40] [--only ldap,mail,annuaire]"""

import argparse
import sys

from lab import stack


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m lab", description=__doc__)
    parser.add_argument("action", choices=("up", "down"))
    parser.add_argument("--name", default="demo", help="lab name: directory .lab/<name>")
    parser.add_argument("--staff", type=int, default=40, help="professionals to seed")
    parser.add_argument("--only", default=",".join(stack.COMPONENTS),
                        help="components to start, among %s" % ",".join(stack.COMPONENTS))
    args = parser.parse_args(argv)
    if args.action == "down":
        stack.down(args.name)
        print("Laboratoire %s arrêté." % args.name)
        return 0
    components = tuple(c for c in args.only.split(",") if c)
    state = stack.up(args.name, args.staff, components)
    print("Laboratoire %s prêt (%s) : %s/lab-vars.json" % (
        args.name, ", ".join(components), state["directory"]))
    for key in ("ldap", "imap"):
        if key in state:
            print("  %-5s %s" % (key, state[key].get("uri") or "127.0.0.1:%s" % state[key].get("imaps_port")))
    smtp = state.get("smtp")
    if smtp:  # never the password: it stays in lab-vars.json (0600)
        print("  smtp  %s:%s (STARTTLS, compte %s)" % (smtp["host"], smtp["port"], smtp["username"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
