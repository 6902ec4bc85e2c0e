"""Benchmark (not a test): resident import beside PostgreSQL ``COPY`` of the same file, in one run (issue 11).

    flock /work/bench.lock .venv/bin/python bench/import_bench.py --n 100000
    flock /work/bench.lock .venv/bin/python bench/import_bench.py --n 1000000
    .venv/bin/python bench/import_bench.py --n 100000 --skip-copy --profile var/bench/import.prof

The file comes from the shared yardstick generator (``../shared/bench/gen_residents.py``: planted duplicates,
invalid IDs, malformed rows; seed 42). ``COPY`` gets its ``--no-ragged`` twin through ``bench_copy.sh`` (psql
``\\copy`` into a plain 10-text-column table, no checks, median of 3): the physical floor. Ours gets the real
file, ragged rows included, through ``manage.py import_registry residents FILE --as demo_control --json`` in a
fresh database holding the demo org tree (copied from a template database built once per migration state), so
every row goes through the real validation, address resolution, findings, history and compare-on-entry.

Printed: both times, the ratio, our peak memory (the import and the reader process it starts: their proportional
set size summed, sampled every 0.2 s, beside their RSS summed and the largest single process's max RSS), CPU
seconds of both, the
import's own counts and two checks of "every good row kept, every bad row reported": rows = new + updated +
unchanged + rejected, and every row the generator made malformed is among the rejected.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from registry_bench import copy_floor, generate, run

ROOT = Path(__file__).resolve().parents[1]
PSQL = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-v", "ON_ERROR_STOP=1"]


def migration_state() -> str:
    digest = hashlib.sha1()
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:10]


def fresh_database(name: str) -> dict:
    """A new database holding the migrated schema and the demo org tree (from a template kept per migration state)."""
    template = f"{name}_tmpl_{migration_state()}"  # beside the database asked for (its name's prefix)
    exists = run([*PSQL, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{template}'"]).stdout.strip()
    if not exists:
        run([*PSQL, "-c", f"CREATE DATABASE {template}"])
        env = os.environ | {"DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{template}"}
        run([sys.executable, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT)
        run(
            [sys.executable, "-c", "import django; django.setup(); from accounts.demo import build_demo_district; "
             "build_demo_district()"],
            env=env | {"DJANGO_SETTINGS_MODULE": "fengqiao.settings"},
            cwd=ROOT,
        )  # fmt: skip
    run([*PSQL, "-c", f"DROP DATABASE IF EXISTS {name}", "-c", f"CREATE DATABASE {name} TEMPLATE {template}"])
    return os.environ | {"DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}"}


CHILD = """
import json, os, resource, subprocess, sys, time

def tree_memory_kb(root):
    # memory of the import and every process it started (the reader process), summed, from /proc: resident (RSS;
    # pages a forked reader shares with the import count twice) and proportional (PSS: a shared page split
    # between the processes sharing it; the physical memory the import holds)
    children, rss, pss = {}, {}, {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/status") as f:
                fields = dict(line.split(":", 1) for line in f if ":" in line)
        except OSError:
            continue
        children.setdefault(int(fields["PPid"]), []).append(int(pid))
        rss[int(pid)] = int(fields.get("VmRSS", "0 kB").split()[0])
    total_rss = total_pss = 0
    todo = [root]
    while todo:
        pid = todo.pop()
        total_rss += rss.get(pid, 0)
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                total_pss += next(int(line.split()[1]) for line in f if line.startswith("Pss:"))
        except (OSError, StopIteration):
            pass
        todo += children.get(pid, [])
    return total_rss, total_pss

t = time.perf_counter()
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
peak_rss = peak_pss = 0
while p.poll() is None:
    rss, pss = tree_memory_kb(p.pid)
    peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
    time.sleep(0.2)
out, err = p.communicate()
if p.returncode:
    sys.exit(err[-3000:])
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": time.perf_counter() - t,
                  "peak_mb": usage.ru_maxrss / 1024,
                  "peak_tree_mb": peak_pss / 1024,
                  "peak_tree_rss_mb": peak_rss / 1024,
                  "cpu_s": usage.ru_utime,
                  "sys_s": usage.ru_stime,
                  "result": json.loads(out.strip().splitlines()[-1])}))
