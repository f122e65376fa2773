# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What every module does the same way around the engine: fail on its errors, check the TLS options.

Only modules import this file. The engine raises MssanteError; `engine_errors` turns it into
fail_json with the French message and the option at fault, never a traceback.
"""

from __future__ import annotations

from contextlib import contextmanager

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError
from ansible_collections.mssante.hygiene.plugins.module_utils.tls_options import tls_client


def failure(exc, **extra):
    """The fail_json arguments for an engine error: its message, and `parameter` when one is at fault."""
    result = dict(extra, **getattr(exc, "result", {}))
    result["msg"] = str(exc)
    if exc.parameter:
        result["parameter"] = exc.parameter
        if exc.parameter not in result["msg"]:
            result["msg"] = "%s : %s" % (exc.parameter, result["msg"])
    return result


@contextmanager
def engine_errors(module, **extra):
    """Run engine code; a MssanteError fails the task (`extra` goes into the failed result)."""
    try:
        yield
    except MssanteError as exc:
        module.fail_json(**failure(exc, **extra))


def module_tls(module, server, connects=True, build=True):
    """Check the TLS options (a conflict fails the task), warn once when certificates go unchecked,
    and return the client context to share between the run's connections (None when not built)."""
    with engine_errors(module):
        context, warning = tls_client(module.params, server, connects=connects, build=build)
    if warning:
        module.warn(warning)
    return context


def refuse_remote_run(module, name):
    """The module body of a task that is all action plugin (runs on the controller): called as a
    remote module, it says so in French."""
    module.fail_json(msg="%s s'exécute par son action plugin, sur le contrôleur : appelez-le comme tâche "
                         "(mssante.hygiene.%s), pas comme module distant" % (name, name))
