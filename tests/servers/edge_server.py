#!/usr/bin/env python3
"""hinternet edge server: a scriptable HTTP/1.1 server for edge cases and
faults, for the tests. Python 3 standard library only.

It listens on loopback only: 127.0.0.1 and [::1] on the same port number, one
plain port and one TLS port (the test CA's localhost certificate, ALPN
"http/1.1" only). The request path selects the behaviour; absolute-form
targets ("GET http://host/path", as sent to a proxy) are served by their path
the same way, so the server also acts as a fake proxy (it never forwards).

Control (like nginx-ctl):
    edge_server.py start RUNDIR CERTDIR [--watch-pid PID] [--max-lifetime S]
        Starts the server detached, waits (at most 10 s) until it answers on
        both ports and both addresses, writes RUNDIR/ports ("edge=PORT",
        "edge_tls=PORT") and RUNDIR/edge.pid, and prints the ports. CERTDIR
        is what make-certs wrote (server-chain.pem, server.key). With
        --watch-pid the server exits when that process is gone; it always
        exits after --max-lifetime seconds (default 4 hours).
    edge_server.py stop RUNDIR
        Stops it by the PID it recorded (TERM, then KILL after 5 s).
    edge_server.py serve --rundir RUNDIR --certs CERTDIR [...]
        Runs in the foreground (what start spawns).
The log is RUNDIR/edge.log: one line per request and per fault.

Limits: every socket operation times out after 30 s idle, a connection lives
at most 600 s, at most 256 connections are served at once (more get a 503),
and every endpoint with a duration is capped (sleeps at most 300 s in all).

Common to every ordinary response:
    X-Connection-Id: N     this connection's number (from 1, per server)
    X-Request-Count: N     requests served on this connection, this one included
    ?h=Name:Value          (repeatable) adds that header to the final response
    HEAD                   gets the headers of the GET without the body
    Connection: close      honoured; HTTP/1.0 requests keep the connection
                           only with "Connection: keep-alive"
    Expect: 100-continue   answered with "100 Continue" before the body is
                           read; ?expect=ignore sends no 100 (waits for the
                           body), ?expect=417 answers 417 and closes
Generated bodies are the byte pattern 'a'..'z' repeated: byte i of a body is
chr(ord('a') + i % 26).

Endpoints (N, BYTES, MS are decimal integers):
  /                          200, this text
  /status/<code>             that status (100..999), reason from ?reason=
                             (default: the standard phrase, "Unknown"), body
                             "status <code>\\n" or ?body=TEXT; none for
                             204/304. A 1xx code is sent as an interim
                             response followed by a final 200.
  /interim/<c1>-<c2>-...-then-<final>   e.g. /interim/100-then-200,
                             /interim/103-100-then-404: each interim response
                             carries "X-Interim: <index>" (103 also a Link
                             header), then the final response.
  /chunked/<n>/<size>        chunked body: n chunks of size bytes
                             (?ext=1: each chunk size line has ";ext=1")
  /chunked-trailer[/<n>/<size>]  chunked body (default 3 chunks of 10 bytes)
                             with "Trailer: X-Trailer-One, X-Body-Sha256" and
                             those trailers: "X-Trailer-One: one",
                             "X-Body-Sha256: <hex of the body>"
  /chunked-bad[/<kind>]      a valid chunk "hello", then: size (default) a
                             chunk size "zz"; overflow "ffffffffffffffffffff";
                             crlf 5 data bytes not followed by CRLF; eof close
                             before the last chunk. Then closes.
  /length-lie/<declared>/<actual>   Content-Length: declared, actual bytes
                             sent, then close
  /no-length/<size>          HTTP/1.1 200, no Content-Length or chunking,
                             size bytes, then close
  /http10                    "HTTP/1.0 200 OK", no Content-Length, body
                             "this is an HTTP/1.0 response\\n", then close
  /http10/keepalive          HTTP/1.0 with Content-Length and
                             "Connection: keep-alive"; the connection stays
  /redirect/<code>/<n>       code (301/302/303/307/308) with
                             Location: /redirect/<code>/<n-1>?<same query>
                             (path-absolute); at n=0 answers like /echo, so
                             the final request's method and body are visible
  /redirect-abs/<code>/<n>   same, Location absolute:
                             http[s]://<Host header>/redirect-abs/<code>/<n-1>
  /redirect-rel/<code>/<n>   same, Location relative: "<n-1>" (resolves to
                             /redirect-rel/<code>/<n-1>)
  /redirect-loop             302, Location: /redirect-loop (itself)
  /redirect-loop/<k>         302, Location: /redirect-loop/<k+1> (endless
                             chain of distinct URLs)
  /redirect-to?url=URL[&code=302]   code with Location: URL verbatim; URL
                             must be relative or name a loopback host
                             (127.0.0.1, [::1], localhost), else 400
  /redirect-nolocation[/<code>]     code (default 302) without a Location
  /auth/basic/<user>/<pass>  401 + "WWW-Authenticate: Basic realm="hinternet""
                             until the Authorization header carries those
                             credentials; then 200 "authenticated Basic <user>\\n"
  /auth/digest/<user>/<pass> RFC 7616 digest, realm "hinternet", qop "auth",
                             algorithm MD5, opaque. ?alg=MD5|MD5-sess|SHA-256|
                             SHA-256-sess, ?qop=auth|auth-int|auth,auth-int|none
                             (none: RFC 2069 response). The nonce is signed
                             and timestamped: a nonce not ours is refused, one
                             older than ?ttl=S (default 300) gets a new
                             challenge with stale=true, a repeated
                             (nonce, nc) is refused, the uri must be the
                             request target. 200 "authenticated Digest <user>\\n"
  /auth/ntlm[/<user>/<pass>] NTLM (default user "ntlmuser", password
                             "ntlmpass", any domain): type 1 -> 401 with a
                             type 2 challenge (with target info) on the same
                             connection; type 3 is verified as NTLMv2
                             (NTProofStr). NTLMv1/NTLM2-session responses are
                             refused (logged). Connection-based: later
                             requests on an authenticated connection need no
                             header. 200 "authenticated NTLM <user>\\n"
  /auth/multi[/<user>/<pass>]  (default user/pass) 401 with several
                             WWW-Authenticate headers, in this order:
                             Negotiate, NTLM, Digest, Basic
                             (?schemes=basic,digest,... picks and orders them;
                             ?combined=1 puts them in one header, comma
                             separated); accepts Basic, Digest or NTLM.
  /proxy-auth/basic|digest|ntlm|multi/...  the same with 407,
                             Proxy-Authenticate and Proxy-Authorization
                             (use the server as the proxy, or call it
                             directly); "proxy-authenticated <scheme> <user>\\n"
                             When the request has Expect: 100-continue and
                             is not authorized, the 401/407 is sent without
                             reading the body and the connection is closed.
  /slow/<bytes>/<ms>         headers at once, then the body in pieces of
                             ?chunk=N bytes (default 1024), MS between pieces
                             (?chunked=1: chunked encoding)
  /slow-headers/<ms>         waits MS before the status line, then 200
                             "slow headers\\n" (?trickle=MS2: then sends the
                             header block one line at a time, MS2 apart)
  /stall[/<seconds>]         reads the request, never answers, closes after
                             seconds (default 60, max 300) or when the client
                             closes
  /stall-body/<declared>/<sent>[?s=N]  Content-Length declared, sent bytes,
                             then silence for N s (default 60), then close
  /reset-mid-body/<bytes>    Content-Length 2*bytes+1, sends bytes bytes,
                             waits ?delay=MS (default 100), then RST (SO_LINGER 0)
  /reset-before-response     reads the request, then RST
  /close-before-response     reads the request, then closes (FIN), no reply
  /malformed/<kind>          raw reply then close. Kinds: bad-status-line
                             ("HTZP/1.1 200 OK"), status-abc ("HTTP/1.1 abc
                             OK"), status-1000, no-reason ("HTTP/1.1 200"),
                             no-colon (a header line without ':'), folding
                             (obs-fold continuation line), lf-only (bare LF
                             line ends), garbage (binary bytes), http09 (body
                             only), eof-in-headers, space-before-colon,
                             dup-length (two different Content-Lengths),
                             bad-length ("Content-Length: abc"),
                             negative-length, nul-in-header,
                             length-and-chunked (both; chunked is right)
  /huge-headers/<n>/<size>   n headers "X-Huge-<i>: <size pattern bytes>",
                             body "ok\\n"
  /echo                      200 text/plain: the request head exactly as
                             received (request line and header lines in
                             order, CRLF CRLF), then the body (de-chunked).
                             Headers X-Echo-Method, X-Echo-Body-Length,
                             X-Echo-Body-Sha256, X-Echo-Chunked (0/1).
  /echo-json                 application/json: method, target, path, query
                             ([[k, v]...]), version, headers ([[name, value]
                             ...] in order), body (text, invalid UTF-8
                             replaced), body_base64, body_length,
                             body_sha256, chunked, trailers, tls, alpn,
                             client, connection_id, connection_requests
  /set-cookie?k=v&...        one "Set-Cookie: k=v" per parameter, in order;
                             c=RAW sends "Set-Cookie: RAW" verbatim (URL-
                             encode "; Path=/" etc.); ?redirect=URL makes it
                             a 302 to URL (same loopback rule as redirect-to)
  /cookies                   body: each Cookie header value on its own line
                             (empty if none); X-Cookie-Count: number of headers
  /set-cookie/<any path>, /cookies/<any path>   the same two under deeper
                             paths, for cookies scoped by Path
  /upload-sink               reads the body (Content-Length or chunked) as it
                             comes; 200 "bytes=N\\nsha256=HEX\\nseconds=S\\n",
                             also X-Upload-Bytes, X-Upload-Sha256
  /upload-paced/<bytes-per-sec>   the same, reading at that rate at most
                             with SO_RCVBUF 64 KiB; adds "rate=B/s\\n"
  /keepalive-count           body "<requests served on this connection>\\n"
  /dav[/<any path>]          a WebDAV resource for OPTIONS: 200 with
                             "Allow: OPTIONS, PROPFIND" and one "DAV: VALUE"
                             header per ?class=VALUE, in order (none without
                             it); any other method gets 405 without DAV
  /gate/<name>               200 with its headers at once, then holds the
                             body "gate <name>\\n" until /gate-open/<name> is
                             requested (at most 60 s, then closes without
                             it); an open gate stays open. Names: [a-z0-9-]
  /gate-open/<name>          opens that gate; 200 "opened <name>\\n"
  /gate-count/<name>[?wait=N]  200 "held=<H> max=<M>\\n": how many requests
                             the gate holds now and the most it held at once;
                             with wait, answers once it holds N (at most 5 s)
  /no-read[/<seconds>]       reads the request head and never the body: a
                             peer that stops reading (receive buffer 4 KiB);
                             RST after seconds (default 20, max 300)
  /gate-end/<name>           200 with "Connection: close" and no length at
                             once, then no body: the connection closes (the
                             body's end) once that gate opens
  /gzip/<size>, /deflate/<size>   size pattern bytes compressed, with
                             Content-Encoding gzip / deflate (zlib format;
                             ?raw=1: raw deflate), X-Uncompressed-Length;
                             ?chunked=1: chunked; ?corrupt=1: the
                             compressed stream after its header replaced by
                             0xFF bytes (same length), which no inflater takes
  /ws/echo                   WebSocket (RFC 6455, version 13; 426 for other
                             versions, 400 for a bad handshake; the first
                             offered Sec-WebSocket-Protocol is accepted).
                             Echoes text and binary messages (fragments
                             reassembled, max 16 MiB, else close 1009),
                             pong for ping (a ping "!report DATA" also gets
                             text "pinged DATA"), close echoing the client's code
                             and reason. Unmasked client frames: close 1002;
                             invalid UTF-8: 1007. Text commands: "!close CODE
                             REASON" the server closes with that;
                             "!ping DATA" the server pings, and on the pong
                             sends text "pong DATA"; "!fragment N TEXT" echoes
                             TEXT in N fragments; "!big N" sends a binary
                             message of N pattern bytes; "!drop" closes the
                             TCP connection without a close frame;
                             "!bad-frame" sends a frame with RSV1 set (no
                             extension was negotiated).
  /crl/<name>.crl            the revocation tests' CRLs (revocation_pki.py):
                             test.crl, counted.crl as DER
                             (application/pkix-crl); any other name
                             (offline.crl) closes the connection without a
                             response. Every request counts as a fetch
  /crl-count/<name>          200 "fetches=<N>\\n": requests for <name>.crl so far
  /socks-log[?match=TEXT]    what the SOCKS mode forwarded, one line per
                             CONNECT (only the lines containing TEXT): see
                             edge_socks.py
  anything else              404 "no such endpoint"

Revocation listeners: TLS ports edge_rev_good, edge_rev_revoked,
edge_rev_offline, edge_rev_counted, edge_rev_deferred, ... (in RUNDIR/ports;
revocation_pki.LEAVES lists them) serve the leaf
certificates revocation_pki.py makes from CERTDIR's ca.key, whose CRL
distribution points are /crl/ URLs on the plain port; there when ca.key is.

SOCKS mode: on the plain port, a connection whose first byte is 4 or 5 is
served as SOCKS 4/4a/5 (CONNECT, no authentication) forwarding to loopback
destinations only (edge_socks.py), so the server is a real SOCKS proxy too.
"""
import argparse
import base64
import email.utils
import gzip
import hashlib
import hmac
import http
import json
import logging
import os
import re
import select
import signal
import socket
import ssl
import struct
import subprocess
import sys
import threading
import time
import urllib.parse
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import edge_socks  # noqa: E402
import revocation_pki  # noqa: E402

