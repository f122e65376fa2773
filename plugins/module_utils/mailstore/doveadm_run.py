# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""How doveadm commands reach Dovecot: the CLI on the mail host, or the doveadm HTTP API.

Both take *jobs*, each a doveadm command for a list of users, run them concurrently and
return per job (rows, {user: error}). The CLI gives a job one process reading its users from
a file (`-F`), so a pass over a thousand users costs one process; the HTTP API carries up to
HTTP_BATCH per-user commands per POST, a few POSTs in parallel (measured as fast as the CLI).
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import queue
import re
import signal
import subprocess
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import shown
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import (
    ConfigError, ConnectError, reason)

HTTP_BATCH = 50  # commands per POST: measured as fast as one allUsers request
EXIT_OK = (0, 2, 67, 68)  # 2: nothing matched, 67: some user unknown, 68: some mailbox missing
UNKNOWN_USER = "utilisateur inconnu du serveur"  # also how stats recognise an absent mailbox
MISSING_FOLDER = "dossier introuvable"  # `mailbox status` given one name the user lacks
# sysexits codes of a per-user doveadm error, as the HTTP API reports them
# exit codes that concern the whole command, never one user
EXIT_NAMES = {64: ", commande refusée par doveadm (usage)", 65: ", données refusées par doveadm",
              75: ", échec temporaire", 89: ", doveadm n'a pas pu joindre le serveur"}
EXIT_WORDS = {67: UNKNOWN_USER, 68: MISSING_FOLDER, 73: "impossible de créer", 75: "échec temporaire, relancez",
              77: "permission refusée", 78: "configuration du serveur invalide"}


class Runner:
    """What both transports share: `run` is `run_many` for a single job."""

    def run_many(self, jobs, json_output=True):
        raise NotImplementedError

    def run(self, args, users=None, json_output=True):
        """One job: (rows, or the raw text when json_output is false, and {user: error})."""
        return self.run_many([(args, users)], json_output)[0]


