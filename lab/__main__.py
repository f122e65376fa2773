# SPDX-License-Identifier: GPL-3.0-or-later
"""python -m lab up|down [--name demo] [--staff 40] [--only ldap,mail,annuaire] [--mail dovecot|cyrus]
    [--auth password|oauth]
python -m lab history [--name demo] [--audits 6] [--days-between 30]: give the lab's audit a past"""

import argparse
import os
import sys

from lab import stack


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m lab", description=__doc__)
    parser.add_argument("action", choices=("up", "down", "history"))
    parser.add_argument("--name", default="demo", help="lab name: directory .lab/<name>")
    parser.add_argument("--staff", type=int, default=40, help="professionals to seed")
    parser.add_argument("--only", default=",".join(stack.COMPONENTS),
                        help="components to start, among %s" % ",".join(stack.COMPONENTS))
    parser.add_argument("--mail", default="dovecot", choices=stack.MAIL_SERVERS,
                        help="up: the mail platform, Dovecot (default) or Cyrus IMAP")
    parser.add_argument("--auth", choices=("password", "oauth"), default="password",
                        help="IMAP logins: admin password (default) or OAuth 2.0 only (passwords refused)")
    parser.add_argument("--audits", type=int, default=6, help="history: audits in the trend, the newest included")
    parser.add_argument("--days-between", type=int, default=30, help="history: days between two seeded audits")
    args = parser.parse_args(argv)
    if args.action == "history":
        return _history(args)
    if args.action == "down":
        stack.down(args.name)
        print("Laboratoire %s arrêté." % args.name)
        return 0
    components = tuple(c for c in args.only.split(",") if c)
    state = stack.up(args.name, args.staff, components, mail=args.mail, auth=args.auth)
    print("Laboratoire %s prêt (%s) : %s/lab-vars.json" % (
        args.name, ", ".join(components), state["directory"]))
    for key in ("ldap", "imap"):
        if key in state:
            print("  %-5s %s" % (key, state[key].get("uri") or "127.0.0.1:%s" % state[key].get("imaps_port")))
    if "oauth" in state:  # the client secret stays in its 0600 file
        print("  oauth %s (client %s, secret dans %s)" % (
            state["oauth"]["token_url"], state["oauth"]["client_id"], state["oauth"]["secrets_file"]))
    smtp = state.get("smtp")
    if smtp:  # never the password: it stays in lab-vars.json (0600)
        print("  smtp  %s:%s (STARTTLS, compte %s)" % (smtp["host"], smtp["port"], smtp["username"]))
    return 0


def _history(args):
    """Dated snapshots older than the lab's newest audit (lab/history_seed.py); never for production."""
    from lab import history_seed  # pylint: disable=import-outside-toplevel

    state_dir = os.path.join(stack.lab_dir(args.name), "state")
    try:
        written = history_seed.seed(state_dir, args.audits, args.days_between)
    except history_seed.SeedError as exc:
        print("lab history : %s" % exc, file=sys.stderr)
        return 1
    print("Historique du laboratoire %s : %d audits, du %s au %s, dans %s (relancez playbooks/audit.yml)." % (
        args.name, len(written), _day(written[0]), _day(written[-1]), os.path.dirname(written[0])))
    return 0


def _day(path):
    stamp = os.path.basename(path)[len("audit-"):len("audit-") + 8]
    return "%s/%s/%s" % (stamp[6:], stamp[4:6], stamp[:4])


if __name__ == "__main__":
    sys.exit(main())
