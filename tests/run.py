#!/usr/bin/env python3
"""Runs every test suite against real servers on loopback and prints one
summary line, "N passed, N failed".

Expects the build directories made by tools/build: build/native (the core
under ASan+UBSan), build/win64 and build/win32 (the DLLs and the
Windows-side tests). Starts nginx and the edge server with a test CA,
prepares one Wine prefix with that CA in its ROOT store, and stops everything
it started.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from environment import INDEX, TestEnvironment  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools", "demo"))
from demo_runs import run_demo  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools", "bench"))
import benchlib  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARCHES = {"x86_64": "win64", "i686": "win32"}
# What a DLL of ours may import: Windows system DLLs only.
ALLOWED_IMPORTS = {"advapi32.dll", "bcrypt.dll", "crypt32.dll", "kernel32.dll", "msvcrt.dll", "ws2_32.dll",
                   "user32.dll", "secur32.dll", "iphlpapi.dll", "ntdll.dll", "ncrypt.dll"}
# The union of MinGW's import libraries and Wine's specs; on i686 the spec's
# 64-bit-only entries (WinHttpPal*, GetProxyDllInfo) do not exist.
MIN_EXPORTS = {"wininet": 314, "winhttp": 84}
CASE_TIMEOUT = 600


class Results:
    def __init__(self):
        self.rows = []  # (suite, passed, failed)

    def add(self, suite, passed, failed, detail=""):
        self.rows.append((suite, passed, failed))
        status = "ok" if failed == 0 and passed > 0 else "FAIL"
        print(f"[{status}] {suite}: {passed} passed, {failed} failed{(' - ' + detail) if detail else ''}",
              flush=True)

    def check(self, suite, ok, detail=""):
        self.add(suite, 1 if ok else 0, 0 if ok else 1, detail)

    def totals(self):
        return sum(r[1] for r in self.rows), sum(r[2] for r in self.rows)


def run(cmd, env=None, cwd=None, timeout=CASE_TIMEOUT):
    try:
        proc = subprocess.run(cmd, env=env, cwd=cwd, timeout=timeout, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, errors="replace")
        return proc.returncode, proc.stdout
    except subprocess.TimeoutExpired as e:
        out = e.stdout or ""
        if isinstance(out, bytes):
            out = out.decode(errors="replace")
        return -1, out + f"\n[timed out after {timeout}s]"


def junit_counts(path):
    """(passed, failed) test cases from a Catch2 JUnit report, or None."""
    if not os.path.exists(path):
        return None
    try:
        tree = ET.parse(path)
    except ET.ParseError:
        return None
    passed = failed = 0
    for case in tree.iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
        else:
            passed += 1
    return passed, failed


def print_failures(report):
    """Prints each failed test case of a JUnit report with its message."""
    for case in ET.parse(report).iter("testcase"):
        for tag in ("failure", "error"):
            problem = case.find(tag)
            if problem is not None:
                print(f"--- FAILED: {case.get('name')}")
                print((problem.text or problem.get("message") or "").strip()[:2000])


def run_catch2(results, suite, cmd, report, env, cwd=None):
    """Runs a Catch2 program writing a JUnit report. The report path given to
    the program is relative to its working directory: Catch2 built for
    Windows reads an argument starting with "/" as an option."""
    cwd = cwd or os.path.dirname(report)
    progress = report + ".progress"
    for path in (report, progress):
        if os.path.exists(path):
            os.remove(path)
    env = dict(env or os.environ, HINTERNET_TEST_PROGRESS=progress)
    code, out = run(cmd + ["-r", "junit", "-o", os.path.relpath(report, cwd)], env=env, cwd=cwd)
    record_junit(results, suite, report, code, out, progress)


def last_started_test(progress):
    """The last test a program began, from the file its progress listener
    appends to (tests/windows/main.cpp), or None."""
    if not progress or not os.path.exists(progress):
        return None
    with open(progress, errors="replace") as f:
        names = [line.strip() for line in f if line.strip()]
    return names[-1] if names else None


def crash_excerpt(out):
    """Wine's crash report without its module and thread lists, which fill a
    CI log's tail and push out the lines that say where the crash was."""
    lines = out.splitlines()
    start = next((i for i, line in enumerate(lines) if "Unhandled exception" in line), None)
    if start is None:
        return None
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("Modules:")), len(lines))
    return "\n".join(lines[max(0, start - 20):min(end, start + 80)])


def record_junit(results, suite, report, code, out, progress=None):
    """Counts a suite from its JUnit report. No report means the program
    never ran (say, a 32-bit program under a Wine without wine32, which
    still exits 0) or died: that is a failure, reported with the test that
    was running and the crash's backtrace."""
    counts = junit_counts(report)
    if counts is None or counts == (0, 0):
        excerpt = crash_excerpt(out)
        print(excerpt if excerpt else out[-4000:])
        detail = f"no test report (exit {code})"
        running = last_started_test(progress)
        if running:
            detail += f"; the test running was \"{running}\""
        results.add(suite, 0, 1, detail)
        return
    passed, failed = counts
    if failed or code != 0:
        print(out[-3000:])
        print_failures(report)
    results.add(suite, passed, failed + (1 if code != 0 and not failed else 0))


