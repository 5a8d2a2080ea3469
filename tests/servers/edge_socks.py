"""The edge server's SOCKS mode: SOCKS 4, 4a and 5 (CONNECT only, no
authentication) on the edge server's plain port, told apart from HTTP by the
first byte the client sends (4 or 5). Python 3 standard library only.

It forwards only to loopback destinations (127.0.0.0/8, ::1, "localhost");
anything else is refused (SOCKS 4: 0x5B, SOCKS 5: 0x02, "not allowed by
ruleset"), and so is a loopback port where nothing listens (SOCKS 5: 0x05).
Every CONNECT is recorded, and so is every HTTP request line the client
sends through the tunnel (before it is forwarded; a tunnel carries several
requests when the client keeps the connection), so a test can ask the edge
server's /socks-log which requests went through it, one line per request
(one with "request=" empty for a tunnel that carried none yet, "(binary)" for
one whose first bytes are not text, such as TLS):

    <seq> version=<4|4a|5> target=<host>:<port> user=<userid> result=<granted|refused> request=<line>
"""
import ipaddress
import re
import select
import socket
import struct
import threading

MAX_RECORDS = 10000
LINE_MAX = 512
REQUEST_LINE = re.compile(rb"[A-Z]{3,16} \S+ HTTP/1\.[01]")


class SocksError(Exception):
    pass


class SocksLog:
    """What went through the SOCKS mode, oldest first."""

    def __init__(self):
        self.lock = threading.Lock()
        self.records = []
        self.seq = 0

    def add(self, version, target, user, result):
        with self.lock:
            self.seq += 1
            record = {"seq": self.seq, "version": version, "target": target, "user": user, "result": result,
                      "requests": []}
            self.records.append(record)
            del self.records[:-MAX_RECORDS]
            return record

    def add_request(self, record, line):
        with self.lock:
            record["requests"].append(line)

    def text(self, match=None):
        with self.lock:
            lines = [f"{r['seq']} version={r['version']} target={r['target']} user={r['user']} "
                     f"result={r['result']} request={request}"
                     for r in self.records for request in (r["requests"] or [""])]
        return "".join(line + "\n" for line in lines if not match or match in line)


def is_loopback(host):
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def take(conn, n):
    return conn.read_exact(n)


def take_cstring(conn, limit=1024):
    out = bytearray()
    while True:
        byte = conn.read_exact(1)
        if byte == b"\0":
            return out.decode("latin-1")
        out += byte
        if len(out) > limit:
            raise SocksError("string too long")


def open_upstream(host, port):
    try:
        return socket.create_connection((host, port), timeout=10)
    except OSError:
        return None


def format_target(host, port):
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def handshake4(conn, log):
    command, port = struct.unpack("!BH", take(conn, 3))
    address = take(conn, 4)
    user = take_cstring(conn)
    version = "4"
    host = socket.inet_ntoa(address)
    if address[:3] == b"\0\0\0" and address[3] != 0:
        version = "4a"
        host = take_cstring(conn, 255)
    allowed = command == 1 and is_loopback(host)
    upstream = open_upstream(host, port) if allowed else None
    record = log.add(version, format_target(host, port), user, "granted" if upstream else "refused")
    reply = 0x5A if upstream else 0x5B
    conn.send(struct.pack("!BBH4s", 0, reply, 0, b"\0\0\0\0"))
    return upstream, record


def reply5(conn, code, bound=None):
    if bound and ":" in bound[0]:
        addr = b"\x04" + socket.inet_pton(socket.AF_INET6, bound[0])
    elif bound:
        addr = b"\x01" + socket.inet_aton(bound[0])
    else:
        addr = b"\x01\0\0\0\0"
    conn.send(b"\x05" + bytes([code, 0]) + addr + struct.pack("!H", bound[1] if bound else 0))


def handshake5(conn, log):
    count = take(conn, 1)[0]
    methods = take(conn, count)
    if 0 not in methods:
        conn.send(b"\x05\xff")
        raise SocksError("no acceptable authentication method")
    conn.send(b"\x05\x00")
    version, command, _, kind = take(conn, 4)
    if version != 5:
        raise SocksError(f"request version {version}")
    if kind == 1:
        host = socket.inet_ntoa(take(conn, 4))
    elif kind == 3:
        host = take(conn, take(conn, 1)[0]).decode("latin-1")
    elif kind == 4:
        host = socket.inet_ntop(socket.AF_INET6, take(conn, 16))
    else:
        reply5(conn, 0x08)
        raise SocksError(f"address type {kind}")
    port = struct.unpack("!H", take(conn, 2))[0]
    if command != 1:
        log.add("5", format_target(host, port), "", "refused")
        reply5(conn, 0x07)
        return None, None
    if not is_loopback(host):
        log.add("5", format_target(host, port), "", "refused")
        reply5(conn, 0x02)
        return None, None
    upstream = open_upstream(host, port)
    record = log.add("5", format_target(host, port), "", "granted" if upstream else "refused")
    if not upstream:
        reply5(conn, 0x05)
        return None, None
    reply5(conn, 0x00, upstream.getsockname()[:2])
    return upstream, record


class RequestLines:
    """Finds the HTTP request lines in what the client sends."""

    def __init__(self, log, record):
        self.log, self.record = log, record
        self.partial = b""
        self.started = False

    def feed(self, data):
        if not self.started:
            self.started = True
            if not data[:1].isascii() or not data[:1].isalpha():
                self.log.add_request(self.record, "(binary)")
                self.partial = None
        if self.partial is None:
            return
        lines = (self.partial + data).split(b"\n")
        self.partial = lines.pop()[-LINE_MAX:]
        for line in lines:
            line = line.rstrip(b"\r")
            if REQUEST_LINE.fullmatch(line[:LINE_MAX]):
                self.log.add_request(self.record, line[:LINE_MAX].decode("latin-1"))


def relay(conn, upstream, log, record, idle):
    """Copies both ways until either side closes; request lines are recorded
    before they are forwarded."""
    pending = bytes(conn.buf)
    conn.buf.clear()
    requests = RequestLines(log, record)
    client = conn.sock
    try:
        while True:
            if pending:
                requests.feed(pending)
                upstream.sendall(pending)
                pending = b""
            ready, _, _ = select.select([client, upstream], [], [], conn.remaining(idle))
            if not ready:
                conn.log("socks: idle timeout")
                return
            if client in ready:
                data = client.recv(65536)
                if not data:
                    upstream.shutdown(socket.SHUT_WR)
                    drain(upstream, client, conn.remaining(idle))
                    return
                pending = data
            if upstream in ready:
                data = upstream.recv(65536)
                if not data:
                    return
                client.sendall(data)
    except OSError as e:
        conn.log(f"socks relay: {e}")
    finally:
        upstream.close()


def drain(upstream, client, timeout):
    upstream.settimeout(timeout)
    while True:
        data = upstream.recv(65536)
        if not data:
            return
        client.sendall(data)


def serve(conn, log, idle):
    """Serves one SOCKS connection whose first bytes are in conn.buf."""
    version = take(conn, 1)[0]
    try:
        if version == 4:
            upstream, record = handshake4(conn, log)
        else:
            upstream, record = handshake5(conn, log)
    except SocksError as e:
        conn.log(f"socks{version}: {e}")
        return
    if not upstream:
        conn.log(f"socks{version}: refused")
        return
    conn.log(f"socks {record['version']} -> {record['target']}")
    relay(conn, upstream, log, record, idle)
