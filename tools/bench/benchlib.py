"""The benchmark cases, the bodies they fetch and the checks of their results:
shared by the runner (tools/bench/run) and the quick-mode suite of the test
command (tests/run.py), so both run the very same programs the same way."""
import hashlib
import json
import os
import subprocess
from dataclasses import dataclass, field, replace

KIB, MIB, GIB = 1 << 10, 1 << 20, 1 << 30
PACED_RATE = 10_000_000  # bytes/s, the slow receiver of the upload scenario
PROGRAMS = ("bulk", "small", "concurrency", "upload", "latency")
APIS = ("winhttp", "wininet")
# Outcomes that are not failures: the DLL says it cannot do this yet.
GAPS = ("not-implemented", "unavailable")


@dataclass(frozen=True)
class Sizes:
    bulk: int = GIB
    small_count: int = 10_000
    concurrency_count: int = 1_000
    upload_sink: int = 256 * MIB
    upload_paced: int = 256 * MIB
    latency_count: int = 2_000
    small_body: int = KIB
    medium_body: int = MIB

    def scaled(self, factor):
        """The volumes times factor: bulk and upload sizes, the number of
        small GETs. Not the 1,000 requests in flight nor the 2,000 latency
        samples, which are what those scenarios are about."""
        def f(n, minimum):
            return max(minimum, int(n * factor))
        return replace(self, bulk=f(self.bulk, MIB), small_count=f(self.small_count, 10),
                       upload_sink=f(self.upload_sink, MIB), upload_paced=f(self.upload_paced, MIB))


FULL = Sizes()
# Quick mode (the test command): small sizes that still cross every buffer
# boundary that matters (64 KiB reads, 512 KiB curl buffer, 4 MiB window).
QUICK = Sizes(bulk=5 * MIB + 123, small_count=30, concurrency_count=20, upload_sink=3 * MIB + 7,
              upload_paced=MIB, latency_count=30)


@dataclass
class Case:
    program: str          # bulk, small, ...: the .exe name and curlbench's mode
    case: str             # http1, https, h2, 1KiB, 1MiB, sink, paced
    api: str              # winhttp or wininet
    args: list            # program arguments besides --api and --case
    expect: dict = field(default_factory=dict)
    optional: bool = False  # may be "not-implemented" or "unavailable"

    @property
    def id(self):
        return f"{self.program}/{self.case}/{self.api}"

    @property
    def native_id(self):
        return f"{self.program}/{self.case}"


def _block(index):
    base = hashlib.sha256(b"hinternet-bench").digest() * 2048  # 64 KiB
    return bytes([index & 255]) + base[1:]


def make_file(path, size):
    """Deterministic content, written once: block i of 64 KiB starts with
    byte i & 255. Returns (size, crc32)."""
    import zlib
    if not (os.path.exists(path) and os.path.getsize(path) == size):
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            written = 0
            index = 0
            while written < size:
                piece = _block(index)[:size - written]
                f.write(piece)
                written += len(piece)
                index += 1
        os.replace(tmp, path)
    crc = 0
    with open(path, "rb") as f:
        while True:
            piece = f.read(4 * MIB)
            if not piece:
                break
            crc = zlib.crc32(piece, crc)
    return size, crc


def pattern_sha256(size):
    """SHA-256 of the upload body: byte i is 'a' + i % 26."""
    unit = bytes(ord("a") + i % 26 for i in range(26)) * 40330  # 26-aligned, ~1 MiB
    digest = hashlib.sha256()
    left = size
    while left:
        piece = unit[:min(left, len(unit))]
        digest.update(piece)
        left -= len(piece)
    return digest.hexdigest()


def make_files(docroot, sizes):
    """The bodies under DOCROOT/bench/; drops bulk files of other sizes (a
    full-size one is 1 GiB). Returns {name: (path, size, crc32)}."""
    directory = os.path.join(docroot, "bench")
    os.makedirs(directory, exist_ok=True)
    bulk_name = f"bulk-{sizes.bulk}.bin"
    for name in os.listdir(directory):
        if name.startswith("bulk-") and name != bulk_name:
            os.remove(os.path.join(directory, name))
    files = {}
    for key, name, size in (("small", "small.bin", sizes.small_body), ("medium", "medium.bin", sizes.medium_body),
                            ("bulk", bulk_name, sizes.bulk)):
        files[key] = ("/bench/" + name,) + make_file(os.path.join(directory, name), size)
    return files