def run_edge_server_test(results, env, reports):
    """The edge server's own test: every endpoint through curl and raw
    sockets, one test case per check (a JUnit report)."""
    suite = "edge server self-test (curl, raw sockets)"
    report = os.path.join(reports, "edge-server.xml")
    if os.path.exists(report):
        os.remove(report)
    code, out = run([sys.executable, os.path.join(ROOT, "tests", "servers", "edge_server_test.py"),
                     "--junit", report], env=env.env)
    record_junit(results, suite, report, code, out)


FUZZ_TARGETS = ("crack_url", "canonicalize_url", "combine_url", "http_date",
                "chunked_upload", "wire_url")
FUZZ_RUNS = 30000


def run_fuzzers(results, build_root):
    """The libFuzzer targets of the core's URL and date functions (built by
    tools/build into build/fuzz), each for a fixed number of inputs from its
    seed corpus, copied so the run never writes into the source tree."""
    for target in FUZZ_TARGETS:
        suite = f"fuzz {target} ({FUZZ_RUNS} inputs, ASan+UBSan)"
        program = os.path.join(build_root, "fuzz", f"fuzz_{target}")
        if not os.path.exists(program):
            results.check(suite, False, f"{program} not built (tools/build)")
            continue
        corpus = os.path.join(build_root, "fuzz", f"corpus-{target}")
        shutil.rmtree(corpus, ignore_errors=True)
        shutil.copytree(os.path.join(ROOT, "tests", "fuzz", "corpus", target), corpus)
        code, out = run([program, f"-runs={FUZZ_RUNS}", "-max_len=1024", "-seed=1", corpus],
                        cwd=os.path.join(build_root, "fuzz"))
        ok = code == 0 and "Done" in out
        results.check(suite, ok, "" if ok else out.strip()[-1500:])


def check_dll_tables(results, build, arch):
    objdump = f"{arch}-w64-mingw32-objdump"
    for name, minimum in MIN_EXPORTS.items():
        dll = os.path.join(build, name + ".dll")
        code, out = run([objdump, "-p", dll])
        imports = {m.lower() for m in re.findall(r"DLL Name: (\S+)", out)}
        bad = sorted(imports - ALLOWED_IMPORTS)
        results.check(f"{arch} {name}.dll imports only system DLLs", code == 0 and not bad and imports,
                      f"unexpected: {', '.join(bad)}" if bad else "")
        base = int(re.search(r"Ordinal Base (\d+)", out).group(1)) if code == 0 else 0
        eat = {base + int(i) for i in re.findall(r"\[\s*(\d+)\] \+base\[", out)}
        table = out.split("[Ordinal/Name Pointer] Table", 1)[-1]
        named = {n: base + int(i) for i, n in re.findall(r"\[\s*(\d+)\] (\S+)", table)}
        # What the spec says the DLL must export, from the same generator.
        code, spec_def = run([sys.executable, os.path.join(ROOT, "tools", "exports.py"), "def", "--spec",
                              os.path.join(ROOT, "spec", name + ".spec"), "--arch", arch, "--out", "/dev/stdout"])
        wrong = []
        total = 0
        for line in spec_def.splitlines():
            m = re.match(r"\s+([A-Za-z_]\w*)(?:@\d+)?(?:\s*=\s*\S+)?\s+@(\d+)(.*)", line)
            if not m:
                continue
            total += 1
            export, ordinal, rest = m.group(1), int(m.group(2)), m.group(3)
            if "NONAME" in rest:
                if ordinal not in eat:
                    wrong.append(f"#{ordinal}")
            elif named.get(export) != ordinal:
                wrong.append(export)
        decorated = [n for n in named if "@" in n]
        ok = code == 0 and total > 0 and not wrong and not decorated and (arch != "x86_64" or total >= minimum)
        results.check(f"{arch} {name}.dll exports all {total} spec entries at their ordinals, undecorated",
                      ok, f"wrong: {', '.join(wrong[:10])}; decorated: {len(decorated)}" if not ok else "")


