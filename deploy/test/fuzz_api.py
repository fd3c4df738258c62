#!/usr/bin/env python3
"""Fuzzes every operation of a running server's OpenAPI document (run by fuzz-api.sh).

For each operation it sends the valid request with every role's token and without one, then wrongly
typed, missing, oversized, deeply nested and null-element bodies, strings with NUL characters and
lone surrogates, bad path, query and header values, odd content types, and requests the HTTP layer
has to refuse (empty or invalid Content-Length, malformed percent-encoding, very long URIs, huge
headers, broken framing). Each body sample is valid (a status report by its schema, with a new
report id per request), so that its mutations reach the code behind the validation. It fails on any
5xx, on any 4xx that is not application/problem+json with a type and a title, and on a connection
closed without an answer (except after chunked framing that breaks once the headers were read: the
server cannot find where that request ends). Pages for people (paths under /console) answer HTML and
are left out of the problem+json rule. The same seed sends the same requests. Standard library only.
"""

import argparse
import hashlib
import json
import socket
import sys
import time
from collections import Counter

HTML_PREFIXES = ("/console",)
DEEP = (999, 1001, 5000)
LONG = (101, 201, 1001, 4001, 70000)
# Strings a database may refuse to store (PostgreSQL refuses NUL in text) or a UTF-8 encoder may
# choke on (lone surrogates, sent escaped as JSON allows).
ODD_STRINGS = ("\u0000", "nul\u0000inside", "\ud800", "lone\udfffsurrogate", "\ud83d\u0000")


def page_path(target):
    """The path a request reaches: the absolute form's host dropped, repeated leading slashes one.

    The console (its pages under /console, and / itself: sign-in or overview) answers people in
    HTML, also for the fuzz's odd spellings of its paths."""
    path = target.split("?", 1)[0]
    if "://" in path:
        path = "/" + path.split("://", 1)[1].partition("/")[2]
    return "/" + path.lstrip("/")


def short(value):
    """A value for a label: at most 20 characters, NULs and surrogates escaped so it prints."""
    if isinstance(value, Raw):
        return value.text[:12]
    return (ascii(value) if isinstance(value, str) else str(value))[:20]


def deep_array(depth):
    return "[" * depth + "]" * depth


def deep_object(depth):
    return '{"a":' * depth + "1" + "}" * depth


class Raw:
    """Raw JSON text placed into a body as it is (deep nesting, duplicate keys)."""

    def __init__(self, text):
        self.text = text


def dumps(value):
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(k) + ":" + dumps(v) for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(dumps(v) for v in value) + "]"
    return json.dumps(value)


