"""Markdown tables of a load run (bench/load/run.sh's output folder): per run errors, requests/s, lost writes; per
page p50/p95 for each run."""

import csv
import json
import sys
from pathlib import Path

out = Path(sys.argv[1])
runs = sorted(
    {p.name.split("_stats.csv")[0] for p in out.glob("*_stats.csv")}, key=lambda n: (n.startswith("fault"), len(n), n)
)
print("| run | requests | errors | req/s | p50 ms | p95 ms | writes acknowledged | writes in the database | lost |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
pages = {}
for run in runs:
    rows = list(csv.DictReader(open(out / f"{run}_stats.csv")))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    for r in rows:
        if r["Name"] != "Aggregated":
            pages.setdefault(r["Name"], {})[run] = (r["50%"], r["95%"], r["Failure Count"])
    verify = (
        json.loads((out / f"{run}.verify.json").read_text() or "{}") if (out / f"{run}.verify.json").exists() else {}
    )
    acked = sum(v["acknowledged"] for v in verify.values() if isinstance(v, dict))
    stored = sum(v["in_database"] for v in verify.values() if isinstance(v, dict))
    print(
        f"| {run} | {total['Request Count']} | {total['Failure Count']} | {float(total['Requests/s']):.1f} | "
        f"{total['50%']} | {total['95%']} | {acked} | {stored} | {verify.get('lost', '?')} |"
    )
print()
print("| page | " + " | ".join(runs) + " |")
print("|---|" + "---:|" * len(runs))
for name in sorted(pages):
    cells = []
    for run in runs:
        p50, p95, fails = pages[name].get(run, ("", "", "0"))
        cells.append(f"{p50} / {p95}" + (f" ({fails} err)" if fails not in ("0", "") else ""))
    print(f"| {name} | " + " | ".join(cells) + " |")
print("\n(p50 / p95 in ms)")
