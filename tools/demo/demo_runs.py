"""Runs demo.exe of one build directory through both DLLs, over HTTP and
HTTPS, in a TestEnvironment. Shared by tools/setup and the test runner."""
import os
import subprocess


def run_demo(env, build):
    """Yields (dll, url, exit code, output) for each of the four fetches."""
    demo_dir = os.path.join(build, "tools", "demo")
    for dll in ("winhttp", "wininet"):
        for url in (f"http://127.0.0.1:{env.ports['http']}/", f"https://localhost:{env.ports['https']}/"):
            try:
                proc = subprocess.run(["wine", "demo.exe", f"--{dll}", url], env=env.wine_env, cwd=demo_dir,
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                      errors="replace", timeout=300)
                yield dll, url, proc.returncode, proc.stdout
            except subprocess.TimeoutExpired:
                yield dll, url, -1, "timed out"