IDLE_TIMEOUT = 30.0
CONNECTION_LIFETIME = 600.0
MAX_CONNECTIONS = 256
MAX_HEAD = 1 << 20
MAX_BODY_IN_MEMORY = 64 << 20
MAX_GENERATED = 1 << 30
MAX_SLEEP = 300.0
REALM = "hinternet"
WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
ALPHABET = b"abcdefghijklmnopqrstuvwxyz"
SECRET = os.urandom(32)
log = logging.getLogger("edge")


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

def pattern(n, offset=0):
    """n bytes of the body pattern starting at absolute offset."""
    start = offset % 26
    reps = (n + start) // 26 + 1
    return (ALPHABET * reps)[start:start + n]


def pattern_pieces(n, piece=65536):
    offset = 0
    while offset < n:
        size = min(piece, n - offset)
        yield pattern(size, offset)
        offset += size


class Timeout(Exception):
    pass


class Gone(Exception):
    """The peer closed or reset the connection."""


class BadRequest(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def is_loopback_url(url):
    parts = urllib.parse.urlsplit(url)
    if not parts.netloc:
        return True
    try:
        host = parts.hostname
    except ValueError:
        return False
    return host in ("127.0.0.1", "::1", "localhost")


def md4(data):
    """MD4 (RFC 1320); hashlib has none with OpenSSL 3 by default."""
    def f(x, y, z): return (x & y) | (~x & z)
    def g(x, y, z): return (x & y) | (x & z) | (y & z)
    def h(x, y, z): return x ^ y ^ z
    def rol(v, s): v &= 0xFFFFFFFF; return ((v << s) | (v >> (32 - s))) & 0xFFFFFFFF
    msg = bytearray(data)
    bit_len = (8 * len(data)) & 0xFFFFFFFFFFFFFFFF
    msg.append(0x80)
    while len(msg) % 64 != 56:
        msg.append(0)
    msg += struct.pack("<Q", bit_len)
    a, b, c, d = 0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476
    for off in range(0, len(msg), 64):
        x = struct.unpack("<16I", msg[off:off + 64])
        aa, bb, cc, dd = a, b, c, d
        for i in (0, 4, 8, 12):
            a = rol(a + f(b, c, d) + x[i], 3)
            d = rol(d + f(a, b, c) + x[i + 1], 7)
            c = rol(c + f(d, a, b) + x[i + 2], 11)
            b = rol(b + f(c, d, a) + x[i + 3], 19)
        for i in (0, 1, 2, 3):
            a = rol(a + g(b, c, d) + x[i] + 0x5A827999, 3)
            d = rol(d + g(a, b, c) + x[i + 4] + 0x5A827999, 5)
            c = rol(c + g(d, a, b) + x[i + 8] + 0x5A827999, 9)
            b = rol(b + g(c, d, a) + x[i + 12] + 0x5A827999, 13)
        for i in (0, 2, 1, 3):
            a = rol(a + h(b, c, d) + x[i] + 0x6ED9EBA1, 3)
            d = rol(d + h(a, b, c) + x[i + 8] + 0x6ED9EBA1, 9)
            c = rol(c + h(d, a, b) + x[i + 4] + 0x6ED9EBA1, 11)
            b = rol(b + h(c, d, a) + x[i + 12] + 0x6ED9EBA1, 15)
        a, b, c, d = (a + aa) & 0xFFFFFFFF, (b + bb) & 0xFFFFFFFF, (c + cc) & 0xFFFFFFFF, (d + dd) & 0xFFFFFFFF
    return struct.pack("<4I", a, b, c, d)


# --------------------------------------------------------------------------
# Connections and requests
# --------------------------------------------------------------------------

class Conn:
    counter = 0
    counter_lock = threading.Lock()

    def __init__(self, sock, addr, tls, port):
        with Conn.counter_lock:
            Conn.counter += 1
            self.id = Conn.counter
        self.sock = sock
        self.client = f"[{addr[0]}]:{addr[1]}" if ":" in addr[0] else f"{addr[0]}:{addr[1]}"
        self.tls = tls
        self.port = port
        self.alpn = None
        self.buf = bytearray()
        self.requests = 0
        self.closed = False
        self.deadline = time.monotonic() + CONNECTION_LIFETIME
        self.ntlm = {}  # "www"/"proxy" -> {"challenge": bytes} or {"user": name}

    def log(self, message):
        log.info("conn=%d %s%s %s", self.id, self.client, " tls" if self.tls else "", message)

    def remaining(self, limit=IDLE_TIMEOUT):
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise Timeout("connection lifetime exceeded")
        return min(limit, left)

    def recv_some(self, size=65536, limit=IDLE_TIMEOUT):
        """Appends what arrives to buf; False on EOF."""
        self.sock.settimeout(self.remaining(limit))
        try:
            data = self.sock.recv(size)
        except socket.timeout:
            raise Timeout("idle timeout")
        except ssl.SSLError as e:
            raise Gone(f"TLS error: {e}")
        except (ConnectionError, OSError) as e:
            raise Gone(str(e))
        if not data:
            return False
        self.buf += data
        return True

    def read_head(self):
        """The bytes of the next request head (up to and including the blank
        line), or None when the client closed between requests."""
        while True:
            crlf = self.buf.find(b"\r\n\r\n")
            lf = self.buf.find(b"\n\n")
            ends = [(i, n) for i, n in ((crlf, 4), (lf, 2)) if i >= 0]
            if ends:
                i, n = min(ends)
                head = bytes(self.buf[:i + n])
                del self.buf[:i + n]
                return head
            if len(self.buf) > MAX_HEAD:
                raise BadRequest(431, "request head too large")
            if not self.recv_some():
                if self.buf.strip():
                    raise Gone("EOF inside a request head")
                return None

    def read_line(self, limit=65536):
        while True:
            i = self.buf.find(b"\n")
            if i >= 0:
                line = bytes(self.buf[:i + 1])
                del self.buf[:i + 1]
                return line.rstrip(b"\r\n")
            if len(self.buf) > limit:
                raise BadRequest(400, "line too long")
            if not self.recv_some():
                raise Gone("EOF inside a line")

    def read_exact(self, n):
        while len(self.buf) < n:
            if not self.recv_some(max(65536, min(n - len(self.buf), 1 << 20))):
                raise Gone(f"EOF with {n - len(self.buf)} bytes missing")
        data = bytes(self.buf[:n])
        del self.buf[:n]
        return data

    def read_upto(self, n, limit=IDLE_TIMEOUT):
        """At most n bytes, at least 1 (waits for them)."""
        if not self.buf:
            if not self.recv_some(max(1, min(n, 1 << 20)), limit):
                raise Gone("EOF inside a body")
        data = bytes(self.buf[:n])
        del self.buf[:n]
        return data

    def send(self, data):
        if not data:
            return
        self.sock.settimeout(self.remaining())
        try:
            self.sock.sendall(data)
        except socket.timeout:
            raise Timeout("send timed out")
        except (ConnectionError, OSError, ssl.SSLError) as e:
            raise Gone(str(e))

    def sleep(self, ms):
        seconds = min(ms / 1000.0, MAX_SLEEP)
        left = self.deadline - time.monotonic()
        if seconds > left:
            time.sleep(max(left, 0))
            raise Timeout("connection lifetime exceeded while sleeping")
        time.sleep(seconds)

    def wait_for_close(self, seconds):
        """Waits up to seconds, returning early when the client closes;
        whatever it sends meanwhile is discarded."""
        end = min(time.monotonic() + seconds, self.deadline)
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return
            self.sock.settimeout(min(left, 1.0))
            try:
                if not self.sock.recv(65536):
                    return
            except socket.timeout:
                continue
            except (ConnectionError, OSError, ssl.SSLError):
                return

    def reset(self):
        """Closes with a TCP RST."""
        if self.closed:
            return
        self.closed = True
        try:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        try:
            self.sock.close()
        except OSError:
            pass

    def close(self, graceful=True):
        """Closes after the client has had the chance to read everything: TLS
        close_notify, FIN, then what the client still sends is discarded for
        up to 2 s (so that unread input causes no RST that could destroy the
        reply in the client's buffers)."""
        if self.closed:
            return
        self.closed = True
        sock = self.sock
        try:
            if graceful:
                if self.tls:
                    try:
                        sock.settimeout(2.0)
                        sock = sock.unwrap()
                    except (OSError, ValueError, ssl.SSLError):
                        pass
                try:
                    sock.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                end = time.monotonic() + 2.0
                while time.monotonic() < end:
                    sock.settimeout(max(0.05, end - time.monotonic()))
                    try:
                        if not sock.recv(65536):
                            break
                    except (socket.timeout, OSError, ssl.SSLError, ValueError):
                        break
        finally:
            for s in {sock, self.sock}:
                try:
                    s.close()
                except OSError:
                    pass


class Request:
    def __init__(self, conn, head):
        self.conn = conn
        self.raw_head = head
        text = head.decode("latin-1")
        lines = text.split("\n")
        lines = [line[:-1] if line.endswith("\r") else line for line in lines]
        while lines and lines[-1] == "":
            lines.pop()
        # Clients may send CRLFs between requests (RFC 9112 2.2).
        while lines and lines[0] == "":
            lines.pop(0)
        if not lines:
            raise BadRequest(400, "empty request")
        parts = lines[0].split(" ")
        if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            raise BadRequest(400, f"bad request line {lines[0][:100]!r}")
        self.method, self.target, self.version = parts
        self.headers = []
        for line in lines[1:]:
            if line[:1] in (" ", "\t") and self.headers:
                name, value = self.headers[-1]
                self.headers[-1] = (name, value + " " + line.strip())
                continue
            name, colon, value = line.partition(":")
            if not colon or not name or name != name.strip():
                raise BadRequest(400, f"bad header line {line[:100]!r}")
            self.headers.append((name, value.strip(" \t")))
        target = self.target
        if "://" in target and not target.startswith("/"):
            split = urllib.parse.urlsplit(target)
            self.path = split.path or "/"
            self.query_string = split.query
        else:
            self.path, _, self.query_string = target.partition("?")
        self.query = urllib.parse.parse_qsl(self.query_string, keep_blank_values=True)
        te = ",".join(self.all("Transfer-Encoding")).lower()
        self.chunked = "chunked" in te
        self.content_length = 0
        if not self.chunked:
            lengths = set(v.strip() for v in self.all("Content-Length"))
            if len(lengths) > 1:
                raise BadRequest(400, "conflicting Content-Length")
            if lengths:
                value = lengths.pop()
                if not value.isdigit():
                    raise BadRequest(400, "bad Content-Length")
                self.content_length = int(value)
        self.body_left = self.content_length
        self.body_done = not self.chunked and self.content_length == 0
        self.trailers = []
        self.body = None
        self.continue_sent = False
        self.close_after = False
        self.keep_alive = self._keep_alive()
        self.responded = None  # final status sent

    def _keep_alive(self):
        tokens = {t.strip().lower() for v in self.all("Connection") for t in v.split(",")}
        if "close" in tokens:
            return False
        if self.version == "HTTP/1.0":
            return "keep-alive" in tokens
        return True

    def header(self, name, default=None):
        for n, v in self.headers:
            if n.lower() == name.lower():
                return v
        return default

    def all(self, name):
        return [v for n, v in self.headers if n.lower() == name.lower()]

    def q(self, name, default=None):
        for k, v in self.query:
            if k == name:
                return v
        return default

    def q_all(self, name):
        return [v for k, v in self.query if k == name]

    def q_int(self, name, default):
        value = self.q(name)
        if value is None:
            return default
        if not value.isdigit():
            raise BadRequest(400, f"?{name} must be a number")
        return int(value)

    @property
    def expects_continue(self):
        return (self.header("Expect") or "").lower() == "100-continue"

    def before_body(self):
        if self.expects_continue and not self.continue_sent and not self.body_done:
            self.continue_sent = True
            mode = self.q("expect")
            if mode == "ignore":
                return
            if mode == "417":
                self.close_after = True
                self.respond(417, b"expectation failed\n")
                raise Gone("answered 417 to Expect")
            self.conn.send(b"HTTP/1.1 100 Continue\r\n\r\n")

    def body_pieces(self, piece=1 << 20, limit=IDLE_TIMEOUT):
        """Yields the request body as it arrives (de-chunked)."""
        self.before_body()
        conn = self.conn
        if self.chunked:
            while not self.body_done:
                line = conn.read_line()
                size_text = line.split(b";", 1)[0].strip()
                try:
                    size = int(size_text, 16)
                except ValueError:
                    raise BadRequest(400, f"bad chunk size {size_text[:40]!r}")
                if size == 0:
                    while True:
                        line = conn.read_line()
                        if not line:
                            break
                        name, _, value = line.decode("latin-1").partition(":")
                        self.trailers.append((name, value.strip()))
                    self.body_done = True
                    return
                left = size
                while left:
                    data = conn.read_upto(min(left, piece), limit)
                    left -= len(data)
                    yield data
                if conn.read_exact(2) != b"\r\n":
                    raise BadRequest(400, "chunk not followed by CRLF")
        else:
            while self.body_left:
                data = conn.read_upto(min(self.body_left, piece), limit)
                self.body_left -= len(data)
                yield data
            self.body_done = True

    def read_body(self):
        """The whole body (kept: later calls return the same bytes)."""
        if self.body is None:
            body = bytearray()
            for data in self.body_pieces():
                body += data
                if len(body) > MAX_BODY_IN_MEMORY:
                    raise BadRequest(413, "request body too large to keep")
            self.body = bytes(body)
        return self.body

    def discard_body(self):
        if self.body_done:
            return
        if self.expects_continue and not self.continue_sent:
            # Never asked the client to send it: don't wait for it.
            self.close_after = True
            return
        for _ in self.body_pieces():
            pass

    # -- responses ---------------------------------------------------------

    def head_bytes(self, status, headers=(), reason=None, version="HTTP/1.1", length=None,
                   content_type="text/plain; charset=utf-8", extra=True):
        if reason is None:
            try:
                reason = http.HTTPStatus(status).phrase
            except ValueError:
                reason = "Unknown"
        lines = [f"{version} {status} {reason}" if reason is not False else f"{version} {status}",
                 "Server: hinternet-edge",
                 "Date: " + email.utils.formatdate(usegmt=True)]
        if content_type:
            lines.append("Content-Type: " + content_type)
        if length is not None:
            lines.append(f"Content-Length: {length}")
        lines.append(f"X-Connection-Id: {self.conn.id}")
        lines.append(f"X-Request-Count: {self.conn.requests}")
        lines += [f"{n}: {v}" for n, v in headers]
        if extra:
            for spec in self.q_all("h"):
                name, colon, value = spec.partition(":")
                if colon and name:
                    lines.append(f"{name}: {value.lstrip()}")
        if self.close_after or not self.keep_alive:
            lines.append("Connection: close")
        elif version == "HTTP/1.0":
            lines.append("Connection: keep-alive")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def respond(self, status, body=b"", headers=(), reason=None, version="HTTP/1.1",
                content_type="text/plain; charset=utf-8", length=True):
        """A complete response with Content-Length (none for 1xx, 204, 304)."""
        if isinstance(body, str):
            body = body.encode()
        no_body = status in (204, 304) or 100 <= status < 200
        if no_body:
            body = b""
            if status != 304:
                content_type = None
        head = self.head_bytes(status, headers, reason, version,
                               length=len(body) if length and not no_body else None,
                               content_type=content_type)
        self.conn.send(head + (b"" if self.method == "HEAD" else body))
        self.responded = status
        self.conn.log(f'"{self.method} {self.target[:200]} {self.version}" -> {status} ({len(body)} bytes)')

    def send_interim(self, status, headers=()):
        lines = [f"HTTP/1.1 {status} {self._phrase(status)}"] + [f"{n}: {v}" for n, v in headers]
        self.conn.send(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))

    @staticmethod
    def _phrase(status):
        try:
            return http.HTTPStatus(status).phrase
        except ValueError:
            return "Unknown"

    def send_raw(self, data, note):
        self.close_after = True
        self.responded = -1
        self.conn.send(data)
        self.conn.log(f'"{self.method} {self.target[:200]} {self.version}" -> {note}')