def check_import_libraries(results, build, arch, wine_env):
    """A program referencing every symbol of our import libraries links
    against them and, under Wine, finds each one filled by the loader from
    our DLLs: the import libraries resolve every export (on i686 under the
    stdcall-decorated names MinGW's headers produce)."""
    symbols = []
    for name in ("wininet", "winhttp"):
        code, out = run([f"{arch}-w64-mingw32-nm", os.path.join(build, f"lib{name}.a")])
        symbols += sorted(set(re.findall(r" I (__imp_\S+)", out)))
    source = ["#include <stdio.h>"]
    for i, symbol in enumerate(symbols):
        source.append(f'extern void* s{i} __asm__("{symbol}");')
    source.append("static void* const* const all[] = {" + ", ".join(f"&s{i}" for i in range(len(symbols))) + "};")
    source.append("""int main(void) {
  int missing = 0;
  for (unsigned i = 0; i < sizeof(all) / sizeof(all[0]); ++i) missing += *all[i] == 0;
  printf("%u imports, %d unresolved\\n", (unsigned)(sizeof(all) / sizeof(all[0])), missing);
  return missing != 0;
}""")
    tests_dir = os.path.join(build, "tests", "windows")
    c_file = os.path.join(tests_dir, "link-all.c")
    exe = os.path.join(tests_dir, "link-all.exe")
    with open(c_file, "w") as f:
        f.write("\n".join(source) + "\n")
    code, out = run([f"{arch}-w64-mingw32-gcc-posix", "-O0", "-o", exe, c_file, os.path.join(build, "libwininet.a"),
                     os.path.join(build, "libwinhttp.a")])
    if code == 0:
        code, out = run(["wine", "link-all.exe"], env=wine_env, cwd=tests_dir)
    ok = code == 0 and f"{len(symbols)} imports, 0 unresolved" in out
    results.check(f"{arch} a program importing all {len(symbols)} symbols of our import libraries loads",
                  ok, "" if ok else out.strip()[-500:])


def run_bench_quick(results, env, build, arch, native):
    """The benchmark programs in quick mode (small sizes, once), so they
    cannot rot: byte counts and checksums, never time. Native curl's
    counterpart runs once, with the first architecture."""
    curlbench = None
    if native:
        try:
            curlbench = benchlib.build_native(os.path.join(os.path.dirname(build), "bench", "native"))
        except (OSError, subprocess.CalledProcessError) as e:
            results.check("native curlbench builds", False, str(e))
    for label, problems, out in benchlib.quick_runs(env, build, curlbench):
        prefix = "" if label.startswith("native") else f"{arch} "
        results.check(f"{prefix}bench quick {label}", not problems,
                      "; ".join(problems) + ("\n" + out[-1500:] if problems else ""))


def check_readme_coverage(results):
    """The README's export coverage table matches what the sources implement."""
    import shutil
    import tempfile
    readme = os.path.join(ROOT, "README.md")
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, "README.md")
        shutil.copy(readme, copy)
        code, out = run([sys.executable, os.path.join(ROOT, "tools", "exports.py"), "readme", "--readme", copy,
                         "--dll", os.path.join(ROOT, "spec", "wininet.spec"), os.path.join(ROOT, "wininet"),
                         "--dll", os.path.join(ROOT, "spec", "winhttp.spec"), os.path.join(ROOT, "winhttp")])
        with open(readme) as a, open(copy) as b:
            current = a.read() == b.read()
    results.check("README export coverage table is current", code == 0 and current,
                  "" if current else "run: tools/exports.py readme --readme README.md --dll spec/wininet.spec "
                                     "wininet --dll spec/winhttp.spec winhttp")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build-root", default=os.path.join(ROOT, "build"))
    parser.add_argument("--arch", action="append", choices=sorted(ARCHES), help="default: both")
    args = parser.parse_args()
    arches = args.arch or ["x86_64", "i686"]
    reports = os.path.join(args.build_root, "test-env", "reports")
    os.makedirs(reports, exist_ok=True)
    results = Results()
    with TestEnvironment(args.build_root) as env:
        # 1. The portable core, natively, under AddressSanitizer + UBSan.
        native = os.path.join(args.build_root, "native", "tests", "unit", "unit-tests")
        native_env = dict(env.env, ASAN_OPTIONS="detect_leaks=1:abort_on_error=1",
                          UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1")
        run_catch2(results, "native core (ASan+UBSan)", [native], os.path.join(reports, "native.xml"), native_env)
        tsan = os.path.join(args.build_root, "native-tsan", "tests", "unit", "unit-tests")
        tsan_env = dict(env.env, TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1")
        run_catch2(results, "native core (TSan)", [tsan], os.path.join(reports, "native-tsan.xml"), tsan_env)
        run_edge_server_test(results, env, reports)
        run_fuzzers(results, args.build_root)

        # 2. The Windows side, under Wine, with our DLLs forced in.
        results.check("test CA trusted in the prefix's ROOT store", env.ca_trusted,
                      "" if env.ca_trusted else env.ca_message[-300:])
        for arch in arches:
            build = os.path.join(args.build_root, ARCHES[arch])
            check_dll_tables(results, build, arch)
            check_import_libraries(results, build, arch, env.wine_env)
            run_catch2(results, f"{arch} Windows-side tests (Wine)", ["wine", "windows-tests.exe"],
                       os.path.join(reports, f"windows-{arch}.xml"), env.wine_env,
                       cwd=os.path.join(build, "tests", "windows"))
            for dll, url, code, out in run_demo(env, build):
                ok = code == 0 and "200 OK" in out and f"body: {len(INDEX)} bytes" in out
                results.check(f"{arch} demo --{dll} {url}", ok, "" if ok else out.strip()[-500:])
            run_bench_quick(results, env, build, arch, native=arch == arches[0])

    check_readme_coverage(results)

    passed, failed = results.totals()
    print()
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
