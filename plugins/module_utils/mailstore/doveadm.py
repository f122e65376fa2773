# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The native Dovecot backend: doveadm on the mail host (CLI) or remotely (HTTP API).

The fast path works per pass over many users at once (`-F userfile` on the CLI, batched
commands per POST over HTTP) instead of one session per mailbox: a status pass (folders,
UIDVALIDITY, counts), a fetch pass (what the rules select: the plan and the journal), then an
expunge pass. Over HTTP the expunge names exact UIDs per user; on the CLI it repeats the very
query of the fetch pass with the cutoff frozen as a date, on the users whose plan was approved.
SPECIAL-USE roles come from the server configuration (doveconf) or from `folder_roles`.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import re
import subprocess
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import (
    ConfigError, ConnectError, MailstoreError)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.folders import (
    Folder, UnknownFolder, resolve)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imap import compress_uids
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.purge import FolderPlan
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.stats import fill_totals
from ansible_collections.mssante.hygiene.plugins.module_utils.model import MailboxStats

FETCH_FIELDS = "uid mailbox-guid hdr.message-id size.virtual date.saved date.received flags"
HTTP_BATCH = 50  # commands per POST: measured as fast as one allUsers request


def _iso(value):
    """doveadm '2025-10-22 08:36:07' or a unix time -> ISO 8601."""
    if not value or value in ("-", "0"):
        return ""
    if str(value).isdigit():
        return dt.datetime.fromtimestamp(int(value), dt.timezone.utc).isoformat().replace("+00:00", "Z")
    return str(value).replace(" ", "T")