# --------------------------------------------------------------------------
# Endpoints
# --------------------------------------------------------------------------

ROUTES = []  # (compiled regex, handler, reads its own body)


def route(pattern_text, streaming=False):
    def register(fn):
        ROUTES.append((re.compile(pattern_text + r"\Z"), fn, streaming))
        return fn
    return register


def num(text, name="value", maximum=MAX_GENERATED):
    value = int(text)
    if value > maximum:
        raise BadRequest(400, f"{name} above {maximum}")
    return value


@route(r"/")
def ep_index(req, m):
    req.respond(200, __doc__)


@route(r"/status/(\d{3})")
def ep_status(req, m):
    code = int(m.group(1))
    if code < 100:
        raise BadRequest(400, "status below 100")
    reason = req.q("reason")
    if code < 200:
        req.send_interim(code)
        code_final = 200
        req.respond(code_final, req.q("body", f"status {code}\n"))
        return
    req.respond(code, req.q("body", f"status {code}\n"), reason=reason)


@route(r"/interim/((?:\d{3}-)+)then-(\d{3})")
def ep_interim(req, m):
    codes = [int(c) for c in m.group(1).strip("-").split("-")]
    final = int(m.group(2))
    if any(not 100 <= c < 200 for c in codes) or final < 200:
        raise BadRequest(400, "interim codes must be 1xx and the final one >= 200")
    for index, code in enumerate(codes, 1):
        headers = [("X-Interim", str(index))]
        if code == 103:
            headers.append(("Link", "</style.css>; rel=preload; as=style"))
        req.send_interim(code, headers)
    req.respond(final, f"final {final} after {len(codes)} interim\n")


