"""Medians, ratios, the targets, the markdown table and the chart for
tools/bench/run."""
import os
import statistics
import subprocess
import sys

# Per program: (result key, label, kind). "higher" and "lower" are speeds
# (ratios say how many times faster ours is); "resource" is threads or
# memory (ratios are ours / theirs, lower is better).
METRICS = {
    "bulk": [("mib_per_s", "MiB/s", "higher")],
    "small": [("requests_per_s", "requests/s", "higher")],
    "concurrency": [("seconds", "wall time, s", "lower"), ("peak_threads", "peak threads", "resource"),
                    ("peak_private_mib", "peak private MiB", "resource")],
    "upload": [("mib_per_s", "MiB/s", "higher")],
    "latency": [("median_us", "median TTFB, µs", "lower"), ("p99_us", "p99 TTFB, µs", "lower")],
}
GAP_TEXT = {("ours", "not-implemented"): "not implemented", ("ours", "unavailable"): "not available yet",
            ("builtin", "unavailable"): "no HTTP/2", ("builtin", "not-implemented"): "not implemented"}


def one_line(program, result, problems):
    if result is None or problems:
        return "FAILED: " + "; ".join(problems)
    if result.get("status") != "ok":
        return result.get("status", "?")
    return ", ".join(f"{label} {fmt(result.get(key))}" for key, label, _ in METRICS[program])


def fmt(value):
    if value is None:
        return "?"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def ratio(kind, ours, theirs):
    if ours is None or theirs is None or ours <= 0 or theirs <= 0:
        return None
    return theirs / ours if kind == "lower" else ours / theirs


def _cell(records, arch, variant, run_id, key):
    group = [r for r in records if r["arch"] == arch and r["variant"] == variant and r["id"] == run_id]
    values = [r["result"][key] for r in group
              if not r["problems"] and r["result"].get("status") == "ok" and key in r["result"]]
    cell = {"n": len(values), "runs": len(group)}
    if values:
        cell.update(median=statistics.median(values), min=min(values), max=max(values))
    elif any(r["problems"] for r in group):
        cell["note"] = _failure(next(r for r in group if r["problems"]))
    elif group:
        cell["note"] = GAP_TEXT.get((variant, group[0]["result"].get("status")), group[0]["result"].get("status"))
    else:
        cell["note"] = "not run"
    return cell


def _failure(record):
    result = record["result"] or {}
    if result.get("failed") and result.get("first_error"):
        return f"failed: {result['failed']} of {result['requests']} requests, error {result['first_error']}"
    return "failed: " + (result.get("error") or "; ".join(record["problems"]))[:80]


def summarize(records, cases, arches):
    rows = []
    for arch in arches:
        for c in cases:
            for key, label, kind in METRICS[c.program]:
                ours = _cell(records, arch, "ours", c.id, key)
                builtin = _cell(records, arch, "builtin", c.id, key)
                native = _cell(records, "native", "native", c.native_id, key)
                rows.append({"arch": arch, "program": c.program, "case": c.case, "api": c.api, "metric": key,
                             "label": label, "kind": kind, "ours": ours, "builtin": builtin, "native": native,
                             "vs_builtin": ratio(kind, ours.get("median"), builtin.get("median")),
                             "vs_native": ratio(kind, ours.get("median"), native.get("median"))})
    return {"rows": rows, "targets": targets(rows, arches)}


def _verdict(checks):
    """checks: [(ok or None, text)]; None means it could not be measured."""
    measured = [c for c in checks if c[0] is not None]
    missing = [text for ok, text in checks if ok is None]
    if not measured:
        return "not measurable", "; ".join(missing)
    failed = [text for ok, text in measured if not ok]
    verdict = "missed" if failed else ("met" if not missing else "met where measurable")
    detail = "; ".join(failed or [text for _, text in measured])
    if missing:
        detail += f" (not measurable: {'; '.join(missing)})"
    return verdict, detail