class CliRunner:
    """doveadm on this host; multi-user commands read a user file (-F)."""

    def __init__(self, binary="doveadm", config=None, timeout=30):
        self.binary = binary
        self.config = config
        self.timeout = timeout

    def _base(self):
        return [self.binary] + (["-c", self.config] if self.config else [])

    def run(self, args, users=None, json_output=True):
        with tempfile.NamedTemporaryFile("w", suffix=".users", encoding="utf-8") as handle:
            handle.write("\n".join(users or []) + "\n")
            handle.flush()
            words = 2 if args[0] in ("mailbox", "quota", "dict") else 1
            cmd = self._base() + (["-f", "json"] if json_output else []) + list(args[:words])
            if users is not None:
                cmd += ["-F", handle.name]
            cmd += list(args[words:])
            try:
                proc = subprocess.run(cmd, capture_output=True, text=True,
                                      timeout=max(self.timeout, 10) * max(1, len(users or []) // 50 + 1))
            except FileNotFoundError:
                raise ConfigError("doveadm_bin: %s not found on this host" % self.binary)
            except subprocess.TimeoutExpired:
                raise ConnectError("doveadm %s timed out" % args[0])
        errors = _user_errors(proc.stderr)
        if proc.returncode not in (0, 2, 68, 67) and not errors and not proc.stdout.strip():
            raise ConnectError("doveadm %s failed (exit %d): %s" % (args[0], proc.returncode,
                                                                    proc.stderr.strip()[-500:]))
        rows = json.loads(proc.stdout or "[]") if json_output else proc.stdout
        return rows, errors

    def config_value(self, name):
        cmd = ["doveconf"] + (["-c", self.config] if self.config else []) + ["-h", name]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        return proc.stdout.strip() if proc.returncode == 0 else ""

    def special_use_roles(self):
        cmd = ["doveconf"] + (["-c", self.config] if self.config else []) + ["namespace"]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        roles = {}
        for name, role in re.findall(r'mailbox\s+("(?:[^"\\]|\\.)*"|\S+)\s*\{[^}]*?special_use\s*=\s*(\\\w+)',
                                     proc.stdout):
            roles.setdefault(role, name.strip('"'))
        return roles

    def dict_iter(self, uri, prefix):
        rows, _ = self.run(["dict", "iter", uri, prefix])
        return {row["key"]: row["value"] for row in rows}


class HttpRunner:
    """The doveadm HTTP API: per-user commands, HTTP_BATCH per POST, a few POSTs in parallel."""

    def __init__(self, url, api_key, ssl_context=None, timeout=30, concurrency=4):
        self.url = url
        self.auth = "X-Dovecot-API " + base64.b64encode(api_key.encode("utf-8")).decode("ascii")
        self.ssl_context = ssl_context
        self.timeout = timeout
        self.concurrency = max(1, min(int(concurrency), 8))

    def _post(self, commands):
        import urllib.error
        import urllib.request

        request = urllib.request.Request(self.url, data=json.dumps(commands).encode("utf-8"),
                                         method="POST", headers={"Authorization": self.auth,
                                                                 "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout, context=self.ssl_context) as answer:
                return json.loads(answer.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            if exc.code in (401, 403):
                raise ConfigError("doveadm_api_key refused by %s (HTTP %d)" % (self.url, exc.code))
            raise ConnectError("doveadm HTTP API %s answered HTTP %d" % (self.url, exc.code))
        except (OSError, ValueError) as exc:
            raise ConnectError("doveadm HTTP API %s unreachable: %s" % (self.url, exc))

    def run(self, args, users=None, json_output=True):
        del json_output
        name, params = _http_command(args)
        if users is None:
            answer = self._post([[name, params, "all"]])
            return _http_rows(answer)
        commands = [[name, dict(params, user=user), user] for user in users]
        batches = [commands[i:i + HTTP_BATCH] for i in range(0, len(commands), HTTP_BATCH)]
        rows, errors, lock = [], {}, threading.Lock()

        def send(batch):
            found, failed = _http_rows(self._post(batch))
            with lock:
                rows.extend(found)
                errors.update(failed)
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            list(pool.map(send, batches))
        return rows, errors

    def dict_iter(self, uri, prefix):
        rows, _ = self.run(["dictIter", uri, prefix])
        return {row["key"]: row["value"] for row in rows}


def _http_command(args):
    name = args[0]
    if name == "fetch":
        return "fetch", {"field": args[1].split(), "query": list(args[2:])}
    if name == "expunge":
        return "expunge", {"query": list(args[1:])}
    if name == "mailbox":
        return "mailboxStatus", {"field": args[2].split(), "mailboxMask": list(args[3:])}
    if name == "quota":
        return "quotaGet", {}
    if name == "dictIter":
        return "dictIter", {"dictUri": args[1], "prefix": args[2]}
    raise ValueError(name)


def _http_rows(answer):
    rows, errors = [], {}
    for kind, payload, tag in answer:
        if kind == "error":
            errors[tag] = "doveadm error %s" % json.dumps(payload)
            continue
        for row in payload or []:
            if tag != "all":
                row.setdefault("username", tag)
            rows.append(row)
    return rows, errors


def _user_errors(stderr):
    errors = {}
    for line in stderr.splitlines():
        match = re.match(r"doveadm\(([^)]+)\)(?:<[^>]*>)*: (Error|Fatal|Info): (.*)", line)
        if match and (match.group(2) != "Info" or "no longer exists" in match.group(3)):
            errors.setdefault(match.group(1), match.group(3))
    return errors


class DoveadmBackend:
    """Same rules, same results, same journal as the IMAP backend."""

    def __init__(self, runner, folder_roles=None, last_login_dict=None,
                 last_login_prefix="shared/last-login/"):
        self.runner = runner
        self.roles = dict(folder_roles or {})
        self.last_login_dict = last_login_dict
        self.last_login_prefix = last_login_prefix
        if isinstance(runner, CliRunner):
            if not self.roles:
                self.roles = runner.special_use_roles()
            if not self.last_login_dict:
                self.last_login_dict = runner.config_value("plugin/last_login_dict")

    # --- shared passes -----------------------------------------------------
    def folders_by_user(self, logins, fields="messages uidvalidity guid"):
        rows, errors = self.runner.run(["mailbox", "status", fields, "*"], logins)
        found = {}
        for row in rows:
            found.setdefault(row["username"], []).append(row)
        failures = {}
        for login in logins:
            if login not in found:
                failures[login] = errors.get(login) or "mailbox %s unknown to the server (no such user)" % login
        return found, failures

    def _folder_objects(self, rows):
        by_name = {role_name: role for role, role_name in self.roles.items()}
        return [_RowFolder(row, by_name.get(row["mailbox"], "")) for row in rows]

    # --- purge -------------------------------------------------------------
    def purge(self, entries, rules, run):
        logins = [entry["login"] for entry in entries]
        by_login = {entry["login"]: entry for entry in entries}
        folders, failures = self.folders_by_user(logins)
        for login, error in failures.items():
            run.fail(login, error)
        if any(f.startswith("\\") for rule in rules for f in rule.folders) and not self.roles:
            raise ConfigError("folder_roles: the doveadm backend cannot read the SPECIAL-USE names "
                              "of this server; give folder_roles (e.g. {'\\\\Trash': 'Trash'})")
        work = {}  # (rule index, folder name) -> [login]
        meta_by = {}
        for login, rows in folders.items():
            objects = self._folder_objects(rows)
            try:
                for index, rule in enumerate(rules):
                    if not rule.applies_to(by_login[login]):
                        continue
                    for wanted in rule.folders:
                        for folder in resolve(objects, wanted):
                            work.setdefault((index, folder.name), []).append(login)
                            meta_by[(login, folder.name)] = folder.row
            except UnknownFolder as exc:
                run.fail(login, "rule %r: %s" % (rule.name, exc))
                for key in work:
                    if login in work[key]:
                        work[key].remove(login)
        taken = {}
        for (index, name), users in sorted(work.items()):
            if not users:
                continue
            rule = rules[index]
            query = rule.doveadm_query(name, run.today)
            rows, errors = self.runner.run(["fetch", FETCH_FIELDS] + query, users)
            for login, error in errors.items():
                run.fail(login, error)
            plans = {}
            for row in rows:
                uid = int(row["uid"])
                seen = taken.setdefault((row["username"], name), set())
                if uid in seen:
                    continue
                seen.add(uid)
                plans.setdefault(row["username"], {})[uid] = {
                    "size": int(row.get("size.virtual") or 0), "date": _iso(row.get("date.received")),
                    "saved": _iso(row.get("date.saved")), "message_id": row.get("hdr.message-id", ""),
                    "flags": (row.get("flags") or "").split(), "guid": row.get("mailbox-guid")}
            approved = []
            for login, meta in plans.items():
                if login in errors:
                    continue
                status = meta_by[(login, name)]
                plan = FolderPlan(login, name, self._role_of(name), rule, int(status["uidvalidity"]),
                                  int(status["messages"]), meta)
                try:
                    if run.approve(plan, lambda uid, lg=login, g=status["guid"]: self.fetch_raw(lg, g, uid)):
                        approved.append(plan)
                except (OSError, MailstoreError) as exc:
                    run.fail(login, "export/journal failed, nothing deleted: %s" % exc)
            if approved:
                self._expunge(approved, query, run)

    def _role_of(self, name):
        return next((role for role, role_name in self.roles.items() if role_name == name), "")

    def _expunge(self, plans, query, run):
        if isinstance(self.runner, HttpRunner):
            commands = {plan.mailbox: ["expunge", "mailbox-guid", plan.meta[plan.uids[0]]["guid"],
                                       "uid", compress_uids(plan.uids)] for plan in plans}
            for plan in plans:
                _, errors = self.runner.run(commands[plan.mailbox], [plan.mailbox])
                self._confirm(plan, errors, run)
            return
        _, errors = self.runner.run(["expunge"] + query, [plan.mailbox for plan in plans])
        for plan in plans:
            self._confirm(plan, errors, run)

    @staticmethod
    def _confirm(plan, errors, run):
        if plan.mailbox in errors:
            run.fail(plan.mailbox, "expunge not confirmed: %s" % errors[plan.mailbox])
        else:
            run.done(plan)

    def fetch_raw(self, login, guid, uid):
        rows, _ = self.runner.run(["fetch", "text", "mailbox-guid", guid, "uid", str(uid)], [login])
        if not rows:
            raise MailstoreError("message UID %s of %s vanished before export" % (uid, login))
        return rows[0]["text"].encode("utf-8")

    # --- stats -------------------------------------------------------------
    def stats(self, entries):
        logins = [entry["login"] for entry in entries]
        folders, failures = self.folders_by_user(logins, "messages vsize unseen firstsaved guid")
        quotas = self._quotas([login for login in logins if login in folders])
        logins_seen = self._last_logins()
        result = []
        for login in logins:
            if login not in folders:
                continue
            stats = MailboxStats(mailbox=login)
            for row in folders[login]:
                stats.folders.append({"name": row["mailbox"], "special_use": self._role_of(row["mailbox"]),
                                      "messages": int(row.get("messages") or 0),
                                      "bytes": int(row.get("vsize") or 0),
                                      "unseen": int(row.get("unseen") or 0),
                                      "oldest": "", "oldest_saved": _iso(row.get("firstsaved")),
                                      "newest": ""})
            stats.quota_used_bytes, stats.quota_limit_bytes = quotas.get(login, (-1, -1))
            if login in logins_seen:
                stats.last_activity, stats.last_activity_source = logins_seen[login], "last_login"
            result.append(fill_totals(stats).as_dict())
        return result, [{"mailbox": login, "error": error} for login, error in failures.items()]

    def _quotas(self, logins):
        if not logins:
            return {}
        rows, _ = self.runner.run(["quota", "get"], logins)
        found = {}
        for row in rows:
            if row.get("type") == "STORAGE" and str(row.get("limit", "-")).isdigit():
                found[row["username"]] = (int(row["value"]) * 1024, int(row["limit"]) * 1024)
        return found

    def _last_logins(self):
        if not self.last_login_dict:
            return {}
        values = self.runner.dict_iter(self.last_login_dict, self.last_login_prefix)
        return {key[len(self.last_login_prefix):]: _iso(value) for key, value in values.items()
                if str(value).isdigit()}


class _RowFolder(Folder):
    """A folder from a doveadm status row (names are UTF-8, delimiter '/')."""

    __slots__ = ("row", "role")

    def __init__(self, row, role):
        Folder.__init__(self, "", "/", [role] if role else [])
        self.name = row["mailbox"]
        self.raw = row["mailbox"]
        self.row = row
        self.role = role


def make_runner(params, ssl_context):
    """CliRunner or HttpRunner from module parameters."""
    if params.get("doveadm_api_key"):
        scheme = "http" if params.get("security") == "none" else "https"
        url = params.get("doveadm_url") or "%s://%s:%s/doveadm/v1" % (
            scheme, params.get("host") or "127.0.0.1", params.get("port") or 8080)
        return HttpRunner(url, params["doveadm_api_key"],
                          ssl_context=ssl_context if url.startswith("https") else None,
                          timeout=params.get("timeout") or 30, concurrency=params.get("concurrency") or 4)
    config = params.get("doveadm_config")
    if config and not os.path.isfile(config):
        raise ConfigError("doveadm_config: %s not found" % config)
    return CliRunner(params.get("doveadm_bin") or "doveadm", config, params.get("timeout") or 30)