def send_chunked(req, pieces, trailers=(), headers=(), ext=False, status=200):
    head = req.head_bytes(status, list(headers) + [("Transfer-Encoding", "chunked")])
    req.conn.send(head)
    req.responded = status
    if req.method == "HEAD":
        return
    total = 0
    for data in pieces:
        size = f"{len(data):x}" + (";ext=1" if ext else "")
        req.conn.send(size.encode() + b"\r\n" + data + b"\r\n")
        total += len(data)
    tail = "".join(f"{n}: {v}\r\n" for n, v in trailers)
    req.conn.send(b"0\r\n" + tail.encode("latin-1") + b"\r\n")
    req.conn.log(f'"{req.method} {req.target[:200]} {req.version}" -> {status} chunked ({total} bytes)')


@route(r"/chunked/(\d+)/(\d+)")
def ep_chunked(req, m):
    n, size = num(m.group(1), "chunks", 1 << 20), num(m.group(2), "chunk size", 64 << 20)
    if n * size > MAX_GENERATED:
        raise BadRequest(400, "body too large")
    pieces = (pattern(size, i * size) for i in range(n))
    send_chunked(req, pieces, ext=req.q("ext") == "1")


@route(r"/chunked-trailer(?:/(\d+)/(\d+))?")
def ep_chunked_trailer(req, m):
    n = num(m.group(1), "chunks", 1 << 16) if m.group(1) else 3
    size = num(m.group(2), "chunk size", 1 << 20) if m.group(2) else 10
    digest = hashlib.sha256(pattern(n * size)).hexdigest()
    pieces = (pattern(size, i * size) for i in range(n))
    send_chunked(req, pieces, trailers=[("X-Trailer-One", "one"), ("X-Body-Sha256", digest)],
                 headers=[("Trailer", "X-Trailer-One, X-Body-Sha256")])


@route(r"/chunked-bad(?:/(size|overflow|crlf|eof))?")
def ep_chunked_bad(req, m):
    kind = m.group(1) or "size"
    req.close_after = True
    tail = {"size": b"zz\r\nhello\r\n0\r\n\r\n",
            "overflow": b"ffffffffffffffffffff\r\nhello\r\n0\r\n\r\n",
            "crlf": b"5\r\nworldXX0\r\n\r\n",
            "eof": b""}[kind]
    head = req.head_bytes(200, [("Transfer-Encoding", "chunked")])
    req.send_raw(head + b"5\r\nhello\r\n" + tail, f"bad chunked ({kind})")


@route(r"/length-lie/(\d+)/(\d+)")
def ep_length_lie(req, m):
    declared, actual = num(m.group(1)), num(m.group(2))
    req.close_after = True
    req.conn.send(req.head_bytes(200, length=declared, content_type="application/octet-stream"))
    if req.method != "HEAD":
        for data in pattern_pieces(actual):
            req.conn.send(data)
    req.responded = 200
    req.conn.log(f'"{req.method} {req.target[:200]}" -> 200 declared {declared}, sent {actual}, closing')


@route(r"/no-length/(\d+)")
def ep_no_length(req, m):
    size = num(m.group(1))
    req.close_after = True
    req.conn.send(req.head_bytes(200, content_type="application/octet-stream"))
    if req.method != "HEAD":
        for data in pattern_pieces(size):
            req.conn.send(data)
    req.responded = 200
    req.conn.log(f'"{req.method} {req.target[:200]}" -> 200 {size} bytes until close')


@route(r"/http10(/keepalive)?")
def ep_http10(req, m):
    body = b"this is an HTTP/1.0 response\n"
    if m.group(1):
        req.respond(200, body, version="HTTP/1.0")
        return
    req.close_after = True
    req.conn.send(req.head_bytes(200, version="HTTP/1.0") + (b"" if req.method == "HEAD" else body))
    req.responded = 200
    req.conn.log(f'"{req.method} {req.target[:200]}" -> HTTP/1.0 200 until close')


REDIRECT_CODES = (301, 302, 303, 307, 308)


@route(r"/redirect(|-abs|-rel)/(\d{3})/(\d+)")
def ep_redirect(req, m):
    variant, code, n = m.group(1), int(m.group(2)), num(m.group(3), "n", 1000)
    if code not in REDIRECT_CODES:
        raise BadRequest(400, "redirect code must be one of 301 302 303 307 308")
    if n == 0:
        return ep_echo(req, m)
    query = ("?" + req.query_string) if req.query_string else ""
    if variant == "-rel":
        location = f"{n - 1}{query}"
    elif variant == "-abs":
        host = req.header("Host") or f"127.0.0.1:{req.conn.port}"
        scheme = "https" if req.conn.tls else "http"
        location = f"{scheme}://{host}/redirect-abs/{code}/{n - 1}{query}"
    else:
        location = f"/redirect/{code}/{n - 1}{query}"
    req.respond(code, f"redirecting to {location}\n", [("Location", location)])


@route(r"/redirect-loop(?:/(\d+))?")
def ep_redirect_loop(req, m):
    location = "/redirect-loop" if m.group(1) is None else f"/redirect-loop/{int(m.group(1)) + 1}"
    req.respond(302, f"redirecting to {location}\n", [("Location", location)])


@route(r"/redirect-to")
def ep_redirect_to(req, m):
    url = req.q("url")
    code = req.q_int("code", 302)
    if url is None or not is_loopback_url(url):
        raise BadRequest(400, "?url= must be relative or name a loopback host")
    if not 300 <= code < 400:
        raise BadRequest(400, "?code= must be 3xx")
    req.respond(code, f"redirecting to {url}\n", [("Location", url)])


@route(r"/redirect-nolocation(?:/(\d{3}))?")
def ep_redirect_nolocation(req, m):
    code = int(m.group(1) or 302)
    req.respond(code, "a redirect without a Location\n")


# -- authentication ---------------------------------------------------------

def parse_auth_params(text):
    params = {}
    for m in re.finditer(r'([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))', text):
        value = m.group(2) if m.group(2) is not None else m.group(3)
        if m.group(2) is not None:
            value = re.sub(r"\\(.)", r"\1", value)
        params[m.group(1).lower()] = value
    return params


class Digest:
    nc_seen = {}
    nc_lock = threading.Lock()
    HASHES = {"MD5": hashlib.md5, "MD5-SESS": hashlib.md5, "SHA-256": hashlib.sha256,
              "SHA-256-SESS": hashlib.sha256}

    @staticmethod
    def options(req):
        alg = (req.q("alg") or "MD5").upper()
        if alg not in Digest.HASHES:
            raise BadRequest(400, "?alg must be MD5, MD5-sess, SHA-256 or SHA-256-sess")
        qop = req.q("qop") or "auth"
        if qop not in ("auth", "auth-int", "auth,auth-int", "none"):
            raise BadRequest(400, "?qop must be auth, auth-int, auth,auth-int or none")
        return alg, qop

    @staticmethod
    def new_nonce():
        stamp = struct.pack(">Q", int(time.time() * 1000))
        mac = hmac.new(SECRET, stamp, hashlib.sha256).digest()[:16]
        return base64.urlsafe_b64encode(stamp + mac).decode().rstrip("=")

    @staticmethod
    def nonce_age(nonce):
        """Seconds since the nonce was issued, or None if it is not ours."""
        try:
            raw = base64.urlsafe_b64decode(nonce + "=" * (-len(nonce) % 4))
        except (ValueError, TypeError):
            return None
        if len(raw) != 24 or not hmac.compare_digest(hmac.new(SECRET, raw[:8], hashlib.sha256).digest()[:16],
                                                     raw[8:]):
            return None
        return time.time() - struct.unpack(">Q", raw[:8])[0] / 1000.0

    @staticmethod
    def challenge(req, stale=False):
        alg, qop = Digest.options(req)
        algorithm = {"MD5": "MD5", "MD5-SESS": "MD5-sess", "SHA-256": "SHA-256",
                     "SHA-256-SESS": "SHA-256-sess"}[alg]
        parts = [f'realm="{REALM}"']
        if qop != "none":
            parts.append(f'qop="{qop}"')
        parts += [f"algorithm={algorithm}", f'nonce="{Digest.new_nonce()}"',
                  'opaque="' + hashlib.sha256(b"opaque" + SECRET).hexdigest()[:32] + '"']
        if stale:
            parts.append("stale=true")
        return "Digest " + ", ".join(parts)

    @staticmethod
    def verify(req, params, user, password, body):
        """(ok, stale, why)"""
        alg, qop_offered = Digest.options(req)
        H = lambda text: Digest.HASHES[alg](text.encode()).hexdigest()  # noqa: E731
        if params.get("username") != user:
            return False, False, "wrong user"
        if params.get("realm") != REALM:
            return False, False, "wrong realm"
        if (params.get("algorithm") or "MD5").upper() != alg:
            return False, False, "wrong algorithm"
        uri = params.get("uri", "")
        if uri != req.target and uri != req.path + (("?" + req.query_string) if req.query_string else ""):
            return False, False, f"uri {uri!r} is not the request target"
        nonce = params.get("nonce", "")
        age = Digest.nonce_age(nonce)
        if age is None:
            return False, False, "nonce not ours"
        qop = params.get("qop")
        ha1 = H(f"{user}:{REALM}:{password}")
        if alg.endswith("-SESS"):
            ha1 = H(f"{ha1}:{nonce}:{params.get('cnonce', '')}")
        if qop == "auth-int":
            ha2 = H(f"{req.method}:{uri}:{Digest.HASHES[alg](body).hexdigest()}")
        else:
            ha2 = H(f"{req.method}:{uri}")
        if qop_offered == "none":
            if qop:
                return False, False, "qop sent but none offered"
            expected = H(f"{ha1}:{nonce}:{ha2}")
        else:
            if qop not in qop_offered.split(","):
                return False, False, f"qop {qop!r} not offered"
            nc = params.get("nc", "")
            if not re.fullmatch(r"[0-9a-fA-F]{8}", nc):
                return False, False, "bad nc"
            expected = H(f"{ha1}:{nonce}:{nc}:{params.get('cnonce', '')}:{qop}:{ha2}")
        if not hmac.compare_digest(expected, params.get("response", "")):
            return False, False, "wrong response"
        if age > req.q_int("ttl", 300):
            return False, True, "stale nonce"
        if qop_offered != "none":
            with Digest.nc_lock:
                if len(Digest.nc_seen) > 10000:
                    Digest.nc_seen.clear()
                seen = Digest.nc_seen.setdefault(nonce, set())
                if int(nc, 16) in seen:
                    return False, False, "replayed nc"
                seen.add(int(nc, 16))
        return True, False, "ok"


