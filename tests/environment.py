"""The test environment both the test runner and the demo use: a test CA,
nginx on loopback serving a small document root over HTTP and HTTPS (h2 by
ALPN), the edge server (tests/servers/edge_server.py: scripted faults and
edge cases, plain and TLS), and one Wine prefix that trusts the CA in its
ROOT store.

    with TestEnvironment(build_root) as env:   # state under build_root/test-env
        env.ports["http"], env.ports["https"], env.ports["edge"],
        env.ports["edge_tls"], env.env, env.wine_env

env.env (and env.wine_env) export HINTERNET_TEST_HTTP, HINTERNET_TEST_HTTP_PORT,
HINTERNET_TEST_HTTPS_PORT, HINTERNET_TEST_EDGE, HINTERNET_TEST_EDGE_PORT,
HINTERNET_TEST_EDGE_TLS_PORT and HINTERNET_TEST_CA_PEM (the test CA).
"""
import hashlib
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HELLO = "hello from hinternet\n"
INDEX = "<html><body>hinternet test server</body></html>\n"
BIG_SIZE = 16 << 20
EDGE_SERVER = os.path.join(ROOT, "tests", "servers", "edge_server.py")


def _make_docroot(path):
    os.makedirs(path, exist_ok=True)
    for name, text in (("hello.txt", HELLO), ("index.html", INDEX)):
        with open(os.path.join(path, name), "w") as f:
            f.write(text)
    big = os.path.join(path, "big.bin")
    if not os.path.exists(big) or os.path.getsize(big) != BIG_SIZE:
        # Deterministic content, so checksums can be compared.
        block = hashlib.sha256(b"hinternet").digest() * 2048  # 64 KiB
        with open(big, "wb") as f:
            for i in range(BIG_SIZE // len(block)):
                f.write(bytes([i & 255]) + block[1:])


class TestEnvironment:
    def __init__(self, build_root, wine=True, name="test-env"):
        # A different name (the benchmarks use "bench-env") gives separate
        # servers, docroot and Wine prefix, so both can run at once.
        self.root = os.path.join(build_root, name)
        self.build_root = build_root
        self.certs = os.path.join(self.root, "certs")
        self.rundir = os.path.join(self.root, "nginx")
        self.edge_rundir = os.path.join(self.root, "edge")
        self.docroot = os.path.join(self.root, "www")
        self.prefix = os.path.join(self.root, "wineprefix")
        self.wine = wine
        self.ports = {}
        self.env = {}
        self.wine_env = {}
        self.ca_trusted = False
        self.ca_message = ""
        self._nginx_started = False
        self._edge_started = False

    def __enter__(self):
        try:
            return self._enter()
        except BaseException:
            self.__exit__(*sys.exc_info())
            raise

    def _enter(self):
        os.makedirs(self.rundir, exist_ok=True)
        subprocess.run([os.path.join(ROOT, "tests", "servers", "make-certs"), self.certs], check=True)
        _make_docroot(self.docroot)
        ctl = os.path.join(ROOT, "tests", "servers", "nginx-ctl")
        subprocess.run([ctl, "start", self.rundir, self.certs, self.docroot], check=True)
        self._nginx_started = True
        with open(os.path.join(self.rundir, "ports")) as f:
            for line in f:
                key, _, value = line.strip().partition("=")
                self.ports[key] = int(value)
        # The edge server exits by itself should this process die first.
        subprocess.run([sys.executable, EDGE_SERVER, "start", self.edge_rundir, self.certs,
                        "--watch-pid", str(os.getpid())], check=True, timeout=60)
        self._edge_started = True
        with open(os.path.join(self.edge_rundir, "ports")) as f:
            for line in f:
                key, _, value = line.strip().partition("=")
                self.ports[key] = int(value)
        self.env = dict(os.environ)
        self.env.update({
            "HINTERNET_TEST_HTTP": f"http://127.0.0.1:{self.ports['http']}",
            "HINTERNET_TEST_HTTP_PORT": str(self.ports["http"]),
            "HINTERNET_TEST_HTTPS_PORT": str(self.ports["https"]),
            "HINTERNET_TEST_HTTPS_EXPIRED_PORT": str(self.ports["https_expired"]),
            "HINTERNET_TEST_HTTPS_WRONGNAME_PORT": str(self.ports["https_wrongname"]),
            "HINTERNET_TEST_HTTPS_UNTRUSTED_PORT": str(self.ports["https_untrusted"]),
            "HINTERNET_TEST_HTTPS_CLIENTCERT_PORT": str(self.ports["https_clientcert"]),
            "HINTERNET_TEST_EDGE": f"http://127.0.0.1:{self.ports['edge']}",
            "HINTERNET_TEST_EDGE_PORT": str(self.ports["edge"]),
            "HINTERNET_TEST_EDGE_TLS_PORT": str(self.ports["edge_tls"]),
            "HINTERNET_TEST_CA_PEM": os.path.join(self.certs, "ca.pem"),
        })
        # The edge server's revocation listeners (revocation_pki.py).
        for name in ("good", "revoked", "offline", "counted", "garbage", "forged", "stale", "deferred"):
            if f"edge_rev_{name}" in self.ports:
                self.env[f"HINTERNET_TEST_REV_{name.upper()}_PORT"] = str(self.ports[f"edge_rev_{name}"])
        if self.wine:
            self._prepare_wine()
        return self

    def _prepare_wine(self):
        subprocess.run([os.path.join(ROOT, "tests", "wine", "prefix"), self.prefix], check=True)
        env = dict(self.env, WINEPREFIX=self.prefix, WINEDEBUG="-all",
                   WINEDLLOVERRIDES="wininet,winhttp=n;mscoree,mshtml=")
        for key in ("DISPLAY", "WAYLAND_DISPLAY"):
            env.pop(key, None)
        self.wine_env = env
        addroot = os.path.join(self.build_root, "win64", "tests", "windows", "addroot.exe")
        ca = os.path.join(self.certs, "ca.der")
        out = ""
        ok = False
        for args in ([addroot, ca], [addroot, "--check", ca]):
            proc = subprocess.run(["wine"] + args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True, errors="replace", timeout=300)
            out += proc.stdout
            ok = proc.returncode == 0
            if not ok:
                break
        # The registry is written when the wineserver exits.
        subprocess.run(["wineserver", "-w"], env=env, timeout=300)
        self.ca_trusted, self.ca_message = ok, out.strip()

    def __exit__(self, *exc):
        if self.wine_env:
            subprocess.run(["wineserver", "-k"], env=self.wine_env, timeout=60)
        if self._edge_started:
            subprocess.run([sys.executable, EDGE_SERVER, "stop", self.edge_rundir], timeout=60)
            self._edge_started = False
        if self._nginx_started:
            subprocess.run([os.path.join(ROOT, "tests", "servers", "nginx-ctl"), "stop", self.rundir])
            self._nginx_started = False
        return False
