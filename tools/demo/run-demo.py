#!/usr/bin/env python3
"""The demo part of tools/setup: starts nginx on loopback (with a test CA the
Wine prefix trusts), fetches a page through hinternet's winhttp.dll and
wininet.dll on both architectures, prints what came back, stops nginx."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests"))
sys.path.insert(0, HERE)
from environment import TestEnvironment  # noqa: E402
from demo_runs import run_demo  # noqa: E402


def main():
    build_root = os.path.join(ROOT, "build")
    failures = 0
    with TestEnvironment(build_root) as env:
        for arch, folder in (("x86_64", "win64"), ("i686", "win32")):
            for dll, url, code, out in run_demo(env, os.path.join(build_root, folder)):
                print(f"==> {arch}: demo.exe --{dll} {url} (exit {code})")
                print(out.rstrip())
                failures += code != 0
    print(f"demo: {8 - failures} of 8 fetches succeeded")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