class Ntlm:
    NEGOTIATE_UNICODE = 0x00000001
    NEGOTIATE_OEM = 0x00000002
    REQUEST_TARGET = 0x00000004
    NEGOTIATE_NTLM = 0x00000200
    ALWAYS_SIGN = 0x00008000
    TARGET_TYPE_DOMAIN = 0x00010000
    EXTENDED_SESSIONSECURITY = 0x00080000
    TARGET_INFO = 0x00800000
    NEGOTIATE_128 = 0x20000000
    NEGOTIATE_56 = 0x80000000
    DOMAIN = "HINTERNET"

    @staticmethod
    def decode(value):
        """The NTLM message of an "NTLM <base64>" header, or None."""
        scheme, _, token = value.strip().partition(" ")
        if scheme.lower() not in ("ntlm", "negotiate"):
            return None
        try:
            raw = base64.b64decode(token.strip(), validate=True)
        except ValueError:
            return None
        if len(raw) < 12 or raw[:8] != b"NTLMSSP\0":
            return None
        return raw

    @staticmethod
    def challenge_message(challenge, negotiate_flags):
        unicode = bool(negotiate_flags & Ntlm.NEGOTIATE_UNICODE) or not negotiate_flags & Ntlm.NEGOTIATE_OEM
        enc = (lambda s: s.encode("utf-16-le")) if unicode else (lambda s: s.encode("ascii"))
        target = enc(Ntlm.DOMAIN)
        filetime = int((time.time() + 11644473600) * 10000000)
        av = b""
        for av_id, text in ((2, Ntlm.DOMAIN), (1, "EDGE"), (4, "hinternet.test"), (3, "edge.hinternet.test")):
            data = text.encode("utf-16-le")
            av += struct.pack("<HH", av_id, len(data)) + data
        av += struct.pack("<HHQ", 7, 8, filetime) + struct.pack("<HH", 0, 0)
        flags = (Ntlm.REQUEST_TARGET | Ntlm.NEGOTIATE_NTLM | Ntlm.ALWAYS_SIGN | Ntlm.TARGET_TYPE_DOMAIN
                 | Ntlm.TARGET_INFO | Ntlm.NEGOTIATE_128 | Ntlm.NEGOTIATE_56
                 | (Ntlm.NEGOTIATE_UNICODE if unicode else Ntlm.NEGOTIATE_OEM)
                 | (negotiate_flags & Ntlm.EXTENDED_SESSIONSECURITY))
        header_len = 48
        msg = b"NTLMSSP\0" + struct.pack("<I", 2)
        msg += struct.pack("<HHI", len(target), len(target), header_len)
        msg += struct.pack("<I", flags) + challenge + b"\0" * 8
        msg += struct.pack("<HHI", len(av), len(av), header_len + len(target))
        return msg + target + av

    @staticmethod
    def verify(msg, challenge, user, password):
        """(ok, why, user name sent)"""
        if len(msg) < 64 or struct.unpack("<I", msg[8:12])[0] != 3:
            return False, "not a type 3 message", ""

        def field(offset):
            length, _, start = struct.unpack("<HHI", msg[offset:offset + 8])
            if start + length > len(msg):
                raise ValueError("field outside the message")
            return msg[start:start + length]
        try:
            nt = field(20)
            domain, name = field(28), field(36)
        except (ValueError, struct.error) as e:
            return False, str(e), ""
        flags = struct.unpack("<I", msg[60:64])[0]
        dec = (lambda b: b.decode("utf-16-le", "replace")) if flags & Ntlm.NEGOTIATE_UNICODE \
            else (lambda b: b.decode("latin-1"))
        sent_user, sent_domain = dec(name), dec(domain)
        if sent_user.lower() != user.lower():
            return False, f"wrong user {sent_user!r}", sent_user
        if len(nt) <= 24:
            return False, "NTLMv1 / NTLM2 session response (only NTLMv2 is verified)", sent_user
        nt_hash = md4(password.encode("utf-16-le"))
        ntowf2 = hmac.new(nt_hash, (sent_user.upper() + sent_domain).encode("utf-16-le"), hashlib.md5).digest()
        proof = hmac.new(ntowf2, challenge + nt[16:], hashlib.md5).digest()
        if not hmac.compare_digest(proof, nt[:16]):
            return False, "wrong NTLMv2 response", sent_user
        return True, "ok", sent_user


AUTH_SCHEMES = ("negotiate", "ntlm", "digest", "basic")


def authenticate(req, m, schemes, user, password, proxy=False):
    """Answers an auth endpoint: the challenge(s), or 200 when the
    credentials verify."""
    status = 407 if proxy else 401
    in_header = "Proxy-Authorization" if proxy else "Authorization"
    out_header = "Proxy-Authenticate" if proxy else "WWW-Authenticate"
    kind = "proxy" if proxy else "www"
    ok_prefix = "proxy-authenticated" if proxy else "authenticated"
    state = req.conn.ntlm.get(kind, {})
    credentials = req.header(in_header)
    stale = False
    why = "no credentials"
    extra_headers = []

    # With credentials the body is read first (100 Continue is sent): auth-int
    # needs it. Without, the challenge goes out without asking for the body.
    if credentials is not None or state.get("user"):
        req.read_body()

    if credentials is None and "ntlm" in schemes and state.get("user"):
        return req.respond(200, f"{ok_prefix} NTLM {state['user']} (connection)\n")

    if credentials is not None:
        scheme, _, rest = credentials.strip().partition(" ")
        scheme = scheme.lower()
        if scheme == "basic" and "basic" in schemes:
            try:
                decoded = base64.b64decode(rest.strip(), validate=True).decode("utf-8")
            except ValueError:
                decoded = None
            if decoded == f"{user}:{password}":
                return req.respond(200, f"{ok_prefix} Basic {user}\n")
            why = "wrong basic credentials"
        elif scheme == "digest" and "digest" in schemes:
            ok, stale, why = Digest.verify(req, parse_auth_params(rest), user, password, req.read_body())
            if ok:
                return req.respond(200, f"{ok_prefix} Digest {user}\n")
        elif scheme in ("ntlm", "negotiate") and "ntlm" in schemes:
            msg = Ntlm.decode(credentials)
            if msg is None:
                why = "bad NTLM token"
            else:
                msg_type = struct.unpack("<I", msg[8:12])[0]
                if msg_type == 1:
                    flags = struct.unpack("<I", msg[12:16])[0] if len(msg) >= 16 else 0
                    challenge = os.urandom(8)
                    req.conn.ntlm[kind] = {"challenge": challenge}
                    token = base64.b64encode(Ntlm.challenge_message(challenge, flags)).decode()
                    req.conn.log("NTLM type 1 -> type 2")
                    return req.respond(status, "NTLM challenge\n", [(out_header, f"NTLM {token}")])
                if msg_type == 3 and state.get("challenge"):
                    ok, why, sent = Ntlm.verify(msg, state["challenge"], user, password)
                    req.conn.ntlm.pop(kind, None)
                    if ok:
                        req.conn.ntlm[kind] = {"user": sent}
                        return req.respond(200, f"{ok_prefix} NTLM {sent}\n")
                elif msg_type == 3:
                    why = "NTLM type 3 without a challenge on this connection"
                else:
                    why = f"unexpected NTLM message type {msg_type}"
        else:
            why = f"scheme {scheme!r} not offered"

    challenges = []
    for scheme in schemes:
        if scheme == "negotiate":
            challenges.append("Negotiate")
        elif scheme == "ntlm":
            challenges.append("NTLM")
        elif scheme == "digest":
            challenges.append(Digest.challenge(req, stale))
        elif scheme == "basic":
            challenges.append(f'Basic realm="{REALM}"')
    if req.q("combined") == "1":
        extra_headers.append((out_header, ", ".join(challenges)))
    else:
        extra_headers += [(out_header, c) for c in challenges]
    req.conn.log(f"auth refused: {why}")
    req.discard_body()
    req.respond(status, f"authentication required ({why})\n", extra_headers)


def auth_route(proxy):
    prefix = "/proxy-auth" if proxy else "/auth"

    @route(prefix + r"/(basic|digest)/([^/]+)/([^/]+)", streaming=True)
    def ep_basic_digest(req, m):
        user, password = urllib.parse.unquote(m.group(2)), urllib.parse.unquote(m.group(3))
        authenticate(req, m, (m.group(1),), user, password, proxy)

    @route(prefix + r"/ntlm(?:/([^/]+)/([^/]+))?", streaming=True)
    def ep_ntlm(req, m):
        user = urllib.parse.unquote(m.group(1)) if m.group(1) else "ntlmuser"
        password = urllib.parse.unquote(m.group(2)) if m.group(2) else "ntlmpass"
        authenticate(req, m, ("ntlm",), user, password, proxy)

    @route(prefix + r"/multi(?:/([^/]+)/([^/]+))?", streaming=True)
    def ep_multi(req, m):
        user = urllib.parse.unquote(m.group(1)) if m.group(1) else "user"
        password = urllib.parse.unquote(m.group(2)) if m.group(2) else "pass"
        schemes = tuple(s.strip().lower() for s in (req.q("schemes") or ",".join(AUTH_SCHEMES)).split(","))
        if any(s not in AUTH_SCHEMES for s in schemes):
            raise BadRequest(400, "?schemes= takes negotiate, ntlm, digest, basic")
        authenticate(req, m, schemes, user, password, proxy)


auth_route(False)
auth_route(True)


# -- timing and faults -----------------------------------------------------

@route(r"/slow/(\d+)/(\d+)")
def ep_slow(req, m):
    size, ms = num(m.group(1)), num(m.group(2), "ms", 60000)
    piece = max(1, req.q_int("chunk", 1024))
    pieces = (size + piece - 1) // piece
    if pieces * ms > MAX_SLEEP * 1000:
        raise BadRequest(400, f"would take more than {MAX_SLEEP:.0f} s")

    def gen():
        for i, data in enumerate(pattern_pieces(size, piece)):
            if i:
                req.conn.sleep(ms)
            yield data
    if req.q("chunked") == "1":
        return send_chunked(req, gen())
    req.conn.send(req.head_bytes(200, length=size, content_type="application/octet-stream"))
    req.responded = 200
    if req.method != "HEAD":
        for data in gen():
            req.conn.send(data)
    req.conn.log(f'"{req.method} {req.target[:200]}" -> 200 slow {size} bytes')


