"""Benchmark (not a test): resident import vs PostgreSQL COPY, and the duplicate finder vs planted truth.

Uses the yardsticks in ../shared/bench (not copied here): gen_residents.py makes N synthetic residents with
planted errors and truth.csv; bench_copy.sh loads the same rows with psql \\copy into a plain table (the floor).
In one run this prints: our import time and peak memory beside COPY's time, and the duplicate finder's time,
peak memory, precision and recall against the planted duplicate pairs.

    .venv/bin/python bench/registry_bench.py --n 1000000
    .venv/bin/python bench/registry_bench.py --n 100000 --skip-copy

Our import runs as `import_registry residents FILE --as demo_control --json` in a fresh database
(fengqiao_bench_registry) holding only the demo org tree, so every row goes through the real validation,
address resolution, findings and compare-on-entry. COPY gets the `--no-ragged` twin of the file (COPY aborts on
a ragged row); ours gets the file with its ragged rows, which it reports.
"""

import argparse
import csv
import itertools
import json
import os
import re
import resource
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB = "fengqiao_bench_registry"


def run(cmd, env=None, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, text=True, capture_output=True, env=env, **kwargs)
    if done.returncode:
        sys.exit(
            f"failed ({done.returncode}): {' '.join(map(str, cmd))[:200]}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
    return done


def child_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def generate(yardsticks: Path, n: int, seed: int, out: Path) -> tuple[Path, Path]:
    ragged, flat = out / "ragged", out / "flat"
    for folder, extra in ((ragged, []), (flat, ["--no-ragged"])):
        if not (folder / "residents.csv").exists():
            folder.mkdir(parents=True, exist_ok=True)
            run(
                [
                    sys.executable,
                    str(yardsticks / "gen_residents.py"),
                    "--n",
                    str(n),
                    "--seed",
                    str(seed),
                    "--out-dir",
                    str(folder),
                    *extra,
                ]
            )
    return ragged, flat


def copy_floor(yardsticks: Path, csv_path: Path) -> float:
    output = run(["bash", str(yardsticks / "bench_copy.sh"), str(csv_path), "3"]).stdout
    return float(re.search(r"median of \d+: ([\d.]+) s", output).group(1))


def our_import(csv_path: Path) -> tuple[float, float, dict]:
    env = os.environ | {"DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}"}
    run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-q",
            "-c",
            f"DROP DATABASE IF EXISTS {DB}",
            "-c",
            f"CREATE DATABASE {DB}",
        ]
    )
    run([sys.executable, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT)
    run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
            "'fengqiao.settings'); django.setup(); from accounts.demo import build_demo_district; "
            "build_demo_district()",
        ],
        env=env,
        cwd=ROOT,
    )
    code = (
        "import resource, subprocess, sys, json, time\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run([sys.executable, 'manage.py', 'import_registry', 'residents', sys.argv[1], '--as', "
        "'demo_control', '--json', '--report', sys.argv[2]], capture_output=True, text=True)\n"
        "sys.exit(p.stderr[-3000:]) if p.returncode else None\n"
        "print(json.dumps({'seconds': time.perf_counter() - t, 'peak_mb': "
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 'result': json.loads(p.stdout)}))\n"
    )
    out = json.loads(
        run([sys.executable, "-c", code, str(csv_path), str(csv_path.parent / "errors.xlsx")], env=env, cwd=ROOT).stdout
    )
    return out["seconds"], out["peak_mb"], out["result"]


def duplicate_finder(csv_path: Path) -> tuple[float, float, set]:
    code = (
        "import csv, json, resource, sys, time\n"
        "sys.path.insert(0, '.')\n"
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'fengqiao.settings'); django.setup()\n"
        "from fengqiao.identity import parse_id_number\n"
        "from registry.matching import duplicate_pairs\n"
        "t = time.perf_counter()\n"
        "def rows():\n"
        "    with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:\n"
        "        r = csv.reader(f); next(r)\n"
        "        for i, v in enumerate(r, start=1):\n"
        "            if len(v) != 10 or not v[0]: continue\n"
        "            info = parse_id_number(v[1])\n"
        "            yield i, v[0], info.number, v[3] or info.birth_date\n"
        "pairs = duplicate_pairs(rows())\n"
        "print(json.dumps({'seconds': time.perf_counter() - t, 'peak_mb': "
        "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 'pairs': sorted(pairs)}))\n"
    )
    out = json.loads(run([sys.executable, "-c", code, str(csv_path)], cwd=ROOT).stdout)
    return out["seconds"], out["peak_mb"], {tuple(p) for p in out["pairs"]}


def true_pairs(truth: Path) -> set:
    groups = defaultdict(set)
    with open(truth, encoding="utf-8") as f:
        for t in csv.DictReader(f):
            if t["kind"].startswith("dup_"):
                groups[t["entity_id"]].update({int(t["row"]), int(t["dup_of_row"])})
    pairs = set()
    for rows in groups.values():
        pairs.update(itertools.combinations(sorted(rows), 2))
    return pairs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--yardsticks", default=str(ROOT.parent / "shared" / "bench"))
    parser.add_argument("--workdir", default=str(ROOT / "var" / "bench"))
    parser.add_argument("--skip-copy", action="store_true")
    parser.add_argument("--skip-import", action="store_true")
    args = parser.parse_args()
    yardsticks, work = Path(args.yardsticks), Path(args.workdir) / f"n{args.n}-s{args.seed}"
    started = time.perf_counter()
    ragged, flat = generate(yardsticks, args.n, args.seed, work)
    print(f"data: {args.n:,} rows, seed {args.seed}, generated in {work} ({time.perf_counter() - started:.1f} s)")
    copy_s = None if args.skip_copy else copy_floor(yardsticks, flat / "residents.csv")
    if not args.skip_import:
        import_s, import_mb, result = our_import(ragged / "residents.csv")
        print(f"{'':<28}{'seconds':>10}{'peak MB':>10}  notes")
        if copy_s is not None:
            label = "PostgreSQL COPY (floor)"
            print(f"{label:<28}{copy_s:>10.2f}{'':>10}  psql \\copy into a plain 10-text-column table, no checks")
        ratio = f", {import_s / copy_s:.1f}× COPY" if copy_s else ""
        print(f"{'our import':<28}{import_s:>10.2f}{import_mb:>10.0f}  {json.dumps(result, ensure_ascii=False)}{ratio}")
    dup_s, dup_mb, found = duplicate_finder(ragged / "residents.csv")
    truth = true_pairs(ragged / "truth.csv")
    hit = len(found & truth)
    precision = hit / len(found) if found else 0.0
    recall = hit / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(
        f"{'duplicate finder':<28}{dup_s:>10.2f}{dup_mb:>10.0f}  pairs found {len(found):,}, true {len(truth):,}, "
        f"precision {precision:.4f}, recall {recall:.4f}, F1 {f1:.4f}"
    )


if __name__ == "__main__":
    main()