class CliRunner(Runner):
    """doveadm on this host; multi-user commands read a user file (-F)."""

    def __init__(self, binary="doveadm", config=None, timeout=30):
        self.binary = binary
        self.config = config
        self.timeout = timeout

    def _base(self):
        return [self.binary] + (["-c", self.config] if self.config else [])

    def _command(self, args, user_file, json_output):
        words = 2 if args[0] in ("mailbox", "quota", "dict") else 1
        cmd = self._base() + (["-f", "json"] if json_output else []) + list(args[:words])
        if user_file:
            cmd += ["-F", user_file]
        # '--': a folder named '-rf' is a folder, never an option (getopt permutes arguments)
        return cmd + ["--"] + list(args[words:])

    def run_many(self, jobs, json_output=True):
        """[(args, users or None)] -> [(rows, {user: error})], one process per job, all at once."""
        with tempfile.TemporaryDirectory(prefix="mssante-doveadm-") as directory:
            started = []
            for index, (args, users) in enumerate(jobs):
                user_file = None
                if users is not None:
                    check_users(users)
                    user_file = os.path.join(directory, "%d.users" % index)
                    with open(user_file, "w", encoding="utf-8") as handle:
                        handle.write("\n".join(users) + "\n")
                try:
                    # own session: a timeout kills the whole group, children holding the pipes too
                    proc = subprocess.Popen(self._command(args, user_file, json_output), stdout=subprocess.PIPE,
                                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
                                            start_new_session=True)
                except FileNotFoundError:
                    raise ConfigError("doveadm_bin : programme introuvable sur cet hôte : %s" % self.binary)
                started.append((args, users, proc))
            return [self._collect(args, users, proc, json_output) for args, users, proc in started]

    def _collect(self, args, users, proc, json_output):
        limit = max(self.timeout, 10) * (len(users or []) // 50 + 1)
        try:
            stdout, stderr = proc.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:  # already gone
                pass
            proc.communicate()
            raise ConnectError("doveadm %s sans réponse après %d s : relancez, ou augmentez timeout" % (
                args[0], limit))
        errors = user_errors(stderr)
        if proc.returncode not in EXIT_OK and not errors:
            # e.g. 64 (usage error) with '[]' on stdout: nothing was done, it is no empty answer
            raise ConnectError("doveadm %s a échoué (code %d%s) : %s" % (
                args[0], proc.returncode, EXIT_NAMES.get(proc.returncode, ""),
                stderr.strip()[-500:] or "aucun message"))
        if not json_output:
            return stdout, errors
        try:
            return json.loads(stdout or "[]"), errors
        except ValueError:
            raise ConnectError("doveadm %s : sortie JSON illisible : %s" % (args[0], stdout[:200]))

    def server_settings(self):
        """(SPECIAL-USE role -> [folders], hierarchy separator, last_login_dict) in one doveconf run."""
        cmd = ["doveconf"] + (["-c", self.config] if self.config else []) + ["namespace", "plugin"]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        text = proc.stdout if proc.returncode == 0 else ""
        _first, separator, last_login = parse_doveconf(text)
        return special_use_folders(text), separator, last_login


class HttpRunner(Runner):
    """The doveadm HTTP API: per-user commands, HTTP_BATCH per POST, a few POSTs in parallel."""

    def __init__(self, url, api_key, ssl_context=None, timeout=30, concurrency=4):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError("doveadm_url : %s n'est pas une URL http(s)" % url)
        self.url = url
        self.parts = parts
        self.auth = "X-Dovecot-API " + base64.b64encode(api_key.encode("utf-8")).decode("ascii")
        self.ssl_context = ssl_context
        self.timeout = timeout
        self.concurrency = max(1, min(int(concurrency), 8))
        self._idle = queue.Queue()  # kept-alive connections between POSTs

    def _new_connection(self):
        parts = self.parts
        if parts.scheme == "https":
            return http.client.HTTPSConnection(parts.hostname, parts.port or 443, timeout=self.timeout,
                                               context=self.ssl_context)
        return http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=self.timeout)

    def _post(self, commands):
        """One POST on an idle kept-alive connection (or a new one); the answer decoded."""
        body = json.dumps(commands).encode("utf-8")
        headers = {"Authorization": self.auth, "Content-Type": "application/json"}
        try:
            conn, reused = self._idle.get_nowait(), True
        except queue.Empty:
            conn, reused = self._new_connection(), False
        while True:
            try:
                conn.request("POST", self.parts.path or "/", body=body, headers=headers)
                answer = conn.getresponse()
                payload = answer.read()
                break
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                # a kept-alive connection the server closed meanwhile: resend once on a new one
                # (fetch/status only read; expunge names exact UIDs, a resend cannot delete more)
                stale = isinstance(exc, (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError))
                if not (reused and stale):
                    raise ConnectError("serveur injoignable : API HTTP doveadm %s : %s : vérifiez host/port/"
                                       "security (ou doveadm_url)" % (self.url, reason(exc)))
                conn, reused = self._new_connection(), False
        self._idle.put(conn)
        if answer.status in (401, 403):
            raise ConfigError("identifiants refusés par l'API HTTP doveadm %s (HTTP %d) : vérifiez "
                              "doveadm_api_key" % (self.url, answer.status))
        if answer.status != 200:
            raise ConnectError("l'API HTTP doveadm %s a répondu HTTP %d" % (self.url, answer.status))
        try:
            return json.loads(payload.decode("utf-8"))
        except ValueError as exc:
            raise ConnectError("l'API HTTP doveadm %s a donné une réponse illisible (%s)" % (self.url, exc))

    def close(self):
        while not self._idle.empty():
            self._idle.get_nowait().close()

    def run_many(self, jobs, json_output=True):
        """Every (job, user) as one command; batches of HTTP_BATCH per POST, in parallel."""
        del json_output
        commands = []
        for index, (args, users) in enumerate(jobs):
            name, params = http_command(args)
            if users is None:
                commands.append([name, params, "%d\t" % index])
            else:
                check_users(users, wildcards=True)
                commands.extend([name, dict(params, user=user), "%d\t%s" % (index, user)] for user in users)
        results = [([], {}) for _job in jobs]
        lock = threading.Lock()

        def send(batch):
            answer = self._post(batch)
            with lock:
                for kind, payload, index, user in _triples(answer, self.url, len(jobs)):
                    rows, errors = results[index]
                    if kind == "error":
                        if not user or _command_error(payload):
                            raise ConnectError("l'API HTTP doveadm %s a refusé la commande %s : %s" % (
                                self.url, jobs[index][0][0], http_error(payload)))
                        errors[user] = http_error(payload)
                        continue
                    for row in payload or []:
                        if user:
                            row.setdefault("username", user)
                        rows.append(row)

        batches = [commands[i:i + HTTP_BATCH] for i in range(0, len(commands), HTTP_BATCH)]
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            list(pool.map(send, batches))
        return results