@route(r"/slow-headers/(\d+)")
def ep_slow_headers(req, m):
    req.conn.sleep(num(m.group(1), "ms", int(MAX_SLEEP * 1000)))
    trickle = req.q_int("trickle", 0)
    if not trickle:
        return req.respond(200, "slow headers\n")
    body = b"slow headers\n"
    head = req.head_bytes(200, length=len(body))
    lines = head.split(b"\r\n")[:-2]
    if len(lines) * trickle > MAX_SLEEP * 1000:
        raise BadRequest(400, "trickle too slow")
    for line in lines:
        req.conn.send(line + b"\r\n")
        req.conn.sleep(trickle)
    req.conn.send(b"\r\n" + (b"" if req.method == "HEAD" else body))
    req.responded = 200
    req.conn.log(f'"{req.method} {req.target[:200]}" -> 200 trickled headers')


@route(r"/stall(?:/(\d+))?")
def ep_stall(req, m):
    seconds = min(int(m.group(1) or 60), MAX_SLEEP)
    req.conn.log(f'"{req.method} {req.target[:200]}" -> stalling {seconds} s')
    req.responded = -1
    req.conn.wait_for_close(seconds)
    req.conn.close()


@route(r"/stall-body/(\d+)/(\d+)")
def ep_stall_body(req, m):
    declared, sent = num(m.group(1)), num(m.group(2))
    seconds = min(req.q_int("s", 60), MAX_SLEEP)
    req.conn.send(req.head_bytes(200, length=declared, content_type="application/octet-stream"))
    for data in pattern_pieces(sent):
        req.conn.send(data)
    req.responded = 200
    req.conn.log(f'"{req.method} {req.target[:200]}" -> 200 declared {declared}, sent {sent}, stalling {seconds} s')
    req.conn.wait_for_close(seconds)
    req.conn.close()


@route(r"/reset-mid-body/(\d+)")
def ep_reset_mid_body(req, m):
    size = num(m.group(1))
    req.conn.send(req.head_bytes(200, length=2 * size + 1, content_type="application/octet-stream"))
    for data in pattern_pieces(size):
        req.conn.send(data)
    req.conn.sleep(min(req.q_int("delay", 100), 10000))
    req.responded = -1
    req.conn.log(f'"{req.method} {req.target[:200]}" -> 200, {size} bytes, then RST')
    req.conn.reset()


@route(r"/reset-before-response")
def ep_reset_before(req, m):
    req.responded = -1
    req.conn.log(f'"{req.method} {req.target[:200]}" -> RST')
    req.conn.reset()


@route(r"/close-before-response")
def ep_close_before(req, m):
    req.responded = -1
    req.conn.log(f'"{req.method} {req.target[:200]}" -> FIN without a response')
    req.conn.close()


MALFORMED = {
    "bad-status-line": b"HTZP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nbad",
    "status-abc": b"HTTP/1.1 abc OK\r\nContent-Length: 3\r\n\r\nabc",
    "status-1000": b"HTTP/1.1 1000 Too Big\r\nContent-Length: 3\r\n\r\nbig",
    "no-reason": b"HTTP/1.1 200\r\nContent-Length: 10\r\n\r\nno reason\n",
    "no-colon": b"HTTP/1.1 200 OK\r\nX-Fine: yes\r\nThis line has no colon\r\nContent-Length: 3\r\n\r\nabc",
    "folding": b"HTTP/1.1 200 OK\r\nX-Folded: first\r\n  second\r\n\tthird\r\nContent-Length: 3\r\n\r\nabc",
    "lf-only": b"HTTP/1.1 200 OK\nContent-Type: text/plain\nContent-Length: 8\n\nlf only\n",
    "garbage": bytes(range(256)) * 4,
    "http09": b"<html>an HTTP/0.9 body without a status line</html>\n",
    "eof-in-headers": b"HTTP/1.1 200 OK\r\nContent-Type: te",
    "space-before-colon": b"HTTP/1.1 200 OK\r\nContent-Length : 3\r\n\r\nabc",
    "dup-length": b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nabcde",
    "bad-length": b"HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\nabc",
    "negative-length": b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\nabc",
    "nul-in-header": b"HTTP/1.1 200 OK\r\nX-Nul: a\0b\r\nContent-Length: 3\r\n\r\nabc",
    "length-and-chunked": b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n"
                          b"5\r\nhello\r\n0\r\n\r\n",
}


@route(r"/malformed/([a-z0-9-]+)")
def ep_malformed(req, m):
    kind = m.group(1)
    if kind not in MALFORMED:
        raise BadRequest(404, "kinds: " + ", ".join(MALFORMED))
    req.send_raw(MALFORMED[kind], f"malformed {kind}")


@route(r"/huge-headers/(\d+)/(\d+)")
def ep_huge_headers(req, m):
    n, size = num(m.group(1), "n", 1 << 20), num(m.group(2), "size", 64 << 20)
    if n * size > (64 << 20):
        raise BadRequest(400, "more than 64 MiB of headers")
    value = pattern(size).decode()
    req.respond(200, "ok\n", [(f"X-Huge-{i}", value) for i in range(n)])


# -- what the client sent -------------------------------------------------

SOCKS_LOG = edge_socks.SocksLog()


@route(r"/socks-log")
def ep_socks_log(req, m):
    req.respond(200, SOCKS_LOG.text(req.q("match")))


@route(r"/echo")
def ep_echo(req, m):
    body = req.read_body()
    headers = [("X-Echo-Method", req.method), ("X-Echo-Body-Length", str(len(body))),
               ("X-Echo-Body-Sha256", hashlib.sha256(body).hexdigest()),
               ("X-Echo-Chunked", "1" if req.chunked else "0")]
    req.respond(200, req.raw_head + body, headers)


@route(r"/echo-json")
def ep_echo_json(req, m):
    body = req.read_body()
    data = {
        "method": req.method, "target": req.target, "path": req.path, "query": req.query,
        "version": req.version, "headers": req.headers,
        "body": body.decode("utf-8", "replace"), "body_base64": base64.b64encode(body).decode(),
        "body_length": len(body), "body_sha256": hashlib.sha256(body).hexdigest(),
        "chunked": req.chunked, "trailers": req.trailers, "tls": req.conn.tls, "alpn": req.conn.alpn,
        "client": req.conn.client, "connection_id": req.conn.id, "connection_requests": req.conn.requests,
    }
    req.respond(200, json.dumps(data, indent=1) + "\n", content_type="application/json")


@route(r"/set-cookie")
@route(r"/set-cookie/.+")
def ep_set_cookie(req, m):
    headers = []
    redirect = None
    for k, v in req.query:
        if k == "c":
            headers.append(("Set-Cookie", v))
        elif k == "redirect":
            redirect = v
        elif k != "h":
            headers.append(("Set-Cookie", f"{k}={v}"))
    if redirect is not None:
        if not is_loopback_url(redirect):
            raise BadRequest(400, "?redirect= must be relative or name a loopback host")
        headers.append(("Location", redirect))
        return req.respond(302, f"{len(headers) - 1} cookies set, redirecting\n", headers)
    req.respond(200, f"{len(headers)} cookies set\n", headers)


@route(r"/cookies")
@route(r"/cookies/.+")
def ep_cookies(req, m):
    values = req.all("Cookie")
    req.respond(200, "".join(v + "\n" for v in values), [("X-Cookie-Count", str(len(values)))])