class Connection:
    """One keep-alive HTTP/1.1 connection that sends bytes exactly as given."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.sock = None

    def close(self):
        if self.sock:
            try:
                self.sock.close()
            except OSError:
                pass
        self.sock, self.reader = None, None

    def exchange(self, data, head_request):
        for attempt in (1, 2):
            if self.sock is None:
                self.sock = socket.create_connection((self.host, self.port), timeout=60)
                self.reader = self.sock.makefile("rb")
            try:
                self.sock.sendall(data)
                return self.read(head_request)
            except (ConnectionError, socket.timeout, OSError, EOFError) as e:
                self.close()
                # A kept-alive connection the server had already closed: send once more.
                if attempt == 2 or not isinstance(e, (BrokenPipeError, ConnectionResetError, EOFError)):
                    return None, {}, b"", str(e)
        return None, {}, b"", "unreachable"

    def read(self, head_request):
        line = self.reader.readline(65536)
        if not line:
            raise EOFError("connection closed without an answer")
        parts = line.decode("latin-1").split(" ", 2)
        status = int(parts[1])
        headers = {}
        while True:
            h = self.reader.readline(65536)
            if h in (b"\r\n", b"\n", b""):
                break
            name, _, value = h.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        body = b""
        if head_request or status in (204, 304) or 100 <= status < 200:
            pass
        elif "content-length" in headers:
            body = self.reader.read(int(headers["content-length"]))
        elif "chunked" in headers.get("transfer-encoding", "").lower():
            while True:
                size = int(self.reader.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.reader.readline()
                    break
                body += self.reader.read(size)
                self.reader.readline()
        else:
            body = self.reader.read()
            self.close()
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, headers, body, None


def request_bytes(method, target, headers, body, length=True):
    lines = [f"{method} {target} HTTP/1.1".encode("latin-1", "replace")]
    names = {n.lower() for n, _ in headers}
    if "host" not in names and "x-no-host" not in names:
        lines.append(b"Host: 127.0.0.1")
    for name, value in headers:
        if name.lower() == "x-no-host":
            continue
        raw = value if isinstance(value, bytes) else value.encode("latin-1", "replace")
        lines.append(name.encode("latin-1", "replace") + b": " + raw)
    if body is not None and length and "content-length" not in names and "transfer-encoding" not in names:
        lines.append(f"Content-Length: {len(body)}".encode())
    return b"\r\n".join(lines) + b"\r\n\r\n" + (body or b"")


class Fuzz:
    def __init__(self, args):
        self.args = args
        host, port = args.base.split("//", 1)[1].rstrip("/").split(":")
        self.conn = Connection(host, int(port))
        self.counts = Counter()
        self.failures = []
        self.sent = 0
        self.unique = 0

    # --- sending and judging --------------------------------------------------------------------

    def send(self, label, method, target, headers=(), body=None, length=True, may_close=False):
        """may_close: the body's framing breaks after the headers were read, so the server may
        close the connection without an answer (it cannot tell where the request ends)."""
        data = request_bytes(method, target, list(headers), body, length)
        status, hdrs, payload, error = self.conn.exchange(data, method == "HEAD")
        self.sent += 1
        if status is None:
            self.counts["closed, no answer"] += 1
            if not may_close:
                self.fail(label, method, target, f"no answer: {error}")
            return None, {}, b""
        self.counts[f"{status // 100}xx"] += 1
        self.counts[status] += 1
        path = page_path(target)
        if status >= 500:
            self.fail(label, method, target, f"{status} {payload[:200]!r}")
        elif status >= 400 and not (path == "/" or path.startswith(HTML_PREFIXES)):
            problem = self.problem_error(method, hdrs, payload)
            if problem:
                self.counts["4xx not problem+json"] += 1
                self.fail(label, method, target, f"{status}: {problem}")
        return status, hdrs, payload

    @staticmethod
    def problem_error(method, headers, payload):
        content_type = headers.get("content-type", "")
        if not content_type.startswith("application/problem+json"):
            return f"Content-Type '{content_type}', body {payload[:120]!r}"
        if method == "HEAD":
            return None
        try:
            problem = json.loads(payload)
        except ValueError:
            return f"problem body is not JSON: {payload[:120]!r}"
        if not isinstance(problem, dict) or not problem.get("type") or not problem.get("title"):
            return f"problem without type or title: {payload[:120]!r}"
        return None

    def fail(self, label, method, target, why):
        self.failures.append(f"{label}: {method} {target[:160]} -> {why}")

    # --- the server under test ------------------------------------------------------------------

    def call(self, method, path, token, body=None):
        headers = [("Authorization", "Bearer " + token)]
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            headers.append(("Content-Type", "application/octet-stream" if isinstance(body, bytes)
                            else "application/json"))
        status, _, payload = self.send("setup", method, path, headers, data)
        if status is None or status >= 300:
            sys.exit(f"setup call {method} {path} answered {status}: {payload[:300]!r}")
        return json.loads(payload) if payload else None

    def setup(self):
        admin = self.args.admin_token
        self.tokens = {"admin": admin}
        for role in ("viewer", "publisher"):
            made = self.call("POST", "/api/v1/admin/tokens", admin, {"name": f"fuzz-{role}", "role": role})
            self.tokens[role] = made["token"]
        self.call("POST", "/api/v1/admin/tokens", admin, {"name": "fuzz-spare", "role": "viewer"})
        self.artifact = b"fuzz artifact bytes\n" * 100
        self.sha = hashlib.sha256(self.artifact).hexdigest()
        self.call("POST", "/api/v1/admin/releases", admin, self.manifest("1.0.0"))
        self.call("PUT", "/api/v1/admin/releases/default/1.0.0/artifacts/app", admin, self.artifact)
        self.call("POST", "/api/v1/admin/releases/default/1.0.0/publish", admin,
                  {"channel": "stable", "rolloutPlan": {"stages": [{"percentage": 50}, {"percentage": 100}]}})
        # A second release for the operations that end a release (pull), so that 1.0.0 stays offered.
        self.call("POST", "/api/v1/admin/releases", admin, self.manifest("1.0.1"))
        self.call("PUT", "/api/v1/admin/releases/default/1.0.1/artifacts/app", admin, self.artifact)
        self.call("POST", "/api/v1/admin/releases/default/1.0.1/publish", admin, {"channel": "stable"})
        self.license_id = self.call("POST", "/api/v1/admin/licenses", admin, {"customer": "fuzz"})["id"]
        self.webhook_id = self.call("POST", "/api/v1/admin/webhooks", admin,
                                    {"url": "http://127.0.0.1:9/fuzz", "secret": "fuzz-secret-0123456789"})["id"]
        status, _, payload = self.send("setup", "GET", "/q/openapi?format=json")
        if status != 200:
            sys.exit(f"GET /q/openapi answered {status}")
        self.openapi = json.loads(payload)

    def manifest(self, version):
        return {"product": "default", "version": version, "channel": "stable",
                "releaseDate": "2026-01-01T00:00:00Z", "expires": "2099-01-01T00:00:00Z",
                "components": {"app": {"version": version, "sha256": self.sha, "size": len(self.artifact)}}}

    def next_name(self):
        self.unique += 1
        return f"fz{self.args.seed}-{self.unique}"

    def path_value(self, name, path):
        if name == "id":
            return str(self.license_id if "licenses" in path else self.webhook_id)
        if name == "version" and path.endswith("/pull"):
            return "1.0.1"
        return {"product": "default", "version": "1.0.0", "channel": "stable", "component": "app",
                "sha256": self.sha, "name": "fuzz-spare" if "tokens" in path else "stable"}.get(name, "x")

    # --- bodies ---------------------------------------------------------------------------------

    def resolve(self, schema):
        while isinstance(schema, dict) and "$ref" in schema:
            schema = self.openapi["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        return schema or {}

    def sample(self, schema, name=""):
        schema = self.resolve(schema)
        known = {"name": self.next_name(), "channel": "stable", "product": "default", "role": "viewer",
                 "url": "http://127.0.0.1:9/fuzz", "secret": "fuzz-secret-0123456789", "customer": "fuzz",
                 "soakTargetChannel": "stable", "version": "1.0.0", "percentage": 50,
                 "blockedVersions": ["9.9.9"], "allowedChannels": ["stable"], "reason": "fuzz",
                 "stages": [{"percentage": 50}, {"percentage": 100}], "follows": "stable"}
        if name in known:
            return known[name]
        kind = schema.get("type")
        if schema.get("enum"):
            return schema["enum"][0]
        if kind == "object" or "properties" in schema:
            return {k: self.sample(v, k) for k, v in schema.get("properties", {}).items()}
        if kind == "array":
            return [self.sample(schema.get("items", {}))]
        if kind == "integer":
            return 1
        if kind == "number":
            return 0.5
        if kind == "boolean":
            return True
        if schema.get("format") == "date-time":
            return "2099-01-01T00:00:00Z"
        return "fuzz"

    def body_sample(self, path, schema):
        if path == "/api/v1/admin/releases":
            return self.manifest(f"1.0.{self.unique + 1}-fz")
        if path == "/api/v1/updates/status":
            # Valid per status-report.schema.json, so that its mutations reach the ingest.
            return {"reportId": f"r-{self.args.seed}-{self.next_name()}", "clientId": "fuzz-client",
                    "product": "default", "fromVersion": "1.0.0", "version": "1.0.1", "channel": "stable",
                    "status": "completed", "timestamp": "2026-01-01T00:00:00Z",
                    "details": {"errors": ["fuzz: a warning"], "downloadTime": 1.5, "installTime": 2.0,
                                "bytesDownloaded": 2000, "bytesFull": 2000}}
        if self.resolve(schema).get("format") == "binary":
            return None
        return self.sample(schema)

    def mutations(self, sample):
        """(label, body) pairs: every field wrongly typed, null, too long, deeply nested, removed."""
        yield "valid", sample
        yield "extra field", {**sample, "zzUnknown": Raw(deep_object(50))}
        yield "duplicate key", Raw("{" + ",".join(
            [json.dumps(k) + ":" + dumps(v) for k, v in sample.items()]
            + [json.dumps(k) + ":" + dumps(v) for k, v in list(sample.items())[:1]]) + "}")
        for key, value in sample.items():
            without = {k: v for k, v in sample.items() if k != key}
            yield f"{key} missing", without
            replacements = [None, 0, -1, 1e308, 10 ** 30, True, "", "x", "2.1", {}, [], [None],
                            [None, "stable"], ["a" * 120] * 50, ["a"] * 3000, Raw("1e99999")]
            replacements += ["a" * n for n in LONG]
            replacements += list(ODD_STRINGS) + [list(ODD_STRINGS)]
            replacements += [Raw(deep_array(d)) for d in DEEP] + [Raw(deep_object(d)) for d in DEEP]
            if isinstance(value, dict):
                for inner in list(value)[:4]:
                    for r in (None, "x", -1, [None], Raw(deep_array(1001)), "a" * 4001, *ODD_STRINGS,
                              list(ODD_STRINGS)):
                        yield f"{key}.{inner}={short(r)}", {**sample, key: {**value, inner: r}}
            if isinstance(value, list) and value and isinstance(value[0], dict):
                for inner in list(value[0])[:3]:
                    for r in (None, "x", -1, 101, 10 ** 12, [None]):
                        yield f"{key}[0].{inner}={r}", {**sample, key: [{**value[0], inner: r}] + value[1:]}
                yield f"{key} null element", {**sample, key: [None] + value}
            for r in replacements:
                yield f"{key}={short(r)}", {**sample, key: r}

    WHOLE_BODIES = [b"", b"null", b"[]", b"{}", b"1", b'"s"', b"{", b'{"a":', b"\xff\xfe\x00", b"\xef\xbb\xbf{}",
                    b'{"name":"\xff\xfe"}', deep_array(1001).encode(), deep_object(5000).encode(),
                    b"[" + b"1," * 500000 + b"1]", b"<xml/>"]

    CONTENT_TYPES = [None, "text/plain", "application/xml", "application/json; charset=utf-16",
                     "application/json; charset=bogus", "a/b/c", "", "multipart/form-data; boundary=x"]

    # --- the cases ------------------------------------------------------------------------------

    def operations(self):
        for path, item in sorted(self.openapi["paths"].items()):
            common = item.get("parameters", [])
            for method, op in sorted(item.items()):
                if method == "parameters":
                    continue
                yield path, method.upper(), op.get("parameters", []) + common, op.get("requestBody")

    def target(self, path, overrides=None, query=""):
        overrides = overrides or {}
        out = path
        for part in path.split("{")[1:]:
            name = part.split("}")[0].split(":")[0]
            value = overrides.get(name, self.path_value(name, path))
            out = out.replace("{" + part.split("}")[0] + "}", value, 1)
        return out + (("?" + query) if query else "")

    def auth(self, role):
        return [("Authorization", "Bearer " + self.tokens[role])] if role else []

    def valid_headers(self, params):
        headers = []
        for p in params:
            if p["in"] == "header" and p["name"] == "X-Current-Version":
                headers.append((p["name"], "0.9.0"))
            elif p["in"] == "header" and p["name"] == "X-Channel":
                headers.append((p["name"], "stable"))
            elif p["in"] == "header" and p["name"] == "X-Client-Id":
                headers.append((p["name"], "fuzz-client-1"))
        return headers

    def fuzz_operation(self, path, method, params, body_spec):
        label = f"{method} {path}"
        base_headers = self.valid_headers(params)
        content = (body_spec or {}).get("content", {})
        declared_type = next(iter(content), None)
        schema = content.get(declared_type, {}).get("schema", {}) if declared_type else {}
        sample = self.body_sample(path, schema) if body_spec else None
        raw_sample = (json.dumps(sample).encode() if sample is not None
                      else self.artifact if body_spec else None)
        json_type = [("Content-Type", "application/json" if declared_type in (None, "*/*")
                      and sample is not None else declared_type or "application/json")]
        body_headers = json_type if body_spec else []
        roles = (None, "viewer", "publisher", "admin")

        # Every role, and tokens that are not valid.
        for role in roles:
            self.send(f"{label} as {role}", method, self.target(path), base_headers + self.auth(role)
                      + body_headers, raw_sample)
        for bad in ("Basic YWRtaW46YWRtaW4=", "Bearer", "Bearer ", "Bearer ou_unknown", "Bearer " + "x" * 5000,
                    "bearer " + self.tokens["viewer"], "Bearer \xe9\xe8"):
            self.send(f"{label} auth {bad[:16]}", method, self.target(path),
                      base_headers + [("Authorization", bad)] + body_headers, raw_sample)

        admin = self.auth("admin")
        # Path parameters.
        for p in params:
            if p["in"] != "path":
                continue
            for value in ("%zz", "%", "%00", "%C0%AF", "..", "%2e%2e", "a%2Fb", "-1", "0", "1.5", "abc",
                          "99999999999999999999", "%C3%A9", "%20", "null", "a" * 300, "a" * 5000,
                          "1.0", "2.1.0-", "1.0.0%2B", "%E2%80%AE", "<x>"):
                self.send(f"{label} {p['name']}={value[:12]}", method, self.target(path, {p["name"]: value}),
                          base_headers + admin + body_headers, raw_sample)
        # Query parameters, declared and not.
        queries = [p["name"] for p in params if p["in"] == "query"] + ["zz"]
        for name in queries:
            for value in ("abc", "-1", "0", "1", "1001", "99999999999999999999", "", "%zz", "%", "a" * 5000,
                          "1.5", "%00", "true"):
                self.send(f"{label} ?{name}={value[:12]}", method, self.target(path, query=f"{name}={value}"),
                          base_headers + admin + body_headers, raw_sample)
            self.send(f"{label} ?{name} twice", method, self.target(path, query=f"{name}=1&{name}=x"),
                      base_headers + admin + body_headers, raw_sample)
        # Header parameters: missing, empty, too long, non-ASCII, wrongly typed.
        for p in params:
            if p["in"] != "header":
                continue
            name = p["name"]
            others = [h for h in base_headers if h[0] != name]
            self.send(f"{label} without {name}", method, self.target(path), others + admin + body_headers, raw_sample)
            for value in ("", " ", "abc", "-1", "1.5", "99999999999999999999", "a" * 300, "a" * 9000,
                          b"\xe9t\xe9", "\"x\"", "W/\"x\"", "*", "bytes=0-", "bytes=5-1", "bytes=-0",
                          "bytes=0-1,2-3", "Mon, 01 Jan 2024 00:00:00 GMT", "2.1", "1.0.0", "../x"):
                if name == "Content-Length" and value not in ("", " ", "abc"):
                    # A declared length the body does not have would keep the server waiting for it.
                    continue
                self.send(f"{label} {name}={str(value)[:12]}", method, self.target(path),
                          others + [(name, value)] + admin + body_headers, raw_sample)
        # Bodies.
        if body_spec:
            if isinstance(sample, dict):
                for role in ("publisher", "admin"):
                    for what, body in self.mutations(sample):
                        if isinstance(body, dict) and body.get("reportId") == sample.get("reportId"):
                            # A report id seen before is counted once: a new one reaches the ingest.
                            body = {**body, "reportId": f"r-{self.args.seed}-{self.next_name()}"}
                        data = dumps(body).encode()
                        self.send(f"{label} body {what}", method, self.target(path),
                                  base_headers + self.auth(role) + body_headers, data)
                        if isinstance(body, dict) and path != "/api/v1/admin/releases" and "name" in sample:
                            sample = {**sample, "name": self.next_name()}
            for data in self.WHOLE_BODIES:
                for ctype in (declared_type if declared_type != "*/*" else "application/json",
                              *self.CONTENT_TYPES):
                    headers = base_headers + admin + ([("Content-Type", ctype)] if ctype is not None else [])
                    self.send(f"{label} body {data[:10]!r} as {ctype}", method, self.target(path), headers, data)
        # Accept headers and other methods.
        for accept in ("application/xml", "text/csv", "*/*;q=abc", "", "application/problem+json", "text/html"):
            self.send(f"{label} Accept {accept}", method, self.target(path),
                      base_headers + admin + body_headers + [("Accept", accept)], raw_sample)
        for other in ("PATCH", "TRACE", "OPTIONS", "BREW", "HEAD", "DELETE", "PUT", "POST"):
            if other != method:
                self.send(f"{label} as {other}", other, self.target(path), base_headers + admin)
        self.http_layer(label, method, path, base_headers + admin + body_headers, raw_sample)

    def http_layer(self, label, method, path, headers, body):
        t = self.target(path)
        cases = [
            ("empty Content-Length", headers + [("Content-Length", "")], b"", False),
            ("Content-Length abc", headers + [("Content-Length", "abc")], b"", False),
            ("Content-Length twice", headers + [("Content-Length", "0"), ("Content-Length", "1")], b"", False),
            ("chunked and length", headers + [("Transfer-Encoding", "chunked"), ("Content-Length", "5")],
             b"0\r\n\r\n", False),
            ("bad chunk", headers + [("Transfer-Encoding", "chunked")], b"zz\r\nabc\r\n0\r\n\r\n", None),
            ("Transfer-Encoding gzip", headers + [("Transfer-Encoding", "gzip")], b"", False),
            ("no Host", headers + [("X-No-Host", "1")], body, True),
            ("empty Host", headers + [("Host", "")], body, True),
            ("space in header name", headers + [("X Bad", "1")], body, True),
            ("control character", headers + [("X-Odd", b"a\x01b")], body, True),
            ("non-ASCII header", headers + [("X-Odd", b"\xc3\xa9\xff")], body, True),
            ("300 headers", headers + [(f"X-H{i}", "v") for i in range(300)], body, True),
        ]
        for size in (9000, 30000, 70000, 300000):
            cases.append((f"header of {size}", headers + [("X-Big", "a" * size)], body, True))
        for what, hdrs, data, length in cases:
            # length None: chunked framing that breaks after the headers.
            self.send(f"{label} {what}", method, t, hdrs, data, bool(length), may_close=length is None)
        for what, target in [
            ("percent %zz", t + "%zz"), ("lone %", t + "/%"), ("%00", t + "%00"), ("query %zz", t + "?a=%zz"),
            ("query %", t + "?%"), ("double slash", "/" + t), ("dot segments", t + "/../.."),
            ("no slash", t.lstrip("/")), ("absolute form", "http://127.0.0.1" + t), ("fragment", t + "#x"),
            ("URI 9000", t + "?q=" + "a" * 9000), ("URI 30000", t + "?q=" + "a" * 30000),
            ("URI 70000", t + "?q=" + "a" * 70000), ("URI 300000", t + "/" + "a" * 300000),
            ("path 5000", t + "/" + "a" * 5000), ("space in target", t + " x"),
        ]:
            self.send(f"{label} {what}", method, target, headers, body)
        self.send(f"{label} HTTP/1.0", method, t + " HTTP/1.0\r\nX-A: 1", headers, body)
        self.send(f"{label} bad version", method, t + " HTTP/9.9\r\nX-A: 1", headers, body)

    def run(self):
        started = time.time()
        self.setup()
        operations = list(self.operations())
        rounds = 0
        while self.sent < self.args.min_requests or rounds == 0:
            rounds += 1
            for path, method, params, body in operations:
                self.fuzz_operation(path, method, params, body)
        elapsed = time.time() - started
        print(f"fuzzed {len(operations)} operations of {self.args.base}/q/openapi in {rounds} round(s): "
              f"{self.sent} requests in {elapsed:.0f} s (seed {self.args.seed})")
        for key in ("2xx", "3xx", "4xx", "5xx", "4xx not problem+json", "closed, no answer"):
            print(f"  {key:22} {self.counts.get(key, 0)}")
        print("  by status: " + ", ".join(f"{k}: {v}" for k, v in sorted(
            (k, v) for k, v in self.counts.items() if isinstance(k, int))))
        if self.failures:
            print(f"FAIL: {len(self.failures)} answers broke the rules; the first ones:")
            for failure in self.failures[: self.args.show]:
                print("  " + failure)
            return 1
        print("no 5xx, every 4xx is problem+json")
        return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="http://127.0.0.1:PORT")
    parser.add_argument("--admin-token", required=True)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--min-requests", type=int, default=10000)
    parser.add_argument("--show", type=int, default=40, help="failures printed")
    args = parser.parse_args()
    sys.exit(Fuzz(args).run())


if __name__ == "__main__":
    main()