def cases(ports, sizes, files, programs=PROGRAMS):
    """Every case, in the order they run."""
    http = ["--host", "127.0.0.1", "--port", str(ports["http"])]
    https = ["--host", "localhost", "--port", str(ports["https"]), "--tls"]
    edge = ["--host", "127.0.0.1", "--port", str(ports["edge"])]
    small_path, small_size, small_crc = files["small"]
    medium_path, medium_size, medium_crc = files["medium"]
    bulk_path, bulk_size, bulk_crc = files["bulk"]
    out = []
    for api in APIS:
        if "bulk" in programs:
            for name, target, extra in (("http1", http, []), ("https", https, []), ("h2", https, ["--http2"])):
                out.append(Case("bulk", name, api, target + extra + ["--path", bulk_path, "--probe", small_path],
                                {"bytes": bulk_size, "crc32": bulk_crc, "http2": name == "h2"},
                                optional=name == "h2"))
        if "small" in programs:
            out.append(Case("small", "1KiB", api, http + ["--path", small_path, "--count", str(sizes.small_count)],
                            {"bytes": small_size * sizes.small_count, "crc32": small_crc}))
        if "concurrency" in programs:
            for name, path, size, crc in (("1KiB", small_path, small_size, small_crc),
                                          ("1MiB", medium_path, medium_size, medium_crc)):
                n = sizes.concurrency_count
                out.append(Case("concurrency", name, api, http + ["--path", path, "--count", str(n)],
                                {"completed": n, "bytes": size * n, "crc32": crc}, optional=api == "wininet"))
        if "upload" in programs:
            for name, path, size in (("sink", "/upload-sink", sizes.upload_sink),
                                     ("paced", f"/upload-paced/{PACED_RATE}", sizes.upload_paced)):
                out.append(Case("upload", name, api, edge + ["--path", path, "--size", str(size)],
                                {"server_bytes": str(size), "sha256": size}, optional=api == "wininet"))
        if "latency" in programs:
            n = sizes.latency_count
            out.append(Case("latency", "1KiB", api, http + ["--path", small_path, "--count", str(n)],
                            {"bytes": small_size * n, "crc32": small_crc}))
    order = {p: i for i, p in enumerate(PROGRAMS)}
    return sorted(out, key=lambda c: order[c.program])


def native_cases(all_cases):
    """One native-curl run per program and case (the API does not apply)."""
    seen = {}
    for c in all_cases:
        seen.setdefault(c.native_id, c)
    return list(seen.values())


_sha_cache = {}


def check(c, result, verify):
    """Problems with one result (empty: fine). A gap (not implemented,
    HTTP/2 unavailable) is fine only for an optional case."""
    if result is None:
        return ["no result line"]
    status = result.get("status")
    if status in GAPS:
        return [] if c.optional else [f"{status}: {result.get('error', '')}"]
    if status != "ok":
        return [f"{status}: {result.get('error', '')}"]
    problems = []
    e = c.expect

    def want(key, value):
        if result.get(key) != value:
            problems.append(f"{key} {result.get(key)!r}, expected {value!r}")

    if c.program == "upload":
        want("server_bytes", e["server_bytes"])
        size = e["sha256"]
        if size not in _sha_cache:
            _sha_cache[size] = pattern_sha256(size)
        want("server_sha256", _sha_cache[size])
        return problems
    for key in ("bytes", "completed"):
        if key in e:
            want(key, e[key])
    if c.program in ("small", "latency", "concurrency"):
        want("mismatches", 0)
    if e.get("http2") and not str(result.get("version", "")).startswith("HTTP/2"):
        problems.append(f"version {result.get('version')!r}, expected HTTP/2")
    if verify:
        want("crc32", e["crc32"])
    return problems


def run_program(cmd, env, cwd, timeout):
    """Runs one program; returns (its JSON result or None, its output)."""
    try:
        proc = subprocess.run(cmd, env=env, cwd=cwd, timeout=timeout, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, errors="replace")
        out, err, code = proc.stdout, proc.stderr, proc.returncode
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        err, code = f"[timed out after {timeout}s]", -1
    result = None
    for line in out.splitlines():
        if line.startswith('{"status"'):
            try:
                result = json.loads(line)
            except ValueError:
                pass
    return result, f"exit {code}\n{out}{err}"


def windows_command(c, verify=False):
    return ["wine", c.program + ".exe", "--api", c.api, "--case", c.case] + c.args + (["--verify"] if verify else [])


def native_command(curlbench, c, ca_pem, verify=False):
    return [curlbench, c.program, "--case", c.case, "--cacert", ca_pem] + c.args + (["--verify"] if verify else [])


def build_native(out_dir):
    """Compiles curlbench against the host's libcurl; returns its path."""
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "native", "curlbench.c")
    exe = os.path.join(out_dir, "curlbench")
    if not os.path.exists(exe) or os.path.getmtime(exe) < os.path.getmtime(source):
        os.makedirs(out_dir, exist_ok=True)
        subprocess.run(["cc", "-O2", "-o", exe, source, "-lcurl", "-lz", "-lpthread"], check=True)
    return exe


def quick_runs(env, build, curlbench=None):
    """Quick mode: every case once, small sizes, through our DLLs (and with
    native curl when curlbench is given), checking bytes and checksums,
    never time. Yields (label, problems, output) per run."""
    files = make_files(env.docroot, QUICK)
    all_cases = cases(env.ports, QUICK, files)
    exe_dir = os.path.join(build, "tools", "bench")
    # Every request here succeeds, so nothing may be logged at error level
    # (that is how a failing wake-up socket went unnoticed).
    wine_env = dict(env.wine_env, HINTERNET_LOG="error")
    for c in all_cases:
        result, out = run_program(windows_command(c, verify=True), wine_env, exe_dir, 300)
        problems = check(c, result, verify=True)
        if result and result.get("dll") != "hinternet":
            problems.append(f"loaded {result.get('dll')!r}, not hinternet")
        problems += [line for line in out.splitlines() if line.startswith("hinternet:err")][:3]
        gap = f" ({result['status']})" if result and result.get("status") in GAPS else ""
        yield c.id + gap, problems, out
    if curlbench:
        for c in native_cases(all_cases):
            result, out = run_program(native_command(curlbench, c, env.env["HINTERNET_TEST_CA_PEM"], True),
                                      env.env, None, 300)
            yield "native curl " + c.native_id, check(replace(c, optional=False), result, True), out