"""


def our_import(csv_path: Path, env: dict, profile: str | None) -> dict:
    command = [sys.executable]
    if profile:
        command += ["-m", "cProfile", "-o", profile]
    command += ["manage.py", "import_registry", "residents", str(csv_path), "--as", "demo_control", "--json"]
    command += ["--report", str(csv_path.parent / "errors.xlsx")]
    return json.loads(run([sys.executable, "-c", CHILD, *command], env=env, cwd=ROOT).stdout)


def planted_malformed(truth: Path) -> set[int]:
    with open(truth, encoding="utf-8") as f:
        return {int(t["row"]) for t in csv.DictReader(f) if t["kind"].startswith("malformed_")}


def reported_rows(report: Path) -> set[int]:
    from openpyxl import load_workbook

    workbook = load_workbook(report, read_only=True)
    rows = {r[0] for r in workbook.active.iter_rows(min_row=2, values_only=True)}
    workbook.close()
    return {int(r) - 1 for r in rows}  # the report says the line in the file; the truth counts data rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--yardsticks", default=str(ROOT.parent / "shared" / "bench"))
    parser.add_argument("--workdir", default=str(ROOT / "var" / "bench"))
    parser.add_argument("--database", default="fq_bench_import")
    parser.add_argument("--skip-copy", action="store_true")
    parser.add_argument("--profile", help="write a cProfile of the import here")
    args = parser.parse_args()
    yardsticks, work = Path(args.yardsticks), Path(args.workdir) / f"n{args.n}-s{args.seed}"
    if not yardsticks.exists():
        yardsticks = Path("/work/shared/bench")
    started = time.perf_counter()
    ragged, flat = generate(yardsticks, args.n, args.seed, work)
    print(f"data: {args.n:,} rows, seed {args.seed}, in {work} ({time.perf_counter() - started:.0f} s)", flush=True)
    env = fresh_database(args.database)
    copy_s = None if args.skip_copy else copy_floor(yardsticks, flat / "residents.csv")
    ours = our_import(ragged / "residents.csv", env, args.profile)
    result = ours["result"]
    print(f"{'':<26}{'seconds':>9}{'peak MB':>9}  notes")
    if copy_s is not None:
        label = "PostgreSQL COPY (floor)"
        print(f"{label:<26}{copy_s:>9.2f}{'':>9}  psql \\copy, plain 10-text-column table, no checks")
    ratio = f"{ours['seconds'] / copy_s:.1f}× COPY" if copy_s else "COPY skipped"
    print(
        f"{'our import':<26}{ours['seconds']:>9.2f}{ours['peak_tree_mb']:>9.0f}  {ratio}; "
        f"CPU {ours['cpu_s']:.1f} s user + {ours['sys_s']:.1f} s system in the import's processes; "
        f"peak MB: PSS of all its processes together (sampled every 0.2 s; their RSS summed "
        f"{ours['peak_tree_rss_mb']:.0f}, largest single process's max RSS {ours['peak_mb']:.0f})"
    )
    print("counts:", json.dumps(result, ensure_ascii=False))
    accounted = result["imported"] + result["updated"] + result["unchanged"] + result["rejected"] == result["rows"]
    malformed = planted_malformed(ragged / "truth.csv")
    reported = reported_rows(Path(result["report"])) if result["report"] else set()
    print(
        f"every row accounted for: {accounted}; planted malformed rows {len(malformed):,}, "
        f"all reported: {malformed <= reported}; rows in the error report {len(reported):,}"
    )


if __name__ == "__main__":
    main()
