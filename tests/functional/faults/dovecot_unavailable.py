# SPDX-License-Identifier: GPL-3.0-or-later
"""Make the lab's Dovecot answer NO [UNAVAILABLE] (temporary authentication failure) to chosen logins.

A last passdb reads one passwd-file per login under `unavailable/`; a login there whose file
is a symlink to itself cannot be looked up (ELOOP), which Dovecot reports as a temporary
failure. Logins the other passdbs know are not affected; any other unknown login still gets
[AUTHORIZATIONFAILED] (no file: unknown user).
"""
import os

from lab import stack

PASSDB = """
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%%u %s/%%u
}
"""


def _directory(server):
    return os.path.join(server.directory, "unavailable")


def answer_unavailable(lab, *logins):
    """From now on (Dovecot restarted), a login of `logins` unknown to the users file gets [UNAVAILABLE]."""
    server = stack.dovecot_of(lab["directory"])
    directory = _directory(server)
    os.makedirs(directory, mode=0o755, exist_ok=True)
    for login in logins:
        link = os.path.join(directory, login)
        if not os.path.lexists(link):
            os.symlink(login, link)
    server.extra_config = PASSDB % directory
    server.stop()
    server.start()


def clear_unavailable(lab, *logins):
    """Those logins are answered again as Dovecot knows them (no restart needed)."""
    directory = _directory(stack.dovecot_of(lab["directory"]))
    for login in logins:
        os.unlink(os.path.join(directory, login))