def targets(rows, arches):
    out = []
    for arch in arches:
        mine = [r for r in rows if r["arch"] == arch]

        def name(r):
            return f"{r['program']}/{r['case']}/{r['api']} {r['label']}"

        def check(r, field, test, wanted):
            value = r[field]
            if value is None:
                return None, f"{name(r)}: {r['ours'].get('note') or r['builtin'].get('note') or 'no value'}"
            return test(value), f"{name(r)}: {value:.2f}× (target {wanted})"

        speed = [r for r in mine if r["kind"] != "resource"]
        out.append((arch, "every scenario at least as fast as Wine's builtin",
                    *_verdict([check(r, "vs_builtin", lambda v: v >= 1, "≥ 1×") for r in speed
                               if r["builtin"].get("median") is not None or r["ours"].get("median") is not None])))
        bulk_winhttp = [r for r in mine if r["program"] == "bulk" and r["api"] == "winhttp" and r["case"] != "h2"]
        out.append((arch, "WinHTTP bulk ≥ 4× builtin",
                    *_verdict([check(r, "vs_builtin", lambda v: v >= 4, "≥ 4×") for r in bulk_winhttp])))
        bulk = [r for r in mine if r["program"] == "bulk"]
        out.append((arch, "bulk ≥ 60% of native curl's throughput",
                    *_verdict([check(r, "vs_native", lambda v: v >= 0.6, "≥ 0.6×") for r in bulk])))
        conc = []
        for r in mine:
            if r["program"] == "concurrency" and r["metric"] == "seconds":
                conc.append(check(r, "vs_builtin", lambda v: v >= 3, "≥ 3× faster"))
            if r["program"] == "concurrency" and r["metric"] == "peak_threads":
                conc.append(check(r, "vs_builtin", lambda v: v <= 0.1, "≤ 0.1× the threads"))
        out.append((arch, "1,000 concurrent async requests ≥ 3× faster than builtin with ≤ 1/10 of its threads",
                    *_verdict(conc)))
    return [{"arch": a, "target": t, "verdict": v, "detail": d} for a, t, v, d in out]


def _value(cell):
    if cell.get("median") is None:
        return cell.get("note", "")
    spread = ""
    if cell["n"] > 1 and cell["max"] > 0 and (cell["max"] - cell["min"]) / cell["max"] > 0.2:
        spread = f" ({fmt(cell['min'])}–{fmt(cell['max'])})"
    return fmt(cell["median"]) + spread


def markdown(meta, summary, arches):
    lines = ["# hinternet benchmarks", "",
             f"- command: `{meta['command']}` ({meta['rounds']} round(s), {meta.get('minutes', '?')} min, "
             f"started {meta['started']})",
             f"- machine: {meta['machine']}; load average before {_load(meta['load_before'])}, after "
             f"{_load(meta.get('load_after'))}",
             f"- hinternet {meta['hinternet']} ({meta['hinternet_deps']}); {meta['wine']}; native: "
             f"{meta['native_curl']}; {meta['nginx']}; {meta['mingw']}",
             f"- sizes: bulk {meta['sizes']['bulk'] / 1048576:g} MiB, {meta['sizes']['small_count']} small GETs, "
             f"{meta['sizes']['concurrency_count']} concurrent, upload {meta['sizes']['upload_sink'] / 1048576:g} MiB "
             f"(sink) / {meta['sizes']['upload_paced'] / 1048576:g} MiB (10 MB/s receiver), "
             f"{meta['sizes']['latency_count']} latency GETs", "",
             "Medians over the rounds (a range in brackets when the rounds differ by more than 20%). "
             "**ours vs …**: for speeds, how many times faster ours is (> 1: ours is faster); for threads and "
             "memory, ours ÷ theirs (< 1: ours uses less). Native curl runs on Linux, without Wine (one column "
             "for both architectures).", ""]
    for arch in arches:
        lines += [f"## {arch}", "",
                  "| scenario | API | case | metric | ours | Wine builtin | native curl | ours vs builtin | ours vs curl |",
                  "|---|---|---|---|---:|---:|---:|---:|---:|"]
        for r in summary["rows"]:
            if r["arch"] != arch:
                continue
            vb = f"{r['vs_builtin']:.2f}×" if r["vs_builtin"] is not None else ""
            vn = f"{r['vs_native']:.2f}×" if r["vs_native"] is not None else ""
            lines.append(f"| {r['program']} | {r['api']} | {r['case']} | {r['label']} | {_value(r['ours'])} | "
                         f"{_value(r['builtin'])} | {_value(r['native'])} | {vb} | {vn} |")
        lines.append("")
    lines += ["## Targets", ""]
    for t in summary["targets"]:
        lines.append(f"- **{t['verdict']}** ({t['arch']}) {t['target']}: {t['detail']}")
    return "\n".join(lines) + "\n"


def _load(load):
    return " ".join(f"{x:.1f}" for x in load) if load else "?"


def chart(results_json, png):
    """Draws with matplotlib, in Debian's python3 if this one lacks it."""
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "chart.py")
    for python in (sys.executable, "/usr/bin/python3"):
        if subprocess.run([python, "-c", "import matplotlib"], stderr=subprocess.DEVNULL).returncode == 0:
            return subprocess.run([python, script, results_json, png]).returncode == 0
    return False
