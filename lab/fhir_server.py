# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Local stand-in of the Annuaire Santé FHIR v2 gateway (http.server, 127.0.0.1, free port).

Implements only what the collection uses, as documented: `identifier` (OR-lists, value or
system|value), `mailbox-mss` (OR-lists, exact, case-insensitive), `organization`, `practitioner`,
`partof`, `_id`, `_include`, `_revinclude`, `_count`, opaque `_page?id=` next links,
OperationOutcome errors, 401 without the right ESANTE-API-KEY. Faults can be injected (429
storms with Retry-After, 5xx, latency) and every request is recorded with its start time.

Hostile answers, opt-in (`faults.hostile = <mode>`, every request until set back to None; see
HOSTILE): an OperationOutcome with 200, an empty Bundle, a wrong `total`, a next link to itself,
another resource or a list instead of a Bundle, JSON cut or invalid, a body shorter than its
Content-Length, a bad status line, a body dripped byte by byte. `HostileFileServer` serves an
extraction file the same way (HTML page with 200, Content-Length larger than the body).
"""

import glob
import json
import os
import socket
import ssl
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from lab.fixtures import annuaire_fixture

IG_FOLDERS = ("fhir-v2-ig-examples", "fhir-mss-api-ig-examples", "synthetic")
RESOURCE_TYPES = ("Practitioner", "PractitionerRole", "Organization")
KNOWN_PARAMS = {"identifier", "mailbox-mss", "organization", "practitioner", "partof", "_id",
                "_include", "_revinclude", "_count", "_elements", "active", "_total"}


def ig_resources():
    """Resources of the shared IG examples and synthetic bundles (deduplicated by type/id)."""
    found = {}
    paths = sorted(path for folder in IG_FOLDERS
                   for path in glob.glob(os.path.join(annuaire_fixture(folder), "*.json")))
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        items = [e["resource"] for e in data.get("entry", [])] if data.get("resourceType") == "Bundle" else [data]
        for res in items:
            if res.get("resourceType") in RESOURCE_TYPES and len(res) > 3:
                found.setdefault((res["resourceType"], res["id"]), res)
    return list(found.values())


def outcome(code, text):
    return {"resourceType": "OperationOutcome",
            "issue": [{"severity": "error", "code": code, "diagnostics": text}]}


def _ref(value):
    return value.rstrip("/").rpartition("/")[2]


def _mailboxes(resource):
    return {str(t.get("value", "")).lower() for t in resource.get("telecom") or ()
            if t.get("system") == "email"}


class Faults:
    """Injected misbehaviour, consumed request by request."""

    def __init__(self):
        self.lock = threading.Lock()
        self.storm = 0  # next N requests answer 429
        self.retry_after = "1"
        self.errors = 0  # next N requests answer error_status
        self.error_status = 503
        self.latency = 0.0  # seconds added to every answer
        self.hostile = None  # one of HOSTILE: every answer misbehaves that way
        self.drip_delay = 0.2  # seconds between bytes in the "slow_drip" mode

    def take(self):
        with self.lock:
            if self.storm:
                self.storm -= 1
                return 429
            if self.errors:
                self.errors -= 1
                return self.error_status
        return None


HOSTILE = ("outcome_200", "empty_bundle", "wrong_total", "next_loop", "not_bundle", "json_list",
           "bad_json", "entry_strings", "cut_body", "bad_status", "slow_drip")


def hostile_body(mode, bundle, url):
    """The JSON answer of a hostile mode from the honest `bundle` (None: the mode is not about JSON)."""
    if mode == "outcome_200":
        return outcome("too-costly", "Search aborted: backend timeout, partial results discarded")
    if mode == "empty_bundle":
        return dict(bundle, total=0, entry=[], link=[link for link in bundle["link"] if link["relation"] != "next"])
    if mode == "wrong_total":
        return dict(bundle, total=bundle.get("total", 0) + 5)
    if mode == "next_loop":
        return dict(bundle, link=[{"relation": "self", "url": url}, {"relation": "next", "url": url}])
    if mode == "not_bundle":
        return {"resourceType": "Practitioner", "id": "x"}
    if mode == "json_list":
        return [bundle]
    if mode == "entry_strings":
        return dict(bundle, entry=["Practitioner/1"])
    return None


REFERENCE_FIELDS = {"organization": "organization", "practitioner": "practitioner", "partof": "partOf"}


class FhirStore:
    """The resources, indexed once so that a search costs what it returns, not what the store holds
    (10,000 professionals: the lab must answer faster than the national API's 17 req/s)."""

    def __init__(self, resources):
        self.by_type = {t: {} for t in RESOURCE_TYPES}
        for res in resources:
            self.by_type[res["resourceType"]][res["id"]] = res
        self.sorted_ids = {t: sorted(found) for t, found in self.by_type.items()}
        # per type: identifier value -> {(system, id)}; lower-cased email -> {id};
        # per type and reference field: referenced id -> {id}
        self.identifiers = {t: {} for t in RESOURCE_TYPES}
        self.mailboxes = {t: {} for t in RESOURCE_TYPES}
        self.references = {t: {f: {} for f in REFERENCE_FIELDS.values()} for t in RESOURCE_TYPES}
        for kind, found in self.by_type.items():
            for rid, res in found.items():
                self._index(kind, rid, res)
        self.pages = {}
        self.lock = threading.Lock()

    def _index(self, kind, rid, res):
        for ident in res.get("identifier") or ():
            if isinstance(ident.get("value"), str):  # a search value is a string: nothing else matches
                self.identifiers[kind].setdefault(ident["value"], set()).add((ident.get("system"), rid))
        for address in _mailboxes(res):
            self.mailboxes[kind].setdefault(address, set()).add(rid)
        for field, index in self.references[kind].items():
            index.setdefault(_ref((res.get(field) or {}).get("reference", "")), set()).add(rid)

    def _ids(self, kind, name, wanted):
        """Ids of `kind` matching one search parameter's OR-list `wanted`."""
        if name == "_id":
            return {v for v in wanted if v in self.by_type[kind]}
        if name == "identifier":
            found = set()
            for token in wanted:
                system, sep, value = token.rpartition("|")
                found.update(rid for ident_system, rid in self.identifiers[kind].get(value, ())
                             if not sep or ident_system == system)
            return found
        if name == "mailbox-mss":
            index = self.mailboxes[kind]
            return {rid for value in wanted for rid in index.get(value.lower(), ())}
        index = self.references[kind][REFERENCE_FIELDS[name]]
        return {rid for value in wanted for rid in index.get(_ref(value), ())}

    def search(self, kind, params):
        """The matching resources sorted by id; raises ValueError for an unsupported parameter."""
        unknown = set(params) - KNOWN_PARAMS
        if unknown:
            raise ValueError("HAPI-0524: Unknown search parameter \"%s\" for resource type \"%s\""
                             % (sorted(unknown)[0], kind))
        selected = None
        for name in ("_id", "identifier", "mailbox-mss", *REFERENCE_FIELDS):
            if name in params:
                wanted = [v for raw in params[name] for v in raw.split(",") if v]
                found = self._ids(kind, name, wanted)
                selected = found if selected is None else selected & found
        found = self.by_type[kind]
        if selected is None:
            return [found[rid] for rid in self.sorted_ids[kind]]
        return [found[rid] for rid in sorted(selected)]

    def includes(self, kind, page_items, params):
        extra = []
        for spec in params.get("_include", []):
            field = {"PractitionerRole:practitioner": "practitioner",
                     "PractitionerRole:organization": "organization",
                     "Organization:partof": "partOf"}.get(spec)
            target = "Organization" if field in ("organization", "partOf") else "Practitioner"
            for res in page_items:
                ref = _ref((res.get(field) or {}).get("reference", "")) if field else ""
                if ref in self.by_type[target]:
                    extra.append(self.by_type[target][ref])
        for spec in params.get("_revinclude", []):
            source, _sep, field = spec.partition(":")
            index = self.references.get(source, {}).get(field)
            if index is None:  # a field we do not index: the slow way, as before
                ids = {r["id"] for r in page_items}
                extra.extend(res for res in self.by_type.get(source, {}).values()
                             if _ref((res.get(field) or {}).get("reference", "")) in ids)
                continue
            for res in page_items:
                extra.extend(self.by_type[source][rid] for rid in sorted(index.get(res["id"], ())))
        unique = {}
        for res in extra:
            unique.setdefault((res["resourceType"], res["id"]), res)
        return list(unique.values())


class QuietHandler(BaseHTTPRequestHandler):
    """HTTP/1.1, nothing logged: the base of the test servers' handlers."""
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass


class Handler(QuietHandler):
    server_version = "LocalFhir/2"

    def _send(self, status, body, headers=None):
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/fhir+json;charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        app = self.server.app
        started = time.monotonic()
        status, body, headers = self._answer(app)
        if app.faults.latency:
            time.sleep(app.faults.latency)
        with app.lock:
            app.requests.append({"t": started, "path": self.path, "status": status})
        mode = app.faults.hostile
        if mode and status == 200:
            self._hostile(mode, body)
        else:
            self._send(status, body, headers)

    def _hostile(self, mode, body):
        changed = hostile_body(mode, body, app_url(self))
        if changed is not None:
            self._send(200, changed)
            return
        data = json.dumps(body).encode("utf-8")
        if mode == "bad_status":
            self.wfile.write(b"HTTP/1.1 OK-ish\r\n\r\n")
        elif mode == "bad_json":
            self._raw(200, data[:len(data) // 2], len(data) // 2)
        elif mode == "cut_body":
            self._raw(200, data[:len(data) // 2], len(data))
        elif mode == "slow_drip":
            self.send_response(200)
            self.send_header("Content-Type", "application/fhir+json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            for index in range(len(data)):
                try:
                    self.wfile.write(data[index:index + 1])
                    self.wfile.flush()
                except OSError:
                    break
                time.sleep(self.server.app.faults.drip_delay)
        self.close_connection = True

    def _raw(self, status, data, length):
        """Send `data` announcing `length` bytes, then close (a body cut short when length is larger)."""
        self.send_response(status)
        self.send_header("Content-Type", "application/fhir+json")
        self.send_header("Content-Length", str(length))
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _answer(self, app):
        if self.headers.get("ESANTE-API-KEY") != app.api_key:
            return 401, outcome("security", "Unauthorized: invalid or missing ESANTE-API-KEY"), {}
        fault = app.faults.take()
        if fault == 429:
            return 429, outcome("throttled", "Quota exceeded"), {"Retry-After": app.faults.retry_after}
        if fault:
            return fault, outcome("exception", "Injected server error"), {}
        parts = urllib.parse.urlsplit(self.path)
        path = parts.path[len(app.prefix):].strip("/") if parts.path.startswith(app.prefix) else None
        params = urllib.parse.parse_qs(parts.query)
        if path == "_page":
            token = (params.get("id") or [""])[0]
            with app.store.lock:
                state = app.store.pages.pop(token, None)
            if state is None:
                return 410, outcome("not-found", "Search page expired or unknown: %s" % token), {}
            return 200, app.page(*state), {}
        if path not in RESOURCE_TYPES:
            return 404, outcome("not-supported", "HAPI-0302: Unknown resource type '%s' - Server "
                                "knows how to handle: %s" % (path, list(RESOURCE_TYPES))), {}
        try:
            items = app.store.search(path, params)
        except ValueError as exc:
            return 400, outcome("processing", str(exc)), {}
        count = int((params.get("_count") or [app.default_count])[0])
        return 200, app.page(path, items, params, 0, count), {}


def app_url(handler):
    """The absolute URL of the request being answered."""
    return "%s%s" % (handler.server.app.url.rpartition(handler.server.app.prefix)[0], handler.path)


class FileHandler(QuietHandler):
    """Serves `app.data` for any path; `app.mode`: None, "html" (a 200 error page) or "short"."""

    def do_GET(self):
        app = self.server.app
        data, length = app.data, len(app.data)
        if app.mode == "html":
            data = b"<!DOCTYPE html><html><body><h1>Maintenance</h1></body></html>\n"
            length = len(data)
        elif app.mode == "short":
            data = data[:len(data) * 2 // 5]  # 40 % of the file, the full length announced
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(length))
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


class Served:
    """`with` serves `self.httpd` from a thread, and stops it at the end."""
    httpd = None

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


class HostileFileServer(Served):
    """An extraction file over http(s) on 127.0.0.1; `mode` as FileHandler; `url` ends in .txt."""

    def __init__(self, data, certs=None, mode=None):
        self.data, self.mode = data, mode
        self.httpd, scheme = loopback_httpd(FileHandler, self, certs)
        self.url = "%s://127.0.0.1:%d/Extraction_Correspondance_MSSante.txt" % (scheme, self.httpd.server_address[1])


def loopback_httpd(handler, app, certs=None):
    """(threading server on 127.0.0.1, free port, `app` as its .app; scheme) - https with `certs`."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    httpd.app = app
    if certs is None:
        return httpd, "http"
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certs.cert, certs.key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    return httpd, "https"


class LocalFhirServer:
    """Start with `start()`; `url` is the base (…/fhir/v2); `requests` records each call."""

    def __init__(self, resources, api_key="test-key", certs=None, default_count=50):
        self.api_key = api_key
        self.store = FhirStore(resources)
        self.faults = Faults()
        self.requests = []
        self.lock = threading.Lock()
        self.prefix = "/fhir/v2"
        self.default_count = default_count
        self.httpd, scheme = loopback_httpd(Handler, self, certs)
        self.port = self.httpd.server_address[1]
        self.url = "%s://127.0.0.1:%d%s" % (scheme, self.port, self.prefix)
        self.thread = None

    def page(self, kind, items, params, offset, count):
        chunk = items[offset:offset + count]
        entries = [{"fullUrl": "%s/%s/%s" % (self.url, kind, r["id"]), "resource": r,
                    "search": {"mode": "match"}} for r in chunk]
        entries += [{"fullUrl": "%s/%s/%s" % (self.url, r["resourceType"], r["id"]), "resource": r,
                     "search": {"mode": "include"}} for r in self.store.includes(kind, chunk, params)]
        links = [{"relation": "self", "url": "%s/%s" % (self.url, kind)}]
        if offset + count < len(items):
            token = uuid.uuid4().hex
            with self.store.lock:
                self.store.pages[token] = (kind, items, params, offset + count, count)
            links.append({"relation": "next", "url": "%s/_page?id=%s" % (self.url, token)})
        return {"resourceType": "Bundle", "id": uuid.uuid4().hex, "type": "searchset",
                "total": len(items), "link": links, "entry": entries}

    def start(self):
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def max_per_second(self):
        """Most request starts seen in any 1-second window [t, t+1)."""
        times = sorted(r["t"] for r in self.requests)
        best, low = 0, 0
        for high, when in enumerate(times):
            while times[low] <= when - 1.0:
                low += 1
            best = max(best, high - low + 1)
        return best


def lab_double(lab):
    """A LocalFhirServer in this process serving a lab's resources with its key and certificate
    (faults can be injected in it, not in the lab's own daemon); use it as a context manager."""
    # pylint: disable-next=import-outside-toplevel
    from lab import stack
    with open(os.path.join(lab["directory"], "fhir-resources.json"), encoding="utf-8") as handle:
        resources = json.load(handle)
    return LocalFhirServer(resources, api_key=lab["annuaire"]["api_key"],
                           certs=stack.existing_certs(lab["directory"]))
