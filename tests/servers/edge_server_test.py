#!/usr/bin/env python3
"""Self-test of edge_server.py: every endpoint, through Debian's curl command
line where a real client fits, and through raw sockets (Python) for the
WebSocket endpoint and for the byte-exact and fault cases.

    edge_server_test.py [--junit FILE] [--ca CA_PEM] [-k SUBSTRING]

Talks to the server named by HINTERNET_TEST_EDGE_PORT and
HINTERNET_TEST_EDGE_TLS_PORT (with --ca or HINTERNET_TEST_CA_PEM, the test
CA that signed its certificate). When those are not set it starts its own
server (and test CA) in a temporary directory and stops it at the end.
Each check is one test case; --junit writes them as a JUnit report. Exits 0
when all pass.
"""
import argparse
import base64
import hashlib
import json
import os
import re
import shutil
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.parse
import xml.etree.ElementTree as ET
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import edge_server  # noqa: E402
from edge_server import MALFORMED, md4, pattern  # noqa: E402

PORT = TLS_PORT = 0
CA = ""
REV_PORTS = {}  # "good", "revoked", "offline", "counted" -> the revocation listeners' ports
TMP = ""
CASES = []


def case(name):
    def register(fn):
        CASES.append((name, fn))
        return fn
    return register


def check(condition, message):
    if not condition:
        raise AssertionError(message)


# --------------------------------------------------------------------------
# Clients
# --------------------------------------------------------------------------

def base(tls=False, host="127.0.0.1"):
    return f"{'https' if tls else 'http'}://{host}:{TLS_PORT if tls else PORT}"


class Result:
    def __init__(self, rc, info, blocks, body, stderr):
        self.rc, self.info, self.blocks, self.body, self.stderr = rc, info, blocks, body, stderr
        final = [b for b in blocks if b and b[0].startswith("HTTP/")]
        self.status_line = final[-1][0] if final else ""
        self.headers = final[-1][1:] if final else []
        self.status = info.get("http_code", 0)

    def header(self, name):
        values = self.all(name)
        return values[0] if values else None

    def all(self, name, block=None):
        lines = self.headers if block is None else block[1:]
        out = []
        for line in lines:
            n, _, v = line.partition(":")
            if n.strip().lower() == name.lower():
                out.append(v.strip())
        return out

    def __repr__(self):
        return f"<curl rc={self.rc} status={self.status} {self.stderr.strip()[:200]!r} body={self.body[:120]!r}>"


def curl(path, *args, tls=False, host="127.0.0.1", timeout=20):
    """curl PATH (or a full URL) with ARGS; the last response's status and
    headers, every header block (-D: interim, redirect, trailers), the body."""
    url = path if "://" in path else base(tls, host) + path
    hfile, bfile = os.path.join(TMP, "headers"), os.path.join(TMP, "body")
    for f in (hfile, bfile):
        if os.path.exists(f):
            os.remove(f)
    cmd = ["curl", "-sS", "--max-time", str(timeout), "--cacert", CA, "-D", hfile, "-o", bfile,
           "-w", "%{json}", *args, url]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout + 10)
    try:
        info = json.loads(proc.stdout.decode(errors="replace") or "{}")
    except ValueError:
        info = {}
    blocks = []
    if os.path.exists(hfile):
        with open(hfile, "rb") as f:
            text = f.read().decode("latin-1")
        for chunk in text.replace("\r\n", "\n").split("\n\n"):
            lines = [line for line in chunk.split("\n") if line]
            if lines:
                blocks.append(lines)
    body = b""
    if os.path.exists(bfile):
        with open(bfile, "rb") as f:
            body = f.read()
    return Result(proc.returncode, info, blocks, body, proc.stderr.decode(errors="replace"))


def curl_stdout(urls, *args, timeout=20):
    """curl with several URLs (one connection when it can): rc, stdout, and
    the header file's text."""
    hfile = os.path.join(TMP, "headers-multi")
    proc = subprocess.run(["curl", "-sS", "--max-time", str(timeout), "--cacert", CA, "-D", hfile, *args, *urls],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout + 10)
    with open(hfile, "rb") as f:
        headers = f.read().decode("latin-1")
    return proc.returncode, proc.stdout, headers


def connect(tls=False, host="127.0.0.1", timeout=10):
    sock = socket.create_connection((host, TLS_PORT if tls else PORT), timeout=timeout)
    if tls:
        ctx = ssl.create_default_context(cafile=CA)
        sock = ctx.wrap_socket(sock, server_hostname="localhost")
    return sock


def read_all(sock, limit=64 << 20):
    """Everything until EOF; (data, name of the error that ended it or None)."""
    data = bytearray()
    try:
        while len(data) < limit:
            chunk = sock.recv(65536)
            if not chunk:
                return bytes(data), None
            data += chunk
    except (ConnectionResetError, ssl.SSLError, socket.timeout, OSError) as e:
        return bytes(data), type(e).__name__
    return bytes(data), "limit"


def raw(request, tls=False, host="127.0.0.1", timeout=10):
    """Sends REQUEST (bytes, or a path for a GET with Connection: close) and
    reads until the server closes."""
    if isinstance(request, str):
        request = f"GET {request} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
    with connect(tls, host, timeout) as sock:
        sock.sendall(request)
        return read_all(sock)


def split_response(data):
    """(status line, [(name, value)], rest) of the first response in DATA."""
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = [tuple(x.strip() for x in line.split(":", 1)) for line in lines[1:]]
    return lines[0], headers, rest


def hdr(headers, name):
    for n, v in headers:
        if n.lower() == name.lower():
            return v
    return None


# --------------------------------------------------------------------------
# Addresses, TLS, basics
# --------------------------------------------------------------------------

@case("plain port answers on 127.0.0.1")
def _():
    r = curl("/status/200")
    check(r.rc == 0 and r.status == 200 and r.body == b"status 200\n", r)


@case("plain port answers on [::1] (same port number)")
def _():
    r = curl("/status/200", host="[::1]")
    check(r.rc == 0 and r.status == 200 and r.info.get("remote_ip") == "::1", r)


@case("TLS port verifies against the test CA on 127.0.0.1, ALPN http/1.1 only")
def _():
    r = curl("/status/200", "--http2", tls=True)
    check(r.rc == 0 and r.status == 200 and r.info.get("http_version") == "1.1", r)


@case("TLS port verifies as localhost and answers on [::1]")
def _():
    r = curl("https://localhost:%d/status/200" % TLS_PORT)
    check(r.rc == 0 and r.status == 200, r)
    r = curl("/status/200", tls=True, host="[::1]")
    check(r.rc == 0 and r.status == 200, r)


@case("/ lists the endpoints")
def _():
    r = curl("/")
    check(r.status == 200 and b"/ws/echo" in r.body and b"/upload-paced" in r.body, r)


@case("unknown path is 404")
def _():
    r = curl("/no/such/thing")
    check(r.status == 404 and b"no such endpoint" in r.body, r)


@case("every response carries X-Connection-Id and X-Request-Count")
def _():
    r = curl("/status/200")
    check(r.header("X-Connection-Id", ) and r.header("X-Request-Count") == "1", r.headers)


@case("a bad request line gets 400 and the connection is closed")
def _():
    data, err = raw(b"THIS IS NOT HTTP\r\n\r\n")
    check(data.startswith(b"HTTP/1.1 400 ") and b"Connection: close" in data, data[:200])


@case("pipelined requests are answered in order on one connection")
def _():
    req = b"GET /keepalive-count HTTP/1.1\r\nHost: x\r\n\r\n" * 2 + \
        b"GET /keepalive-count HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    data, err = raw(req)
    bodies = [part.split(b"\r\n\r\n", 1)[1][:2] for part in data.split(b"HTTP/1.1 200 OK")[1:]]
    check(bodies == [b"1\n", b"2\n", b"3\n"], data)


