"""Bar chart of the speed ratios in a results.json of tools/bench/run:
    chart.py results.json chart.png"""
import json
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(results_json, png):
    with open(results_json) as f:
        data = json.load(f)
    rows = [r for r in data["summary"]["rows"] if r["kind"] != "resource" and
            (r["vs_builtin"] is not None or r["vs_native"] is not None)]
    if not rows:
        return 1
    labels = [f"{r['arch']} {r['program']}/{r['case']}/{r['api']} {r['label']}" for r in rows]
    y = range(len(rows))
    height = 0.4
    fig, ax = plt.subplots(figsize=(10, 1.5 + 0.32 * len(rows)))
    ax.barh([i - height / 2 for i in y], [r["vs_builtin"] or 0 for r in rows], height, label="ours vs Wine builtin")
    ax.barh([i + height / 2 for i in y], [r["vs_native"] or 0 for r in rows], height, label="ours vs native curl")
    ax.axvline(1, color="black", linewidth=0.8)
    ax.set_xscale("log")
    ax.set_yticks(list(y))
    ax.set_yticklabels(labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("times faster than the other (log scale; > 1: hinternet is faster)")
    meta = data["meta"]
    ax.set_title(f"hinternet {meta['hinternet']}, {meta['rounds']} round(s), medians\n{meta['machine']}", fontsize=9)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(png, dpi=110)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