def http_command(args):
    """CLI-style arguments -> (HTTP API command name, parameters)."""
    name = args[0]
    if name == "fetch":
        return "fetch", {"field": args[1].split(), "query": list(args[2:])}
    if name == "expunge":
        return "expunge", {"query": list(args[1:])}
    if name == "mailbox":
        return "mailboxStatus", {"field": args[2].split(), "mailboxMask": list(args[3:])}
    if name == "quota":
        return "quotaGet", {}
    if name == "dict" and args[1] == "iter":
        return "dictIter", {"dictUri": args[2], "prefix": args[3]}
    raise ValueError("commande doveadm %s sans équivalent dans l'API HTTP" % name)


def _triples(answer, url, jobs):
    """(kind, payload, job index, user) of each answer element; anything else is a transport fault."""
    found = []
    try:
        for kind, payload, tag in answer:
            index, user = tag.split("\t", 1)
            if not 0 <= int(index) < jobs or not isinstance(payload, (list, dict, type(None))):
                raise ValueError(tag)
            found.append((kind, payload if kind == "error" else list(payload or []), int(index), user))
    except (TypeError, ValueError, AttributeError):
        raise ConnectError("l'API HTTP doveadm %s a donné une réponse inattendue (ni liste de résultats "
                           "ni erreurs par BAL) : %s" % (url, str(answer)[:200]))
    return found


def _command_error(payload):
    """An HTTP API error about the command itself (usage, unknown command), not about one user."""
    return isinstance(payload, dict) and (payload.get("exitCode") in (64, 65)
                                          or payload.get("type") not in ("exitCode", None))


def check_users(users, wildcards=False):
    """Refuse a login doveadm would read as several: a line feed splits a -F user file; '*' and
    '?' are wildcards in the HTTP API's `user`. The engine checks addresses before, this is the
    last guard."""
    for user in users:
        if any(char in user for char in "\r\n\0") or (wildcards and any(char in user for char in "*?")):
            raise ConfigError("mailboxes : l'identifiant de BAL %s contient un caractère que doveadm lirait "
                              "comme un séparateur ou un joker : corrigez la source de cette adresse" % shown(user))


def http_error(payload):
    """A per-user error of the HTTP API ({"type": "exitCode", "exitCode": 67}) in words."""
    payload = payload if isinstance(payload, dict) else {}
    code = payload.get("exitCode")
    detail = " ".join(str(part) for part in (payload.get("type") or "error", code) if part is not None)
    return "%s (doveadm : %s)" % (EXIT_WORDS.get(code, "erreur doveadm"), detail)


def special_use_folders(text):
    """{role: [every folder name declaring it]} from `doveconf namespace` output, in order.

    A French platform declares `Trash` and `Éléments supprimés` both \\Trash (issue #14): each
    user has one, the other or both, so a role is never reduced to one name.
    """
    roles = {}
    for name, role in re.findall(r'mailbox\s+("(?:[^"\\]|\\.)*"|\S+)\s*\{[^}]*?special_use\s*=\s*(\\\w+)', text):
        name = re.sub(r"\\(.)", r"\1", name[1:-1]) if name.startswith('"') else name
        if name not in roles.setdefault(role, []):
            roles[role].append(name)
    return roles


def parse_doveconf(text):
    """Roles (the first folder of each), separator and last_login_dict from `doveconf namespace plugin`."""
    roles = dict((role, names[0]) for role, names in special_use_folders(text).items())
    separator = re.search(r"^  separator = (\S*)$", text, re.MULTILINE)
    last_login = re.search(r"^  last_login_dict = (.*)$", text, re.MULTILINE)
    return roles, (separator.group(1) if separator else "") or "/", last_login.group(1).strip() if last_login else ""


def _in_words(said):
    """doveadm's per-user error, led by French words when it is a known case."""
    if re.search(r"user (no longer exists|doesn't exist)|no such user", said, re.IGNORECASE):
        return "%s (doveadm : %s)" % (UNKNOWN_USER, said)
    if "Mailbox doesn't exist" in said:
        return "%s (doveadm : %s)" % (MISSING_FOLDER, said)
    return "doveadm : %s" % said


def user_errors(stderr):
    """{user: message} from doveadm's per-user error lines, an unknown user said in French."""
    errors = {}
    for line in stderr.splitlines():
        match = re.match(r"doveadm\(([^)]+)\)(?:<[^>]*>)*: (Error|Fatal|Info): (.*)", line)
        if match and (match.group(2) != "Info" or "no longer exists" in match.group(3)):
            errors.setdefault(match.group(1), _in_words(match.group(3)))
    return errors