@case("an absolute-form target (proxy style) is served by its path")
def _():
    r = curl("http://example.invalid/status/202", "-x", base())
    check(r.status == 202, r)
    data, _ = raw(b"GET http://127.0.0.1/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    check(b"GET http://127.0.0.1/echo HTTP/1.1\r\n" in data, data)


# --------------------------------------------------------------------------
# /status, /interim
# --------------------------------------------------------------------------

@case("/status/418?reason= sets status and reason phrase")
def _():
    r = curl("/status/418?reason=I%27m%20a%20teapot")
    check(r.status == 418 and r.status_line == "HTTP/1.1 418 I'm a teapot" and r.body == b"status 418\n", r)


@case("/status/<code> default reason phrases, 599 Unknown")
def _():
    r = curl("/status/503")
    check(r.status_line == "HTTP/1.1 503 Service Unavailable", r.status_line)
    r = curl("/status/599")
    check(r.status_line == "HTTP/1.1 599 Unknown", r.status_line)


@case("/status/204 and /status/304 have no body")
def _():
    data, _ = raw("/status/204")
    check(data.startswith(b"HTTP/1.1 204 No Content\r\n") and data.endswith(b"\r\n\r\n")
          and b"Content-Length" not in data, data)
    data, _ = raw("/status/304")
    check(data.startswith(b"HTTP/1.1 304 Not Modified\r\n") and data.endswith(b"\r\n\r\n"), data)


@case("?h=Name:Value adds headers, repeatable, in order")
def _():
    r = curl("/status/503?h=Retry-After:5&h=X-Two:%20two&h=X-Two:again")
    check(r.header("Retry-After") == "5" and r.all("X-Two") == ["two", "again"], r.headers)


@case("?body= replaces the body")
def _():
    r = curl("/status/500?body=oops")
    check(r.status == 500 and r.body == b"oops", r)


@case("/status/103 is an interim response before a final 200")
def _():
    r = curl("/status/103")
    check(r.status == 200 and [b[0] for b in r.blocks][:2] == ["HTTP/1.1 103 Early Hints", "HTTP/1.1 200 OK"], r.blocks)


@case("/interim/100-then-200")
def _():
    data, _ = raw("/interim/100-then-200")
    check(data.startswith(b"HTTP/1.1 100 Continue\r\nX-Interim: 1\r\n\r\nHTTP/1.1 200 OK\r\n"), data[:200])
    r = curl("/interim/100-then-200")
    check(r.status == 200 and r.body == b"final 200 after 1 interim\n", r)


@case("/interim/103-100-then-404: several interim responses, then the final one")
def _():
    r = curl("/interim/103-100-then-404")
    lines = [b[0] for b in r.blocks]
    check(lines == ["HTTP/1.1 103 Early Hints", "HTTP/1.1 100 Continue", "HTTP/1.1 404 Not Found"], lines)
    check(r.all("Link", r.blocks[0]) == ["</style.css>; rel=preload; as=style"], r.blocks[0])


@case("HEAD gets the headers without the body")
def _():
    data, _ = raw(b"HEAD /status/200 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    check(data.endswith(b"\r\n\r\n") and b"Content-Length: 11\r\n" in data, data)


# --------------------------------------------------------------------------
# Chunked, lengths, HTTP/1.0
# --------------------------------------------------------------------------

@case("/chunked/5/100: five chunks of the pattern")
def _():
    data, _ = raw("/chunked/5/100")
    status, headers, rest = split_response(data)
    check(hdr(headers, "Transfer-Encoding") == "chunked" and rest.count(b"64\r\n") == 5
          and rest.endswith(b"0\r\n\r\n"), data[:300])
    r = curl("/chunked/5/100")
    check(r.rc == 0 and r.body == pattern(500), r)


@case("/chunked/3/10?ext=1: chunk extensions are ignored by the client")
def _():
    data, _ = raw("/chunked/3/10?ext=1")
    check(b"a;ext=1\r\n" in data, data)
    r = curl("/chunked/3/10?ext=1")
    check(r.rc == 0 and r.body == pattern(30), r)


@case("/chunked-trailer: Trailer header and trailers after the last chunk")
def _():
    r = curl("/chunked-trailer")
    trailers = r.blocks[-1]
    check(r.rc == 0 and r.body == pattern(30) and r.header("Trailer") == "X-Trailer-One, X-Body-Sha256", r)
    check(trailers == ["X-Trailer-One: one", "X-Body-Sha256: " + hashlib.sha256(pattern(30)).hexdigest()], trailers)
    r = curl("/chunked-trailer/4/1000")
    check(r.body == pattern(4000) and r.blocks[-1][1] == "X-Body-Sha256: " +
          hashlib.sha256(pattern(4000)).hexdigest(), r.blocks[-1])


for kind, wanted in (("", b"zz\r\n"), ("/size", b"zz\r\n"), ("/overflow", b"ffffffffffffffffffff\r\n"),
                     ("/crlf", b"5\r\nworldXX"), ("/eof", b"")):
    def make(kind=kind, wanted=wanted):
        @case(f"/chunked-bad{kind}: a good chunk, then the fault; curl fails")
        def _():
            data, _ = raw(f"/chunked-bad{kind}")
            status, headers, rest = split_response(data)
            check(rest.startswith(b"5\r\nhello\r\n" + wanted), rest)
            if kind == "/eof":
                check(rest == b"5\r\nhello\r\n", rest)
            r = curl(f"/chunked-bad{kind}")
            check(r.rc in (18, 56) and r.body.startswith(b"hello"), r)
    make()


@case("/length-lie/100/50: declared more than sent, then close (curl: partial file)")
def _():
    data, err = raw("/length-lie/100/50")
    status, headers, rest = split_response(data)
    check(hdr(headers, "Content-Length") == "100" and rest == pattern(50) and err is None, data)
    r = curl("/length-lie/100/50")
    check(r.rc == 18 and r.body == pattern(50), r)


@case("/length-lie/5/10: declared less than sent; the client stops at 5")
def _():
    data, err = raw("/length-lie/5/10")
    status, headers, rest = split_response(data)
    check(hdr(headers, "Content-Length") == "5" and rest == pattern(10), data)
    r = curl("/length-lie/5/10")
    check(r.rc == 0 and r.body == pattern(5), r)


@case("/no-length/100000: body until close, no Content-Length")
def _():
    data, err = raw("/no-length/100000")
    status, headers, rest = split_response(data)
    check(status == "HTTP/1.1 200 OK" and hdr(headers, "Content-Length") is None
          and hdr(headers, "Transfer-Encoding") is None and rest == pattern(100000), data[:300])
    r = curl("/no-length/100000", tls=True)
    check(r.rc == 0 and r.body == pattern(100000), r)


@case("/http10: an HTTP/1.0 response delimited by close")
def _():
    r = curl("/http10")
    check(r.rc == 0 and r.status_line == "HTTP/1.0 200 OK" and r.header("Content-Length") is None
          and r.body == b"this is an HTTP/1.0 response\n", r)


@case("/http10/keepalive: HTTP/1.0 with Content-Length keeps the connection")
def _():
    rc, out, headers = curl_stdout([base() + "/http10/keepalive", base() + "/http10/keepalive"])
    ids = [line.split(":")[1].strip() for line in headers.splitlines() if line.startswith("X-Connection-Id")]
    check(rc == 0 and out == b"this is an HTTP/1.0 response\n" * 2 and len(ids) == 2 and ids[0] == ids[1],
          (rc, out, headers))
    check("HTTP/1.0 200 OK" in headers and "Connection: keep-alive" in headers, headers)


# --------------------------------------------------------------------------
# Redirects
# --------------------------------------------------------------------------

for code in (301, 302, 303, 307, 308):
    def make(code=code):
        @case(f"/redirect/{code}/3: three {code}s, then the final request is echoed")
        def _():
            r = curl(f"/redirect/{code}/3?x=1")
            check(r.status == code and r.header("Location") == f"/redirect/{code}/2?x=1", r)
            r = curl(f"/redirect/{code}/3?x=1", "-L")
            check(r.rc == 0 and r.status == 200 and r.info.get("num_redirects") == 3
                  and r.body.startswith(f"GET /redirect/{code}/0?x=1 HTTP/1.1\r\n".encode()), r)
    make()


@case("/redirect/307/2 with POST: method and body survive (echoed at the end)")
def _():
    r = curl("/redirect/307/2", "-L", "--data-binary", "payload")
    check(r.status == 200 and r.body.startswith(b"POST /redirect/307/0 HTTP/1.1\r\n")
          and r.body.endswith(b"\r\n\r\npayload"), r)


@case("/redirect/303/1 with POST: the client switches to GET")
def _():
    r = curl("/redirect/303/1", "-L", "--data-binary", "payload")
    check(r.status == 200 and r.body.startswith(b"GET /redirect/303/0 HTTP/1.1\r\n"), r)


@case("/redirect-abs/302/2: absolute Location built from the Host header and scheme")
def _():
    r = curl("/redirect-abs/302/2")
    check(r.header("Location") == f"http://127.0.0.1:{PORT}/redirect-abs/302/1", r.headers)
    r = curl("/redirect-abs/302/2", tls=True)
    check(r.header("Location") == f"https://127.0.0.1:{TLS_PORT}/redirect-abs/302/1", r.headers)
    r = curl("/redirect-abs/302/2", "-L", tls=True)
    check(r.status == 200 and r.info.get("num_redirects") == 2, r)


@case("/redirect-rel/302/2: relative Location \"1\"")
def _():
    r = curl("/redirect-rel/302/2")
    check(r.header("Location") == "1", r.headers)
    r = curl("/redirect-rel/302/2", "-L")
    check(r.status == 200 and r.body.startswith(b"GET /redirect-rel/302/0 HTTP/1.1"), r)


@case("/redirect-loop redirects to itself; curl gives up (47)")
def _():
    r = curl("/redirect-loop")
    check(r.status == 302 and r.header("Location") == "/redirect-loop", r)
    r = curl("/redirect-loop", "-L", "--max-redirs", "5")
    check(r.rc == 47, r)


@case("/redirect-loop/<k> is an endless chain of distinct URLs")
def _():
    r = curl("/redirect-loop/7")
    check(r.status == 302 and r.header("Location") == "/redirect-loop/8", r)


@case("/redirect-to?url= sends the client to another loopback URL (http -> https)")
def _():
    target = urllib.parse.quote(f"https://127.0.0.1:{TLS_PORT}/status/201", safe="")
    r = curl(f"/redirect-to?url={target}&code=307", "-L")
    check(r.rc == 0 and r.status == 201 and r.info.get("scheme", "").lower() == "https", r)


@case("/redirect-to refuses a non-loopback URL (400)")
def _():
    r = curl("/redirect-to?url=http%3A%2F%2Fexample.com%2F")
    check(r.status == 400, r)
    r = curl("/redirect-to?url=%2Fstatus%2F200&code=200")
    check(r.status == 400, r)


@case("/redirect-nolocation: a 3xx without Location")
def _():
    r = curl("/redirect-nolocation", "-L")
    check(r.rc == 0 and r.status == 302 and r.header("Location") is None, r)
    r = curl("/redirect-nolocation/301")
    check(r.status == 301 and r.header("Location") is None, r)


# --------------------------------------------------------------------------
# Authentication
# --------------------------------------------------------------------------

@case("/auth/basic: 401 challenge, 200 with the right credentials, 401 with wrong ones")
def _():
    r = curl("/auth/basic/alice/s3cret")
    check(r.status == 401 and r.all("WWW-Authenticate") == ['Basic realm="hinternet"'], r)
    r = curl("/auth/basic/alice/s3cret", "--basic", "-u", "alice:s3cret")
    check(r.status == 200 and r.body == b"authenticated Basic alice\n", r)
    r = curl("/auth/basic/alice/s3cret", "--basic", "-u", "alice:wrong")
    check(r.status == 401, r)


@case("/auth/digest (MD5, qop=auth) with curl --digest, GET and POST")
def _():
    r = curl("/auth/digest/bob/pw", "--digest", "-u", "bob:pw")
    check(r.status == 200 and r.body == b"authenticated Digest bob\n", r)
    r = curl("/auth/digest/bob/pw", "--digest", "-u", "bob:pw", "--data-binary", "abc")
    check(r.status == 200, r)
    r = curl("/auth/digest/bob/pw", "--digest", "-u", "bob:bad")
    check(r.status == 401, r)


@case("/auth/digest challenge has realm, qop, algorithm, nonce, opaque")
def _():
    r = curl("/auth/digest/bob/pw")
    c = r.header("WWW-Authenticate")
    check(r.status == 401 and c.startswith('Digest realm="hinternet", qop="auth", algorithm=MD5, nonce="')
          and "opaque=" in c, c)


for query in ("?alg=SHA-256", "?alg=MD5-sess", "?alg=SHA-256-sess", "?qop=none", "?qop=auth-int",
              "?qop=auth,auth-int"):
    def make(query=query):
        @case(f"/auth/digest{query} with curl --digest")
        def _():
            r = curl(f"/auth/digest/bob/pw{query}")
            check(r.status == 401, r)
            r = curl(f"/auth/digest/bob/pw{query}", "--digest", "-u", "bob:pw")
            check(r.status == 200, r)
    make()


def digest_header(challenge, user, password, method, uri, nc="00000001", cnonce="0a4f113b", nonce=None):
    params = edge_server.parse_auth_params(challenge[len("Digest "):])
    nonce = nonce or params["nonce"]
    md5 = lambda t: hashlib.md5(t.encode()).hexdigest()  # noqa: E731
    ha1, ha2 = md5(f"{user}:hinternet:{password}"), md5(f"{method}:{uri}")
    response = md5(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
    return (f'Digest username="{user}", realm="hinternet", nonce="{nonce}", uri="{uri}", qop=auth, nc={nc}, '
            f'cnonce="{cnonce}", response="{response}", opaque="{params["opaque"]}"')


def raw_get(path, headers=(), tls=False):
    req = f"GET {path} HTTP/1.1\r\nHost: x\r\n" + "".join(f"{n}: {v}\r\n" for n, v in headers) + \
        "Connection: close\r\n\r\n"
    data, _ = raw(req.encode(), tls)
    return split_response(data)


@case("/auth/digest refuses a nonce it did not issue")
def _():
    status, headers, _ = raw_get("/auth/digest/bob/pw")
    auth = digest_header(hdr(headers, "WWW-Authenticate"), "bob", "pw", "GET", "/auth/digest/bob/pw",
                         nonce=base64.urlsafe_b64encode(os.urandom(24)).decode())
    status, headers, body = raw_get("/auth/digest/bob/pw", [("Authorization", auth)])
    check(status.startswith("HTTP/1.1 401") and b"nonce not ours" in body, (status, body))


@case("/auth/digest?ttl=0: an expired nonce gets a new challenge with stale=true")
def _():
    path = "/auth/digest/bob/pw?ttl=0"
    status, headers, _ = raw_get(path)
    time.sleep(0.05)
    auth = digest_header(hdr(headers, "WWW-Authenticate"), "bob", "pw", "GET", path)
    status, headers, body = raw_get(path, [("Authorization", auth)])
    check(status.startswith("HTTP/1.1 401") and "stale=true" in hdr(headers, "WWW-Authenticate"), (status, headers))


@case("/auth/digest refuses a replayed nonce count, accepts the next one")
def _():
    path = "/auth/digest/bob/pw"
    status, headers, _ = raw_get(path)
    challenge = hdr(headers, "WWW-Authenticate")
    first = raw_get(path, [("Authorization", digest_header(challenge, "bob", "pw", "GET", path))])
    replay = raw_get(path, [("Authorization", digest_header(challenge, "bob", "pw", "GET", path))])
    second = raw_get(path, [("Authorization", digest_header(challenge, "bob", "pw", "GET", path, nc="00000002"))])
    check(first[0].startswith("HTTP/1.1 200") and replay[0].startswith("HTTP/1.1 401") and b"replayed" in replay[2]
          and second[0].startswith("HTTP/1.1 200"), (first[0], replay, second[0]))


@case("/auth/digest refuses a uri that is not the request target")
def _():
    path = "/auth/digest/bob/pw"
    status, headers, _ = raw_get(path)
    auth = digest_header(hdr(headers, "WWW-Authenticate"), "bob", "pw", "GET", "/other")
    status, headers, body = raw_get(path, [("Authorization", auth)])
    check(status.startswith("HTTP/1.1 401") and b"not the request target" in body, body)


@case("/auth/ntlm: curl --ntlm completes NTLMv2, verified by the server")
def _():
    r = curl("/auth/ntlm", "--ntlm", "-u", "ntlmuser:ntlmpass")
    check(r.status == 200 and r.body == b"authenticated NTLM ntlmuser\n", r)
    r = curl("/auth/ntlm/Carol/pa55", "--ntlm", "-u", "WORKGROUP\\carol:pa55")
    check(r.status == 200 and r.body == b"authenticated NTLM carol\n", r)


@case("/auth/ntlm: a wrong password is refused")
def _():
    r = curl("/auth/ntlm", "--ntlm", "-u", "ntlmuser:wrong")
    check(r.status == 401, r)


@case("/auth/ntlm: the 401 without credentials offers NTLM; type 2 carries target info")
def _():
    status, headers, _ = raw_get("/auth/ntlm")
    check(status.startswith("HTTP/1.1 401") and hdr(headers, "WWW-Authenticate") == "NTLM", headers)
    type1 = b"NTLMSSP\0" + struct.pack("<II", 1, 0x00088207) + b"\0" * 16
    with connect() as sock:
        sock.sendall(b"GET /auth/ntlm HTTP/1.1\r\nHost: x\r\nAuthorization: NTLM " + base64.b64encode(type1)
                     + b"\r\n\r\n")
        data = sock.recv(65536)
    status, headers, _ = split_response(data)
    msg = base64.b64decode(hdr(headers, "WWW-Authenticate").split(" ", 1)[1])
    flags = struct.unpack("<I", msg[20:24])[0]
    check(msg[:12] == b"NTLMSSP\0\x02\0\0\0" and flags & 0x00800000 and len(msg) > 48, msg)


@case("/auth/ntlm is connection-based: the next request on the connection needs no header")
def _():
    rc, out, headers = curl_stdout([base() + "/auth/ntlm", base() + "/auth/ntlm"], "--ntlm", "-u", "ntlmuser:ntlmpass")
    check(rc == 0 and out == b"authenticated NTLM ntlmuser\nauthenticated NTLM ntlmuser (connection)\n", out)


@case("/auth/ntlm: own NTLMv2 client (Python) against the server, and NTLMv1 refused")
def _():
    type1 = b"NTLMSSP\0" + struct.pack("<II", 1, 0x00088207) + b"\0" * 16
    with connect() as sock:
        sock.sendall(b"GET /auth/ntlm HTTP/1.1\r\nHost: x\r\nAuthorization: NTLM " + base64.b64encode(type1)
                     + b"\r\n\r\n")
        status, headers, _ = split_response(sock.recv(65536))
        msg = base64.b64decode(hdr(headers, "WWW-Authenticate").split(" ", 1)[1])
        challenge = msg[24:32]
        ti_len, _, ti_off = struct.unpack("<HHI", msg[40:48])
        target_info = msg[ti_off:ti_off + ti_len]
        user, domain = "ntlmuser", "DOM"
        import hmac
        ntowf = hmac.new(md4("ntlmpass".encode("utf-16-le")), (user.upper() + domain).encode("utf-16-le"),
                         hashlib.md5).digest()
        blob = b"\x01\x01\0\0\0\0\0\0" + struct.pack("<Q", 0) + os.urandom(8) + b"\0" * 4 + target_info + b"\0" * 4
        nt = hmac.new(ntowf, challenge + blob, hashlib.md5).digest() + blob

        def type3(nt_response):
            fields = [b"\0" * 24, nt_response, domain.encode("utf-16-le"), user.encode("utf-16-le"),
                      "WS".encode("utf-16-le"), b""]
            offset = 64
            head, payload = b"NTLMSSP\0" + struct.pack("<I", 3), b""
            for f in fields:
                head += struct.pack("<HHI", len(f), len(f), offset + len(payload))
                payload += f
            return head + struct.pack("<I", 0x00088205) + payload
        sock.sendall(b"GET /auth/ntlm HTTP/1.1\r\nHost: x\r\nAuthorization: NTLM " + base64.b64encode(type3(nt))
                     + b"\r\n\r\n")
        data = sock.recv(65536)
    check(data.startswith(b"HTTP/1.1 200") and data.endswith(b"authenticated NTLM ntlmuser\n"), data)
    # A 24-byte (NTLMv1) response on a fresh handshake is refused.
    with connect() as sock:
        sock.sendall(b"GET /auth/ntlm HTTP/1.1\r\nHost: x\r\nAuthorization: NTLM " + base64.b64encode(type1)
                     + b"\r\n\r\n")
        sock.recv(65536)
        sock.sendall(b"GET /auth/ntlm HTTP/1.1\r\nHost: x\r\nAuthorization: NTLM "
                     + base64.b64encode(type3(b"\x11" * 24)) + b"\r\n\r\n")
        data = sock.recv(65536)
    check(data.startswith(b"HTTP/1.1 401") and b"NTLMv1" in data, data)


@case("/auth/multi: four WWW-Authenticate headers: Negotiate, NTLM, Digest, Basic")
def _():
    r = curl("/auth/multi")
    values = r.all("WWW-Authenticate")
    check(r.status == 401 and len(values) == 4 and values[0] == "Negotiate" and values[1] == "NTLM"
          and values[2].startswith("Digest ") and values[3] == 'Basic realm="hinternet"', values)


@case("/auth/multi accepts Basic, Digest and NTLM")
def _():
    for flag, scheme in (("--basic", "Basic"), ("--digest", "Digest"), ("--ntlm", "NTLM")):
        r = curl("/auth/multi", flag, "-u", "user:pass")
        check(r.status == 200 and r.body == f"authenticated {scheme} user\n".encode(), (flag, r))


@case("/auth/multi?schemes=digest,basic: curl --anyauth picks Digest")
def _():
    r = curl("/auth/multi/u2/p2?schemes=digest,basic")
    check([v.split(" ")[0] for v in r.all("WWW-Authenticate")] == ["Digest", "Basic"], r.headers)
    r = curl("/auth/multi/u2/p2?schemes=digest,basic", "--anyauth", "-u", "u2:p2")
    check(r.status == 200 and r.body == b"authenticated Digest u2\n", r)


@case("/auth/multi?combined=1: all challenges in one header")
def _():
    r = curl("/auth/multi?combined=1")
    values = r.all("WWW-Authenticate")
    check(len(values) == 1 and values[0].startswith("Negotiate, NTLM, Digest realm=")
          and values[0].endswith(', Basic realm="hinternet"'), values)


for scheme, flag in (("basic", "--proxy-basic"), ("digest", "--proxy-digest"), ("ntlm", "--proxy-ntlm")):
    def make(scheme=scheme, flag=flag):
        @case(f"/proxy-auth/{scheme}: 407 + Proxy-Authenticate, then 200 through curl -x {flag}")
        def _():
            url = f"http://127.0.0.1:{PORT}/proxy-auth/{scheme}/pu/pp"
            r = curl(url, "-x", base())
            check(r.status == 407 and r.header("Proxy-Authenticate").lower().startswith(scheme), r)
            r = curl(url, "-x", base(), flag, "--proxy-user", "pu:pp")
            check(r.status == 200 and r.body == f"proxy-authenticated {scheme.title() if scheme != 'ntlm' else 'NTLM'}"
                  f" pu\n".encode(), r)
    make()


@case("/proxy-auth/multi: several Proxy-Authenticate headers")
def _():
    r = curl(f"http://127.0.0.1:{PORT}/proxy-auth/multi", "-x", base())
    check(r.status == 407 and len(r.all("Proxy-Authenticate")) == 4, r.headers)
    # (curl --proxy-anyauth would pick Negotiate, which needs Kerberos.)
    r = curl(f"http://127.0.0.1:{PORT}/proxy-auth/multi", "-x", base(), "--proxy-digest", "--proxy-user", "user:pass")
    check(r.status == 200 and r.body == b"proxy-authenticated Digest user\n", r)
    r = curl(f"http://127.0.0.1:{PORT}/proxy-auth/multi?schemes=basic,digest", "-x", base(), "--proxy-anyauth",
             "--proxy-user", "user:pass")
    check(r.status == 200 and r.body == b"proxy-authenticated Digest user\n", r)


@case("auth with Expect: 100-continue and no credentials: 401 at once, no 100, connection closed")
def _():
    with connect() as sock:
        sock.sendall(b"POST /auth/basic/a/b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                     b"Expect: 100-continue\r\n\r\n")
        data, err = read_all(sock)
    check(data.startswith(b"HTTP/1.1 401") and b"Connection: close" in data and b"100 Continue" not in data, data)


# --------------------------------------------------------------------------
# Slow peers and stalls
# --------------------------------------------------------------------------

@case("/slow/3000/150?chunk=1000: three pieces 150 ms apart")
def _():
    start = time.monotonic()
    r = curl("/slow/3000/150?chunk=1000")
    took = time.monotonic() - start
    check(r.rc == 0 and r.body == pattern(3000) and took >= 0.3 and r.header("Content-Length") == "3000", (r, took))


@case("/slow/100/10?chunk=10&chunked=1: slow chunked body")
def _():
    r = curl("/slow/100/10?chunk=10&chunked=1")
    check(r.rc == 0 and r.body == pattern(100) and r.header("Transfer-Encoding") == "chunked", r)


@case("/slow/<bytes>/<ms> refuses what would exceed 300 s")
def _():
    r = curl("/slow/1000000/1000?chunk=1")
    check(r.status == 400, r)


@case("/slow-headers/600: the status line comes after 600 ms")
def _():
    r = curl("/slow-headers/600")
    check(r.rc == 0 and r.body == b"slow headers\n" and r.info.get("time_starttransfer", 0) >= 0.55, r.info)


@case("/slow-headers/0?trickle=30: header lines trickle in")
def _():
    r = curl("/slow-headers/0?trickle=30")
    check(r.rc == 0 and r.body == b"slow headers\n" and r.info.get("time_total", 0) >= 0.2, r)


@case("/stall/2: no answer; curl times out; the server closes after 2 s")
def _():
    r = curl("/stall/30", timeout=1)
    check(r.rc == 28 and r.status == 0, r)
    start = time.monotonic()
    data, err = raw("/stall/2", timeout=10)
    took = time.monotonic() - start
    check(data == b"" and 1.8 <= took < 6, (data, err, took))


@case("/stall-body/100/10?s=1: headers, 10 bytes, silence, close")
def _():
    start = time.monotonic()
    r = curl("/stall-body/100/10?s=1")
    check(r.rc == 18 and r.body == pattern(10) and time.monotonic() - start >= 0.9, r)
    r = curl("/stall-body/100/10?s=30", timeout=1)
    check(r.rc == 28 and r.body == pattern(10), r)


def check_gate(endpoint, name, body):
    """Headers at once; what `body` ends with only once the gate is open."""
    r = curl(f"/{endpoint}/{name}", timeout=1)
    check(r.rc == 28 and r.status == 200 and r.body == b"", r)
    r = curl(f"/gate-open/{name}")
    check(r.status == 200 and r.body == f"opened {name}\n".encode(), r)
    r = curl(f"/{endpoint}/{name}")
    check(r.rc == 0 and r.status == 200 and r.body == body, r)


@case("/gate/<name>: headers at once, the body only once /gate-open/<name> is asked for")
def _():
    name = f"selftest-{os.getpid()}"
    check_gate("gate", name, f"gate {name}\n".encode())


@case("/gate-end/<name>: headers at once, the end (close) only once /gate-open/<name> is asked for")
def _():
    check_gate("gate-end", f"selftest-end-{os.getpid()}", b"")


@case("/gate-count/<name>: how many the gate holds now and at most, waiting for ?wait=N")
def _():
    name = f"selftest-count-{os.getpid()}"
    held = [connect() for _ in range(2)]
    for sock in held:
        sock.sendall(f"GET /gate/{name} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    r = curl(f"/gate-count/{name}?wait=2")
    check(r.status == 200 and r.body == b"held=2 max=2\n", r)
    curl(f"/gate-open/{name}")
    for sock in held:
        sock.close()
    r = curl(f"/gate-count/{name}?wait=0")
    check(r.status == 200 and r.body.endswith(b" max=2\n"), r)


@case("/no-read/1: the body is never read: a large upload stalls, then RST")
def _():
    with connect(timeout=10) as sock:
        sock.sendall(b"POST /no-read/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 67108864\r\n\r\n")
        sock.settimeout(0.5)
        sent = 0
        try:
            while sent < 64 << 20:
                sent += sock.send(b"x" * 65536)
        except (socket.timeout, OSError):
            pass
        check(sent < 64 << 20, sent)


# --------------------------------------------------------------------------
# Faults
# --------------------------------------------------------------------------

@case("/reset-mid-body/1000: 1000 bytes of a larger body, then RST")
def _():
    data, err = raw("/reset-mid-body/1000")
    status, headers, rest = split_response(data)
    check(hdr(headers, "Content-Length") == "2001" and rest == pattern(1000) and err == "ConnectionResetError",
          (data[:300], err))
    r = curl("/reset-mid-body/1000")
    check(r.rc == 56 and r.body == pattern(1000), r)


@case("/reset-mid-body over TLS: RST without close_notify")
def _():
    r = curl("/reset-mid-body/100", tls=True)
    check(r.rc == 56 and r.body == pattern(100), r)


@case("/reset-before-response: RST instead of an answer")
def _():
    data, err = raw("/reset-before-response")
    check(data == b"" and err == "ConnectionResetError", (data, err))
    r = curl("/reset-before-response")
    check(r.rc == 56, r)


@case("/close-before-response: FIN without a reply (curl: empty reply, 52)")
def _():
    data, err = raw("/close-before-response")
    check(data == b"" and err is None, (data, err))
    r = curl("/close-before-response")
    check(r.rc == 52, r)


for kind in MALFORMED:
    def make(kind=kind):
        @case(f"/malformed/{kind}: exactly the documented bytes, then close")
        def _():
            data, err = raw(f"/malformed/{kind}")
            check(data == MALFORMED[kind] and err is None, (data[:200], err))
    make()


@case("/malformed: curl refuses the broken status lines and accepts the tolerable ones")
def _():
    for kind in ("bad-status-line", "status-abc", "status-1000", "garbage", "http09"):
        r = curl(f"/malformed/{kind}")
        check(r.rc != 0, (kind, r))
    for kind, body in (("no-reason", b"no reason\n"), ("lf-only", b"lf only\n"), ("folding", b"abc")):
        r = curl(f"/malformed/{kind}")
        check(r.rc == 0 and r.status == 200 and r.body == body, (kind, r))


@case("/malformed/<unknown> is 404 listing the kinds")
def _():
    r = curl("/malformed/nope")
    check(r.status == 404 and b"status-abc" in r.body, r)


@case("/huge-headers/50/1000: fifty 1000-byte headers")
def _():
    r = curl("/huge-headers/50/1000")
    check(r.rc == 0 and r.body == b"ok\n" and r.header("X-Huge-49") == pattern(1000).decode()
          and len([h for h in r.headers if h.startswith("X-Huge-")]) == 50, r)


@case("/huge-headers/1/300000: one header larger than curl accepts")
def _():
    data, err = raw("/huge-headers/1/300000")
    status, headers, rest = split_response(data)
    check(len(hdr(headers, "X-Huge-0")) == 300000 and rest == b"ok\n", len(data))
    r = curl("/huge-headers/1/300000")
    check(r.rc != 0, r)


# --------------------------------------------------------------------------
# What the client sent
# --------------------------------------------------------------------------

@case("/echo: the request head byte for byte, headers in order")
def _():
    r = curl("/echo", "-H", "X-First: 1", "-H", "X-Second: two", "-H", "x-lower: keeps case")
    head = r.body.decode()
    check(head.startswith("GET /echo HTTP/1.1\r\n") and head.endswith("\r\n\r\n"), head)
    lines = head.split("\r\n")
    check(lines.index("X-First: 1") < lines.index("X-Second: two") < lines.index("x-lower: keeps case"), lines)
    check(r.header("X-Echo-Method") == "GET" and r.header("Content-Type") == "text/plain; charset=utf-8", r.headers)


@case("/echo: POST body after the head, with length and sha256 headers")
def _():
    payload = os.urandom(100000)
    path = os.path.join(TMP, "payload")
    with open(path, "wb") as f:
        f.write(payload)
    r = curl("/echo", "--data-binary", "@" + path, "-H", "Content-Type: application/octet-stream")
    head, _, body = r.body.partition(b"\r\n\r\n")
    check(body == payload and r.header("X-Echo-Body-Length") == "100000"
          and r.header("X-Echo-Body-Sha256") == hashlib.sha256(payload).hexdigest(), r)


@case("/echo: a chunked request body is de-chunked; X-Echo-Chunked: 1")
def _():
    r = curl("/echo", "--data-binary", "chunked body", "-H", "Transfer-Encoding: chunked")
    check(r.body.endswith(b"\r\n\r\nchunked body") and r.header("X-Echo-Chunked") == "1", r)


@case("/echo: Expect: 100-continue gets 100 Continue before the body")
def _():
    r = curl("/echo", "--data-binary", "x" * 2000, "-H", "Expect: 100-continue")
    check(r.blocks[0][0] == "HTTP/1.1 100 Continue" and r.body.endswith(b"x" * 2000), r.blocks)


@case("/echo?expect=417: Expect answered with 417")
def _():
    with connect() as sock:
        sock.sendall(b"POST /echo?expect=417 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        data, err = read_all(sock)
    check(data.startswith(b"HTTP/1.1 417 Expectation Failed"), data)


@case("/echo?expect=ignore: no 100 Continue; the body is still read")
def _():
    r = curl("/echo?expect=ignore", "--data-binary", "y" * 2000, "-H", "Expect: 100-continue",
             "--expect100-timeout", "0.3")
    check(r.status == 200 and r.blocks[0][0].startswith("HTTP/1.1 200") and r.body.endswith(b"y" * 2000), r.blocks)


@case("/echo over TLS on [::1]")
def _():
    r = curl("/echo", tls=True, host="[::1]")
    check(r.status == 200 and r.body.startswith(b"GET /echo HTTP/1.1\r\n"), r)


@case("/echo-json: method, target, headers in order, body, tls, connection counters")
def _():
    r = curl("/echo-json?a=1&a=2", "-X", "PUT", "--data-binary", "\xff", "-H", "X-One: 1", tls=True)
    d = json.loads(r.body)
    names = [h[0] for h in d["headers"]]
    check(r.header("Content-Type") == "application/json" and d["method"] == "PUT" and d["path"] == "/echo-json"
          and d["query"] == [["a", "1"], ["a", "2"]] and d["target"] == "/echo-json?a=1&a=2"
          and d["tls"] is True and d["alpn"] == "http/1.1" and d["body_length"] == 2 and d["connection_requests"] == 1
          and names.index("Host") < names.index("X-One"), d)


@case("/set-cookie?a=1&b=2: one Set-Cookie per parameter; /cookies echoes them back")
def _():
    jar = os.path.join(TMP, "jar")
    if os.path.exists(jar):
        os.remove(jar)
    r = curl("/set-cookie?a=1&b=2", "-c", jar)
    check(r.all("Set-Cookie") == ["a=1", "b=2"], r.headers)
    r = curl("/cookies", "-b", jar)
    check(r.body == b"a=1; b=2\n" and r.header("X-Cookie-Count") == "1", r)


@case("/set-cookie?c=RAW sends the raw header (attributes included)")
def _():
    raw_cookie = urllib.parse.quote("sid=xyz; Path=/cookies; HttpOnly; Max-Age=60", safe="")
    r = curl(f"/set-cookie?c={raw_cookie}")
    check(r.all("Set-Cookie") == ["sid=xyz; Path=/cookies; HttpOnly; Max-Age=60"], r.headers)


@case("/set-cookie?...&redirect=/cookies: cookies set on a 302 are sent to the target")
def _():
    r = curl("/set-cookie?x=1&redirect=%2Fcookies", "-L", "-b", "")
    check(r.status == 200 and r.body == b"x=1\n", r)


@case("/set-cookie/<path> and /cookies/<path>: the same under deeper paths, so Path scopes them")
def _():
    raw_cookie = urllib.parse.quote("deep=1; Path=/cookies/deep", safe="")
    r = curl(f"/set-cookie/deep/x?c={raw_cookie}&redirect=%2Fcookies%2Fdeep%2Fy", "-L", "-b", "")
    check(r.status == 200 and r.body == b"deep=1\n", r)
    r = curl("/set-cookie/deep/x?c=" + raw_cookie + "&redirect=%2Fcookies", "-L", "-b", "")
    check(r.status == 200 and r.body == b"", r)


@case("/cookies without cookies: empty body, X-Cookie-Count: 0")
def _():
    r = curl("/cookies")
    check(r.body == b"" and r.header("X-Cookie-Count") == "0", r)


@case("/upload-sink: 8 MiB with Content-Length, byte count and sha256")
def _():
    payload = os.urandom(8 << 20)
    path = os.path.join(TMP, "upload")
    with open(path, "wb") as f:
        f.write(payload)
    r = curl("/upload-sink", "--data-binary", "@" + path, "-H", "Expect:")
    digest = hashlib.sha256(payload).hexdigest()
    check(r.body.startswith(f"bytes={8 << 20}\nsha256={digest}\n".encode()) and r.header("X-Upload-Sha256") == digest,
          r)


@case("/upload-sink: chunked upload over TLS")
def _():
    payload = os.urandom(300000)
    path = os.path.join(TMP, "upload")
    with open(path, "wb") as f:
        f.write(payload)
    r = curl("/upload-sink", "-T", path, "-H", "Transfer-Encoding: chunked", tls=True)
    check(r.header("X-Upload-Bytes") == "300000" and r.header("X-Upload-Chunked") == "1"
          and r.header("X-Upload-Sha256") == hashlib.sha256(payload).hexdigest(), r)


@case("/upload-paced/400000: 1 MB takes about 2.5 s")
def _():
    payload = os.urandom(1000000)
    path = os.path.join(TMP, "upload")
    with open(path, "wb") as f:
        f.write(payload)
    start = time.monotonic()
    r = curl("/upload-paced/400000", "--data-binary", "@" + path, "-H", "Expect:")
    took = time.monotonic() - start
    lines = dict(line.split("=") for line in r.body.decode().split())
    check(lines.get("bytes") == "1000000" and lines.get("sha256") == hashlib.sha256(payload).hexdigest()
          and 2.0 <= took < 10 and 300000 <= float(lines["rate"]) <= 450000, (r, took))


@case("/keepalive-count counts the requests of one connection")
def _():
    rc, out, headers = curl_stdout([base() + "/keepalive-count"] * 3)
    ids = {line.split(":")[1].strip() for line in headers.splitlines() if line.startswith("X-Connection-Id")}
    check(rc == 0 and out == b"1\n2\n3\n" and len(ids) == 1, (out, ids))


@case("/dav answers OPTIONS with one DAV header per ?class, none without; other methods get 405")
def _():
    r = curl("/dav/folder/?class=1,%202&class=%3Chttp%3A//example.test/a,b%3E&class=3", "-X", "OPTIONS")
    check(r.rc == 0 and r.status == 200 and r.all("DAV") == ["1, 2", "<http://example.test/a,b>", "3"]
          and r.header("Allow") == "OPTIONS, PROPFIND" and r.body == b"", r)
    r = curl("/dav", "-X", "OPTIONS")
    check(r.rc == 0 and r.status == 200 and r.all("DAV") == [], r)
    r = curl("/dav?class=1")
    check(r.rc == 0 and r.status == 405 and r.all("DAV") == [] and r.header("Allow") == "OPTIONS, PROPFIND", r)


@case("Connection: close is honoured (a new connection each time)")
def _():
    rc, out, headers = curl_stdout([base() + "/keepalive-count"] * 2, "-H", "Connection: close")
    check(rc == 0 and out == b"1\n1\n" and headers.count("Connection: close") == 2, (out, headers))


@case("HTTP/1.0 request without keep-alive: closed after the response")
def _():
    data, err = raw(b"GET /keepalive-count HTTP/1.0\r\n\r\n")
    check(data.startswith(b"HTTP/1.1 200") and b"Connection: close" in data and data.endswith(b"1\n"), data)


@case("/gzip/10000: Content-Encoding gzip; curl --compressed restores the pattern")
def _():
    r = curl("/gzip/10000", "--compressed")
    check(r.rc == 0 and r.header("Content-Encoding") == "gzip" and r.body == pattern(10000)
          and int(r.header("Content-Length")) < 10000, r)


@case("/deflate/10000: zlib-wrapped deflate")
def _():
    r = curl("/deflate/10000")
    check(r.header("Content-Encoding") == "deflate" and zlib.decompress(r.body) == pattern(10000), r)
    r = curl("/deflate/10000", "--compressed")
    check(r.rc == 0 and r.body == pattern(10000), r)


@case("/deflate/1000?raw=1: raw deflate")
def _():
    r = curl("/deflate/1000?raw=1")
    check(zlib.decompress(r.body, -15) == pattern(1000), r)


@case("/gzip/1000?corrupt=1, /deflate/1000?corrupt=1: a stream no inflater takes")
def _():
    for kind in ("gzip", "deflate"):
        r = curl(f"/{kind}/1000?corrupt=1")
        header = 10 if kind == "gzip" else 2
        check(r.header("Content-Encoding") == kind and r.body[header:] == b"\xff" * (len(r.body) - header), r)
        r = curl(f"/{kind}/1000?corrupt=1", "--compressed")
        check(r.rc != 0, r)


@case("/gzip/100000?chunked=1: compressed and chunked")
def _():
    r = curl("/gzip/100000?chunked=1", "--compressed")
    check(r.rc == 0 and r.header("Transfer-Encoding") == "chunked" and r.body == pattern(100000), r)


# --------------------------------------------------------------------------
# WebSocket
# --------------------------------------------------------------------------

class Ws:
    def __init__(self, tls=False, host="127.0.0.1", extra=""):
        self.sock = connect(tls, host)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /ws/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                           f"{extra}\r\n").encode())
        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            chunk = self.sock.recv(4096)
            check(chunk, "closed during the handshake")
            self.buf += chunk
        head, _, self.buf = self.buf.partition(b"\r\n\r\n")
        self.status, self.headers, _ = split_response(head + b"\r\n\r\n")
        self.expected_accept = base64.b64encode(
            hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()).decode()

    def send(self, opcode, payload=b"", fin=True, mask=True):
        head = bytes([(0x80 if fin else 0) | opcode])
        n = len(payload)
        m = 0x80 if mask else 0
        if n < 126:
            head += bytes([m | n])
        elif n < 65536:
            head += bytes([m | 126]) + struct.pack(">H", n)
        else:
            head += bytes([m | 127]) + struct.pack(">Q", n)
        if mask:
            key = os.urandom(4)
            payload = bytes(b ^ key[i & 3] for i, b in enumerate(payload))
            head += key
        self.sock.sendall(head + payload)

    def _need(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise AssertionError("connection closed while a frame was expected")
            self.buf += chunk
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def recv(self):
        """(fin, opcode, payload); server frames must not be masked."""
        b0, b1 = self._need(2)
        check(not b1 & 0x80, "server frame is masked")
        n = b1 & 0x7F
        if n == 126:
            n = struct.unpack(">H", self._need(2))[0]
        elif n == 127:
            n = struct.unpack(">Q", self._need(8))[0]
        return bool(b0 & 0x80), b0 & 0x0F, self._need(n)

    def eof(self):
        try:
            return self.sock.recv(1) == b""
        except (ConnectionResetError, ssl.SSLError, OSError):
            return True

    def close(self):
        self.sock.close()


def ws_case(name):
    def register(fn):
        for tls in (False, True):
            def run(fn=fn, tls=tls):
                ws = Ws(tls)
                try:
                    fn(ws)
                finally:
                    ws.close()
            CASES.append((f"{name} ({'TLS' if tls else 'plain'})", run))
        return fn
    return register


@ws_case("/ws/echo handshake: 101 with the right Sec-WebSocket-Accept")
def _(ws):
    check(ws.status == "HTTP/1.1 101 Switching Protocols" and hdr(ws.headers, "Sec-WebSocket-Accept")
          == ws.expected_accept and hdr(ws.headers, "Upgrade").lower() == "websocket", (ws.status, ws.headers))


@ws_case("/ws/echo echoes a text message")
def _(ws):
    ws.send(1, "héllo wörld".encode())
    check(ws.recv() == (True, 1, "héllo wörld".encode()), "no echo")


@ws_case("/ws/echo echoes a 70000-byte binary message (64-bit length)")
def _(ws):
    payload = os.urandom(70000)
    ws.send(2, payload)
    check(ws.recv() == (True, 2, payload), "wrong echo")


@ws_case("/ws/echo reassembles a fragmented message, answering pings in between")
def _(ws):
    ws.send(1, b"frag", fin=False)
    ws.send(9, b"in-between")
    ws.send(0, b"men", fin=False)
    ws.send(0, b"ted")
    check(ws.recv() == (True, 10, b"in-between"), "no pong")
    check(ws.recv() == (True, 1, b"fragmented"), "no echo")


@ws_case("/ws/echo answers a ping with a pong of the same payload")
def _(ws):
    ws.send(9, b"are you there")
    check(ws.recv() == (True, 10, b"are you there"), "no pong")


@ws_case("/ws/echo: a ping \"!report DATA\" gets its pong, then text \"pinged DATA\"")
def _(ws):
    ws.send(9, b"!report 42")
    check(ws.recv() == (True, 10, b"!report 42"), "no pong")
    check(ws.recv() == (True, 1, b"pinged 42"), "no report")


@ws_case("/ws/echo echoes the close code and reason, then closes the TCP connection")
def _(ws):
    ws.send(8, struct.pack(">H", 4001) + b"done here")
    check(ws.recv() == (True, 8, struct.pack(">H", 4001) + b"done here"), "no close echo")
    check(ws.eof(), "TCP not closed")


@ws_case("/ws/echo \"!close 4000 bye\": the server closes with that code and reason")
def _(ws):
    ws.send(1, b"!close 4000 bye")
    check(ws.recv() == (True, 8, struct.pack(">H", 4000) + b"bye"), "no close")
    ws.send(8, struct.pack(">H", 4000))
    check(ws.eof(), "TCP not closed")


@ws_case("/ws/echo \"!ping DATA\": the server pings; on the pong it says \"pong DATA\"")
def _(ws):
    ws.send(1, b"!ping 12345")
    check(ws.recv() == (True, 9, b"12345"), "no ping")
    ws.send(10, b"12345")
    check(ws.recv() == (True, 1, b"pong 12345"), "no pong report")


@ws_case("/ws/echo \"!fragment 3 abcdefgh\": three fragments")
def _(ws):
    ws.send(1, b"!fragment 3 abcdefgh")
    frames = [ws.recv() for _ in range(3)]
    check(frames == [(False, 1, b"abc"), (False, 0, b"def"), (True, 0, b"gh")], frames)


@ws_case("/ws/echo \"!big 200000\": a 200000-byte binary message")
def _(ws):
    ws.send(1, b"!big 200000")
    check(ws.recv() == (True, 2, pattern(200000)), "wrong message")


@ws_case("/ws/echo \"!drop\": the TCP connection closes without a close frame")
def _(ws):
    ws.send(1, b"!drop")
    check(ws.eof(), "TCP not closed")


@ws_case("/ws/echo \"!bad-frame\": a frame with RSV1 set")
def _(ws):
    ws.send(1, b"!bad-frame")
    check(ws._need(3) == bytes([0xC1, 1]) + b"x", "no bad frame")
    ws.send(1, b"still echoing")
    check(ws.recv() == (True, 1, b"still echoing"), "no echo")


@ws_case("/ws/echo closes with 1002 on an unmasked client frame")
def _(ws):
    ws.send(1, b"unmasked", mask=False)
    fin, opcode, payload = ws.recv()
    check(opcode == 8 and payload[:2] == struct.pack(">H", 1002), payload)


@ws_case("/ws/echo closes with 1007 on invalid UTF-8 text")
def _(ws):
    ws.send(1, b"\xff\xfe")
    fin, opcode, payload = ws.recv()
    check(opcode == 8 and payload[:2] == struct.pack(">H", 1007), payload)


@case("/ws/echo on [::1] accepts the first offered subprotocol")
def _():
    ws = Ws(host="::1", extra="Sec-WebSocket-Protocol: chat, superchat\r\n")
    try:
        check(ws.status.startswith("HTTP/1.1 101") and hdr(ws.headers, "Sec-WebSocket-Protocol") == "chat", ws.headers)
        ws.send(1, b"v6")
        check(ws.recv() == (True, 1, b"v6"), "no echo")
    finally:
        ws.close()


@case("/ws/echo: version 8 gets 426 with Sec-WebSocket-Version: 13; plain GET gets 400")
def _():
    data, _ = raw(b"GET /ws/echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n")
    status, headers, _ = split_response(data)
    check(status.startswith("HTTP/1.1 426") and hdr(headers, "Sec-WebSocket-Version") == "13", data)
    r = curl("/ws/echo")
    check(r.status == 400, r)


# --------------------------------------------------------------------------
# SOCKS mode, /socks-log
# --------------------------------------------------------------------------

def socks_log(match):
    r = curl("/socks-log?match=" + urllib.parse.quote(match))
    check(r.status == 200, r)
    return r.body.decode().splitlines()


@case("SOCKS 4, 4a, 5 and 5 with host names forward to loopback and are recorded with the request line")
def _():
    for option, version, host in (("--socks4", "4", "127.0.0.1"), ("--socks4a", "4a", "localhost"),
                                  ("--socks5", "5", "127.0.0.1"), ("--socks5-hostname", "5", "localhost")):
        tag = f"socks-self-{version}-{host}-{time.monotonic_ns()}"
        r = curl(f"http://{host}:{PORT}/echo?{tag}", option, f"127.0.0.1:{PORT}", "-4")
        check(r.status == 200 and f"GET /echo?{tag} HTTP/1.1".encode() in r.body, r)
        lines = socks_log(tag)
        check(len(lines) == 1, lines)
        check(f" version={version} target={host}:{PORT} user= result=granted request=GET /echo?{tag} HTTP/1.1"
              in lines[0], lines)


@case("SOCKS tunnels carry TLS end to end (recorded as binary)")
def _():
    before = socks_log(f"target=localhost:{TLS_PORT} ")
    r = curl(f"https://localhost:{TLS_PORT}/status/200", "--socks5-hostname", f"127.0.0.1:{PORT}")
    check(r.status == 200 and r.body == b"status 200\n", r)
    after = socks_log(f"target=localhost:{TLS_PORT} ")
    check(len(after) == len(before) + 1 and after[-1].endswith("result=granted request=(binary)"), after)


@case("SOCKS refuses destinations that are not loopback, and dead loopback ports")
def _():
    tag = f"blocked-{time.monotonic_ns()}.invalid"
    r = curl(f"http://{tag}/echo", "--socks5-hostname", f"127.0.0.1:{PORT}")
    check(r.rc != 0 and r.status == 0, r)
    check(socks_log(tag) and socks_log(tag)[-1].endswith("result=refused request="), socks_log(tag))
    r = curl(f"http://{tag}/echo", "--socks4a", f"127.0.0.1:{PORT}")
    check(r.rc != 0, r)
    check(len(socks_log(tag)) == 2 and " version=4a " in socks_log(tag)[-1], socks_log(tag))
    r = curl("http://127.0.0.1:1/echo", "--socks5", f"127.0.0.1:{PORT}")
    check(r.rc != 0 and "target=127.0.0.1:1 " in socks_log("target=127.0.0.1:1 ")[-1], r)


@case("SOCKS byte-exact: the 4 reply, 5 without an acceptable method, 5 BIND refused; every request is recorded")
def _():
    sock = connect()
    sock.sendall(struct.pack("!BBH4s", 4, 1, PORT, socket.inet_aton("127.0.0.1")) + b"someone\0")
    check(read_exact_sock(sock, 8) == b"\0\x5a\0\0\0\0\0\0", "socks4 reply")
    sock.sendall(b"GET /status/200 HTTP/1.1\r\nHost: x\r\n\r\nGET /status/204 HTTP/1.1\r\nHost: x\r\n"
                 b"Connection: close\r\n\r\n")
    data, _ = read_all(sock)
    check(data.startswith(b"HTTP/1.1 200 ") and b"HTTP/1.1 204 " in data, data)
    sock.close()
    lines = socks_log("user=someone ")
    check(len(lines) == 2 and lines[0].endswith("user=someone result=granted request=GET /status/200 HTTP/1.1")
          and lines[1].endswith("user=someone result=granted request=GET /status/204 HTTP/1.1"), lines)
    sock = connect()
    sock.sendall(b"\x05\x01\x02")
    check(read_exact_sock(sock, 2) == b"\x05\xff", "socks5 method refusal")
    sock.close()
    sock = connect()
    sock.sendall(b"\x05\x01\x00")
    check(read_exact_sock(sock, 2) == b"\x05\x00", "socks5 method")
    sock.sendall(b"\x05\x02\x00\x01" + socket.inet_aton("127.0.0.1") + struct.pack("!H", PORT))
    check(read_exact_sock(sock, 10)[:2] == b"\x05\x07", "socks5 BIND refused")
    sock.close()


def read_exact_sock(sock, n):
    data = b""
    while len(data) < n:
        piece = sock.recv(n - len(data))
        if not piece:
            break
        data += piece
    return data


# --------------------------------------------------------------------------
# Revocation: CRLs and the listeners whose certificates point at them
# --------------------------------------------------------------------------

def crl_fetches(name):
    r = curl(f"/crl-count/{name}")
    check(r.status == 200 and r.body.startswith(b"fetches="), r)
    return int(r.body.decode().strip().split("=")[1])


@case("crl: test.crl is a DER CRL the test CA signed, revoking the revoked listener's certificate")
def _():
    before = crl_fetches("test")
    r = curl("/crl/test.crl")
    check(r.status == 200 and r.header("Content-Type") == "application/pkix-crl" and r.body[:1] == b"\x30", r)
    check(crl_fetches("test") == before + 1, "counted")
    path = os.path.join(TMP, "test.crl")
    with open(path, "wb") as f:
        f.write(r.body)
    proc = subprocess.run(["openssl", "crl", "-inform", "DER", "-in", path, "-CAfile", CA, "-noout", "-text"],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    check(proc.returncode == 0 and "verify OK" in proc.stdout, proc.stdout)
    listed = {serial.upper().lstrip("0") for serial in re.findall(r"Serial Number: ([0-9A-Fa-f]+)", proc.stdout)}
    check(peer_certificate(REV_PORTS["revoked"])["serialNumber"].upper().lstrip("0") in listed, proc.stdout)
    check(peer_certificate(REV_PORTS["good"])["serialNumber"].upper().lstrip("0") not in listed, proc.stdout)
    r = curl("/crl/counted.crl")
    check(r.status == 200 and r.body[:1] == b"\x30", r)


@case("crl: garbage.crl is no CRL; forged.crl names the CA but fails its key; stale.crl is past nextUpdate")
def _():
    r = curl("/crl/garbage.crl")
    check(r.status == 200 and not r.body.startswith(b"\x30"), r)
    for name, verified in (("forged", False), ("stale", True)):
        r = curl(f"/crl/{name}.crl")
        check(r.status == 200 and r.body[:1] == b"\x30", r)
        path = os.path.join(TMP, f"{name}.crl")
        with open(path, "wb") as f:
            f.write(r.body)
        issuer = subprocess.run(["openssl", "crl", "-inform", "DER", "-in", path, "-noout", "-issuer"],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout
        check("hinternet test root CA" in issuer, (name, issuer))
        verify = subprocess.run(["openssl", "crl", "-inform", "DER", "-in", path, "-CAfile", CA, "-noout"],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout
        check(("verify OK" in verify) == verified, (name, verify))


@case("crl: offline.crl is never answered, and counted")
def _():
    before = crl_fetches("offline")
    data, _ = raw("/crl/offline.crl")
    check(data == b"", data[:200])
    check(crl_fetches("offline") == before + 1, "counted")


def peer_certificate(port):
    ctx = ssl.create_default_context(cafile=CA)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        with ctx.wrap_socket(sock, server_hostname="localhost") as tls:
            return tls.getpeercert()


@case("crl: the revocation listeners serve the test CA's certificates naming their CRLs")
def _():
    check(set(REV_PORTS) == {"good", "revoked", "offline", "counted", "garbage", "forged", "stale"}, REV_PORTS)
    for name, crl in (("good", "test"), ("revoked", "test"), ("offline", "offline"), ("counted", "counted"),
                      ("garbage", "garbage"), ("forged", "forged"), ("stale", "stale")):
        cert = peer_certificate(REV_PORTS[name])
        check(cert.get("crlDistributionPoints") == (f"http://127.0.0.1:{PORT}/crl/{crl}.crl",), (name, cert))
        r = curl(f"https://127.0.0.1:{REV_PORTS[name]}/status/200")
        check(r.rc == 0 and r.status == 200, (name, r))


# --------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------

def write_junit(path, results, seconds):
    suite = ET.Element("testsuite", name="edge-server", tests=str(len(results)),
                       failures=str(sum(1 for r in results if r[1] is not None)), time=f"{seconds:.3f}")
    for name, failure, took in results:
        tc = ET.SubElement(suite, "testcase", classname="edge_server", name=name, time=f"{took:.3f}")
        if failure is not None:
            ET.SubElement(tc, "failure", message=failure.splitlines()[-1][:500] if failure else "").text = failure
    root = ET.Element("testsuites")
    root.append(suite)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def main():
    global PORT, TLS_PORT, CA, TMP, REV_PORTS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--junit")
    parser.add_argument("--ca", default=os.environ.get("HINTERNET_TEST_CA_PEM", ""))
    parser.add_argument("-k", dest="filter", help="only cases whose name contains this")
    args = parser.parse_args()
    TMP = tempfile.mkdtemp(prefix="edge-test-")
    own = None
    try:
        if os.environ.get("HINTERNET_TEST_EDGE_PORT") and os.environ.get("HINTERNET_TEST_EDGE_TLS_PORT"):
            PORT = int(os.environ["HINTERNET_TEST_EDGE_PORT"])
            TLS_PORT = int(os.environ["HINTERNET_TEST_EDGE_TLS_PORT"])
            CA = args.ca
            REV_PORTS = {name: int(os.environ[f"HINTERNET_TEST_REV_{name.upper()}_PORT"])
                         for name in ("good", "revoked", "offline", "counted", "garbage", "forged", "stale")
                         if os.environ.get(f"HINTERNET_TEST_REV_{name.upper()}_PORT")}
            if not CA:
                sys.exit("the test CA is needed: --ca or HINTERNET_TEST_CA_PEM")
        else:
            certs = os.path.join(TMP, "certs")
            subprocess.run([os.path.join(HERE, "make-certs"), certs], check=True, stdout=subprocess.DEVNULL)
            own = os.path.join(TMP, "run")
            subprocess.run([sys.executable, os.path.join(HERE, "edge_server.py"), "start", own, certs,
                            "--watch-pid", str(os.getpid())], check=True)
            with open(os.path.join(own, "ports")) as f:
                ports = dict(line.strip().split("=") for line in f if "=" in line)
            PORT, TLS_PORT, CA = int(ports["edge"]), int(ports["edge_tls"]), os.path.join(certs, "ca.pem")
            REV_PORTS = {name[len("edge_rev_"):]: int(port) for name, port in ports.items()
                         if name.startswith("edge_rev_")}
        results = []
        start = time.monotonic()
        for name, fn in CASES:
            if args.filter and args.filter not in name:
                continue
            t0 = time.monotonic()
            try:
                fn()
                failure = None
            except Exception:  # noqa: BLE001 - every failure is reported as the case's
                failure = traceback.format_exc()
            took = time.monotonic() - t0
            results.append((name, failure, took))
            print(f"[{'ok' if failure is None else 'FAIL'}] {name} ({took:.2f} s)", flush=True)
            if failure:
                print("    " + failure.strip().replace("\n", "\n    ")[-3000:], flush=True)
        failed = sum(1 for r in results if r[1] is not None)
        print(f"{len(results) - failed} passed, {failed} failed")
        if args.junit:
            write_junit(args.junit, results, time.monotonic() - start)
        return 0 if failed == 0 and results else 1
    finally:
        if own:
            subprocess.run([sys.executable, os.path.join(HERE, "edge_server.py"), "stop", own])
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