def sink(req, rate=None):
    digest = hashlib.sha256()
    total = 0
    start = time.monotonic()
    piece = 1 << 20
    if rate:
        piece = max(1, min(16384, rate // 20))
    for data in req.body_pieces(piece):
        digest.update(data)
        total += len(data)
        if rate:
            ahead = total / rate - (time.monotonic() - start)
            if ahead > 0:
                req.conn.sleep(ahead * 1000)
    seconds = time.monotonic() - start
    text = f"bytes={total}\nsha256={digest.hexdigest()}\nseconds={seconds:.3f}\n"
    if rate:
        text += f"rate={total / seconds if seconds > 0 else 0:.0f}\n"
    req.respond(200, text, [("X-Upload-Bytes", str(total)), ("X-Upload-Sha256", digest.hexdigest()),
                            ("X-Upload-Chunked", "1" if req.chunked else "0")])


@route(r"/upload-sink", streaming=True)
def ep_upload_sink(req, m):
    sink(req)


@route(r"/upload-paced/(\d+)", streaming=True)
def ep_upload_paced(req, m):
    rate = num(m.group(1), "rate", 1 << 40)
    if rate == 0:
        raise BadRequest(400, "rate must be > 0")
    try:
        req.conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
    except OSError:
        pass
    length = req.content_length if not req.chunked else 0
    if length / rate > MAX_SLEEP:
        raise BadRequest(400, f"would take more than {MAX_SLEEP:.0f} s")
    sink(req, rate)


GATES = {}  # name -> threading.Event, for /gate and /gate-open
GATES_LOCK = threading.Lock()
GATE_HELD = {}  # name -> [held now, most held at once], for /gate-count
GATE_HELD_CHANGED = threading.Condition(GATES_LOCK)


def gate_holds(name, delta):
    with GATE_HELD_CHANGED:
        held = GATE_HELD.setdefault(name, [0, 0])
        held[0] += delta
        held[1] = max(held[1], held[0])
        GATE_HELD_CHANGED.notify_all()


def gate(name):
    with GATES_LOCK:
        return GATES.setdefault(name, threading.Event())


@route(r"/gate/([a-z0-9-]{1,64})")
def ep_gate(req, m):
    name = m.group(1)
    body = f"gate {name}\n".encode()
    req.conn.send(req.head_bytes(200, length=len(body)))
    req.responded = 200
    gate_holds(name, 1)
    try:
        opened = gate(name).wait(60)
    finally:
        gate_holds(name, -1)
    if not opened:
        req.conn.log(f'"{req.method} {req.target[:200]}" -> gate {name} never opened')
        req.close_after = True
        return
    if req.method != "HEAD":
        req.conn.send(body)
    req.conn.log(f'"{req.method} {req.target[:200]}" -> 200 through gate {name}')


@route(r"/gate-end/([a-z0-9-]{1,64})")
def ep_gate_end(req, m):
    name = m.group(1)
    req.close_after = True
    req.conn.send(req.head_bytes(200))
    req.responded = 200
    ended = gate(name).wait(60)
    req.conn.log(f'"{req.method} {req.target[:200]}" -> 200, ' +
                 (f"ended through gate {name}" if ended else f"gate {name} never opened"))


@route(r"/gate-open/([a-z0-9-]{1,64})")
def ep_gate_open(req, m):
    gate(m.group(1)).set()
    req.respond(200, f"opened {m.group(1)}\n")


@route(r"/gate-count/([a-z0-9-]{1,64})")
def ep_gate_count(req, m):
    name, wanted = m.group(1), req.q_int("wait", 0)
    with GATE_HELD_CHANGED:
        GATE_HELD_CHANGED.wait_for(lambda: GATE_HELD.get(name, [0, 0])[0] >= wanted, timeout=5.0)
        held, most = GATE_HELD.get(name, [0, 0])
    req.respond(200, f"held={held} max={most}\n")


@route(r"/no-read(?:/(\d+))?", streaming=True)
def ep_no_read(req, m):
    seconds = min(int(m.group(1) or 20), MAX_SLEEP)
    try:
        req.conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    except OSError:
        pass
    req.responded = -1
    req.conn.log(f'"{req.method} {req.target[:200]}" -> not reading for {seconds} s')
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        time.sleep(0.2)
    req.conn.reset()


REVOCATION_DIR = None  # where revocation_pki.py put the CRLs
CRL_FETCHES = {}  # name -> requests for /crl/<name>.crl
CRL_FETCHES_LOCK = threading.Lock()


@route(r"/crl/([a-z0-9-]{1,64})\.crl")
def ep_crl(req, m):
    name = m.group(1)
    with CRL_FETCHES_LOCK:
        CRL_FETCHES[name] = CRL_FETCHES.get(name, 0) + 1
    path = os.path.join(REVOCATION_DIR, f"{name}.crl") if REVOCATION_DIR else None
    if not path or not os.path.isfile(path):
        req.responded = -1
        req.conn.log(f'"{req.method} {req.target[:200]}" -> no such CRL: FIN without a response')
        req.conn.close()
        return
    with open(path, "rb") as f:
        req.respond(200, f.read(), content_type="application/pkix-crl")


@route(r"/crl-count/([a-z0-9-]{1,64})")
def ep_crl_count(req, m):
    with CRL_FETCHES_LOCK:
        count = CRL_FETCHES.get(m.group(1), 0)
    req.respond(200, f"fetches={count}\n")


@route(r"/keepalive-count")
def ep_keepalive_count(req, m):
    req.respond(200, f"{req.conn.requests}\n")


@route(r"/dav(/.*)?")
def ep_dav(req, m):
    allow = ("Allow", "OPTIONS, PROPFIND")
    if req.method != "OPTIONS":
        req.respond(405, "OPTIONS only\n", [allow])
        return
    req.respond(200, b"", [allow] + [("DAV", value) for value in req.q_all("class")])


@route(r"/(gzip|deflate)/(\d+)")
def ep_compressed(req, m):
    size = num(m.group(2), "size", 256 << 20)
    raw = pattern(size)
    if m.group(1) == "gzip":
        data = gzip.compress(raw)
    elif req.q("raw") == "1":
        c = zlib.compressobj(wbits=-15)
        data = c.compress(raw) + c.flush()
    else:
        data = zlib.compress(raw)
    if req.q("corrupt") == "1":
        keep = 10 if m.group(1) == "gzip" else 2
        data = data[:keep] + b"\xff" * (len(data) - keep)
    headers = [("Content-Encoding", m.group(1)), ("X-Uncompressed-Length", str(size))]
    if req.q("chunked") == "1":
        return send_chunked(req, (data[i:i + 16384] for i in range(0, len(data), 16384)), headers=headers)
    req.respond(200, data, headers, content_type="text/plain")


# -- WebSocket ------------------------------------------------------------

class WsClose(Exception):
    def __init__(self, code, reason=""):
        super().__init__(f"{code} {reason}")
        self.code, self.reason = code, reason


def ws_frame(opcode, payload=b"", fin=True):
    head = bytes([(0x80 if fin else 0) | opcode])
    n = len(payload)
    if n < 126:
        head += bytes([n])
    elif n < 65536:
        head += bytes([126]) + struct.pack(">H", n)
    else:
        head += bytes([127]) + struct.pack(">Q", n)
    return head + payload


def ws_close_payload(code, reason=""):
    return struct.pack(">H", code) + reason.encode()[:123] if code else b""


@route(r"/ws/echo")
def ep_ws_echo(req, m):
    conn = req.conn
    upgrade = (req.header("Upgrade") or "").lower()
    connection = {t.strip().lower() for v in req.all("Connection") for t in v.split(",")}
    key = req.header("Sec-WebSocket-Key") or ""
    req.close_after = True  # a refused upgrade closes too
    if req.method != "GET" or "websocket" not in upgrade or "upgrade" not in connection:
        return req.respond(400, "not a WebSocket handshake\n")
    if req.header("Sec-WebSocket-Version") != "13":
        return req.respond(426, "WebSocket version 13 required\n", [("Sec-WebSocket-Version", "13")])
    try:
        if len(base64.b64decode(key, validate=True)) != 16:
            raise ValueError
    except ValueError:
        return req.respond(400, "bad Sec-WebSocket-Key\n")
    accept = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()
    headers = ["HTTP/1.1 101 Switching Protocols", "Upgrade: websocket", "Connection: Upgrade",
               f"Sec-WebSocket-Accept: {accept}", "Server: hinternet-edge", f"X-Connection-Id: {conn.id}"]
    protocols = [p.strip() for v in req.all("Sec-WebSocket-Protocol") for p in v.split(",") if p.strip()]
    if protocols:
        headers.append(f"Sec-WebSocket-Protocol: {protocols[0]}")
    conn.send(("\r\n".join(headers) + "\r\n\r\n").encode("latin-1"))
    req.responded = 101
    req.close_after = True
    conn.log(f'"{req.method} {req.target[:200]}" -> 101 websocket')
    pinged = set()
    message = None  # (opcode, bytearray) while fragments arrive
    try:
        while True:
            fin, opcode, payload = ws_read_frame(conn)
            if opcode >= 8:
                if opcode == 8:
                    ws_check_close(payload)
                    conn.send(ws_frame(8, payload))
                    conn.log(f"websocket closed by the client: {payload[:2].hex()} {payload[2:]!r}")
                    return
                if opcode == 9:
                    conn.send(ws_frame(10, payload))
                    if payload.startswith(b"!report "):
                        conn.send(ws_frame(1, b"pinged " + payload[8:]))
                elif payload in pinged:
                    pinged.discard(payload)
                    conn.send(ws_frame(1, b"pong " + payload))
                continue
            if opcode == 0:
                if message is None:
                    raise WsClose(1002, "continuation without a message")
                message[1].extend(payload)
            else:
                if message is not None:
                    raise WsClose(1002, "new message inside a fragmented one")
                message = (opcode, bytearray(payload))
            if len(message[1]) > (16 << 20):
                raise WsClose(1009, "message too big")
            if not fin:
                continue
            opcode, data = message[0], bytes(message[1])
            message = None
            if opcode == 1:
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError:
                    raise WsClose(1007, "invalid UTF-8")
                if text.startswith("!close "):
                    _, code, *rest = text.split(" ", 2)
                    raise WsClose(int(code) if code.isdigit() else 1000, rest[0] if rest else "")
                if text.startswith("!ping "):
                    payload = data[6:6 + 125]
                    pinged.add(payload)
                    conn.send(ws_frame(9, payload))
                    continue
                if text.startswith("!fragment "):
                    _, count, rest = (text.split(" ", 2) + [""])[:3]
                    count = max(1, min(int(count) if count.isdigit() else 1, 1000))
                    raw = rest.encode()
                    step = max(1, -(-len(raw) // count))
                    parts = [raw[i:i + step] for i in range(0, len(raw), step)] or [b""]
                    for i, part in enumerate(parts):
                        conn.send(ws_frame(1 if i == 0 else 0, part, fin=i == len(parts) - 1))
                    continue
                if text == "!drop":
                    conn.log("websocket: server drops the connection without a close frame")
                    return
                if text == "!bad-frame":
                    conn.send(bytes([0xC1, 1]) + b"x")  # FIN, RSV1, text
                    continue
                if text.startswith("!big "):
                    size = text[5:].strip()
                    conn.send(ws_frame(2, pattern(min(int(size) if size.isdigit() else 0, 16 << 20))))
                    continue
            conn.send(ws_frame(opcode, data))
    except WsClose as e:
        conn.log(f"websocket: server closes with {e.code} {e.reason}")
        conn.send(ws_frame(8, ws_close_payload(e.code, e.reason)))
    except Timeout:
        conn.log("websocket: idle, server closes with 1001")
        conn.send(ws_frame(8, ws_close_payload(1001, "idle")))
    # The server sent a close frame: wait (at most 5 s) for the client's,
    # then the server closes the TCP connection first (RFC 6455 7.1.1).
    conn.deadline = min(conn.deadline, time.monotonic() + 5)
    try:
        while ws_read_frame(conn)[1] != 8:
            pass
    except (WsClose, Timeout, Gone):
        pass


def ws_read_frame(conn):
    """(fin, opcode, unmasked payload) of the next client frame."""
    b0, b1 = conn.read_exact(2)
    fin, opcode, masked, n = bool(b0 & 0x80), b0 & 0x0F, b1 & 0x80, b1 & 0x7F
    if b0 & 0x70:
        raise WsClose(1002, "reserved bits set")
    if opcode not in (0, 1, 2, 8, 9, 10):
        raise WsClose(1002, f"unknown opcode {opcode}")
    if n == 126:
        n = struct.unpack(">H", conn.read_exact(2))[0]
    elif n == 127:
        n = struct.unpack(">Q", conn.read_exact(8))[0]
    if opcode >= 8 and (not fin or n > 125):
        raise WsClose(1002, "bad control frame")
    if not masked:
        raise WsClose(1002, "client frames must be masked")
    if n > (16 << 20):
        raise WsClose(1009, "message too big")
    mask = conn.read_exact(4)
    payload = conn.read_exact(n)
    if n:
        key = (mask * (n // 4 + 1))[:n]
        payload = (int.from_bytes(payload, "big") ^ int.from_bytes(key, "big")).to_bytes(n, "big")
    return fin, opcode, payload


def ws_check_close(payload):
    if len(payload) == 1:
        raise WsClose(1002, "bad close payload")
    if len(payload) >= 2:
        code = struct.unpack(">H", payload[:2])[0]
        if code < 1000 or code in (1004, 1005, 1006, 1015) or 1016 <= code < 3000 or code >= 5000:
            raise WsClose(1002, "bad close code")
        try:
            payload[2:].decode("utf-8")
        except UnicodeDecodeError:
            raise WsClose(1007, "bad close reason")


# --------------------------------------------------------------------------
# Serving
# --------------------------------------------------------------------------

def dispatch(path):
    for regex, handler, streaming in ROUTES:
        m = regex.match(path)
        if m:
            return handler, m, streaming
    return None, None, False


def serve_socks_if_asked(conn):
    """Serves the connection as SOCKS when its first byte is 4 or 5."""
    if not conn.buf and not conn.recv_some():
        return False
    if conn.buf[0] not in (4, 5):
        return False
    edge_socks.serve(conn, SOCKS_LOG, IDLE_TIMEOUT)
    return True


def serve_connection(conn, ctx):
    try:
        if ctx is not None:
            conn.sock.settimeout(10.0)
            conn.sock = ctx.wrap_socket(conn.sock, server_side=True, do_handshake_on_connect=False)
            conn.sock.do_handshake()
            conn.alpn = conn.sock.selected_alpn_protocol()
        elif serve_socks_if_asked(conn):
            return
        while not conn.closed:
            req = None
            try:
                head = conn.read_head()
                if head is None:
                    break
                conn.requests += 1
                req = Request(conn, head)
                handler, m, streaming = dispatch(req.path)
                if handler is None:
                    req.discard_body()
                    req.respond(404, f"no such endpoint: {req.path}\n")
                else:
                    if not streaming:
                        req.read_body()
                    handler(req, m)
            except BadRequest as e:
                conn.log(f"bad request ({e.status}): {e}")
                if req is None or req.responded is None:
                    body = f"{e}\n".encode()
                    conn.send(f"HTTP/1.1 {e.status} {Request._phrase(e.status)}\r\nServer: hinternet-edge\r\n"
                              f"Content-Type: text/plain; charset=utf-8\r\nContent-Length: {len(body)}\r\n"
                              f"X-Connection-Id: {conn.id}\r\nConnection: close\r\n\r\n".encode() + body)
                break
            if conn.closed:
                break
            if req.close_after or not req.keep_alive:
                break
            req.discard_body()
            if req.close_after:
                break
    except Timeout as e:
        conn.log(f"timeout: {e}")
    except Gone as e:
        conn.log(f"closed: {e}")
    except ssl.SSLError as e:
        conn.log(f"TLS: {e}")
    except (ConnectionError, OSError) as e:
        conn.log(f"socket: {e}")
    except Exception:  # noqa: BLE001 - one connection's bug must not stop the server
        log.exception("conn=%d: handler failed", conn.id)
    finally:
        try:
            conn.close()
        except Exception:  # noqa: BLE001
            pass


class Server:
    def __init__(self, certs, idle_timeout=None, revocation_dir=None):
        self.certs = certs
        self.revocation_dir = revocation_dir
        self.ctx = None
        if certs:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(os.path.join(certs, "server-chain.pem"), os.path.join(certs, "server.key"))
            ctx.set_alpn_protocols(["http/1.1"])
            self.ctx = ctx
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self.listeners = []
        self.ipv6 = True

    def bind_pair(self):
        """A port bound on 127.0.0.1 and ::1 (the same number on both when
        ::1 exists)."""
        for _ in range(100):
            s4 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s4.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s4.bind(("127.0.0.1", 0))
            port = s4.getsockname()[1]
            if not self.ipv6:
                return [s4], port
            s6 = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
            s6.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                s6.bind(("::1", port))
            except OSError as e:
                s4.close()
                s6.close()
                if e.errno == 99:  # EADDRNOTAVAIL: no IPv6 loopback here
                    log.warning("no ::1 on this machine: IPv4 only")
                    self.ipv6 = False
                continue
            return [s4, s6], port
        raise RuntimeError("no port free on both 127.0.0.1 and ::1")

    def start(self):
        ports = {}
        for name, tls in (("edge", False), ("edge_tls", True)):
            ports[name] = self.listen(name, self.ctx if tls else None)
        if self.certs and self.revocation_dir:
            global REVOCATION_DIR
            REVOCATION_DIR = self.revocation_dir
            try:
                leaves = revocation_pki.make(self.certs, self.revocation_dir, ports["edge"])
            except (OSError, RuntimeError):
                # The other endpoints still serve; the revocation tests
                # find their ports missing.
                log.exception("revocation certificates: not made")
                leaves = {}
            for name, (chain, key) in leaves.items():
                ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                ctx.load_cert_chain(chain, key)
                ctx.set_alpn_protocols(["http/1.1"])
                ports[name] = self.listen(name, ctx)
        return ports

    def listen(self, name, ctx):
        socks, port = self.bind_pair()
        for s in socks:
            s.listen(128)
            self.listeners.append(s)
            threading.Thread(target=self.accept_loop, args=(s, ctx, port), daemon=True,
                             name=f"accept-{name}-{s.family.name}").start()
        return port

    def accept_loop(self, listener, ctx, port):
        while True:
            try:
                sock, addr = listener.accept()
            except OSError:
                return
            if not self.slots.acquire(blocking=False):
                try:
                    sock.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                except OSError:
                    pass
                sock.close()
                log.warning("too many connections: refused one with 503")
                continue
            conn = Conn(sock, addr, ctx is not None, port)
            threading.Thread(target=self.run_connection, args=(conn, ctx), daemon=True,
                             name=f"conn-{conn.id}").start()

    def run_connection(self, conn, ctx):
        try:
            serve_connection(conn, ctx)
        finally:
            self.slots.release()


def pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def cmd_serve(args):
    rundir = os.path.abspath(args.rundir)
    os.makedirs(rundir, exist_ok=True)
    logging.basicConfig(filename=os.path.join(rundir, "edge.log"), level=logging.INFO,
                        format="%(asctime)s %(message)s")
    global IDLE_TIMEOUT
    IDLE_TIMEOUT = args.idle_timeout
    server = Server(args.certs, revocation_dir=os.path.join(rundir, "revocation"))
    ports = server.start()
    with open(os.path.join(rundir, "edge.pid.tmp"), "w") as f:
        f.write(f"{os.getpid()}\n")
    os.replace(os.path.join(rundir, "edge.pid.tmp"), os.path.join(rundir, "edge.pid"))
    with open(os.path.join(rundir, "ports.tmp"), "w") as f:
        for name, port in ports.items():
            f.write(f"{name}={port}\n")
    os.replace(os.path.join(rundir, "ports.tmp"), os.path.join(rundir, "ports"))
    log.info("listening: %s on 127.0.0.1%s; pid %d", ports, " and ::1" if server.ipv6 else "", os.getpid())

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: stop.set())
    signal.signal(signal.SIGINT, lambda *a: stop.set())
    end = time.monotonic() + args.max_lifetime
    while not stop.is_set():
        if time.monotonic() > end:
            log.info("max lifetime reached")
            break
        if args.watch_pid and not pid_alive(args.watch_pid):
            log.info("watched pid %d is gone", args.watch_pid)
            break
        stop.wait(1.0)
    log.info("stopping")
    for s in server.listeners:
        s.close()
    logging.shutdown()
    os._exit(0)


def answers(port, tls, host, timeout=2.0):
    try:
        with socket.create_connection((host, port), timeout=timeout) as raw:
            sock = raw
            if tls:
                ctx = ssl.create_default_context()
                ctx.check_hostname = False
                ctx.verify_mode = ssl.CERT_NONE
                sock = ctx.wrap_socket(raw)
            sock.sendall(b"GET /status/200 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            return sock.recv(64).startswith(b"HTTP/1.1 200")
    except (OSError, ssl.SSLError):
        return False


def running_pid(rundir):
    try:
        with open(os.path.join(rundir, "edge.pid")) as f:
            pid = int(f.read().strip())
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmdline = f.read().split(b"\0")
    except (OSError, ValueError):
        return None
    if not any(arg.endswith(b"edge_server.py") for arg in cmdline) or rundir.encode() not in cmdline:
        return None
    return pid if pid_alive(pid) else None


def cmd_start(args):
    rundir = os.path.abspath(args.rundir)
    os.makedirs(rundir, exist_ok=True)
    pid = running_pid(rundir)
    if pid:
        sys.exit(f"edge-server: already running for {rundir} (pid {pid})")
    for name in ("ports", "edge.pid"):
        try:
            os.remove(os.path.join(rundir, name))
        except FileNotFoundError:
            pass
    cmd = [sys.executable, os.path.abspath(__file__), "serve", "--rundir", rundir,
           "--certs", os.path.abspath(args.certdir), "--max-lifetime", str(args.max_lifetime),
           "--idle-timeout", str(args.idle_timeout)]
    if args.watch_pid:
        cmd += ["--watch-pid", str(args.watch_pid)]
    with open(os.path.join(rundir, "edge.out"), "ab") as out:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=out, start_new_session=True,
                                cwd=rundir)
    deadline = time.monotonic() + 10
    ports = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            with open(os.path.join(rundir, "ports")) as f:
                ports = dict(line.strip().split("=") for line in f if "=" in line)
        except OSError:
            ports = None
        if ports and all(answers(int(ports[n]), tls, host) for n, tls in (("edge", False), ("edge_tls", True))
                         for host in ("127.0.0.1", "::1") if host == "127.0.0.1" or socket.has_ipv6):
            print(f"edge-server: started pid {proc.pid}, edge={ports['edge']} edge_tls={ports['edge_tls']}")
            return 0
        time.sleep(0.1)
    if proc.poll() is None:
        proc.kill()
        proc.wait(5)
    try:
        with open(os.path.join(rundir, "edge.out"), errors="replace") as f:
            sys.stderr.write(f.read()[-4000:])
    except OSError:
        pass
    sys.exit("edge-server: did not answer within 10 s")


def cmd_stop(args):
    rundir = os.path.abspath(args.rundir)
    pid = running_pid(rundir)
    if not pid:
        print(f"edge-server: not running for {rundir}")
    else:
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 5
        while pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if pid_alive(pid):
            print(f"edge-server: pid {pid} ignored TERM, killing it", file=sys.stderr)
            os.kill(pid, signal.SIGKILL)
        print(f"edge-server: stopped pid {pid}")
    for name in ("ports", "edge.pid"):
        try:
            os.remove(os.path.join(rundir, name))
        except FileNotFoundError:
            pass
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("serve")
    p.add_argument("--rundir", required=True)
    p.add_argument("--certs", required=True)
    p.add_argument("--watch-pid", type=int, default=0)
    p.add_argument("--max-lifetime", type=float, default=4 * 3600)
    p.add_argument("--idle-timeout", type=float, default=IDLE_TIMEOUT)
    p = sub.add_parser("start")
    p.add_argument("rundir")
    p.add_argument("certdir")
    p.add_argument("--watch-pid", type=int, default=0)
    p.add_argument("--max-lifetime", type=float, default=4 * 3600)
    p.add_argument("--idle-timeout", type=float, default=IDLE_TIMEOUT)
    p = sub.add_parser("stop")
    p.add_argument("rundir")
    args = parser.parse_args()
    return {"serve": cmd_serve, "start": cmd_start, "stop": cmd_stop}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
