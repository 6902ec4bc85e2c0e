"""Count, in the database, every write the load run says the server acknowledged (bench/load/locustfile.py).

    DATABASE_URL=... python bench/load/verify.py ACK_FILE [--wait 300]

Visits and task feedback are found by their token; accepted tasks by status; imports by their job, which must
have finished (the worker may have been killed meanwhile: jobs_recover puts it back). Exit 1 if anything is missing.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fengqiao.settings")

import django

django.setup()

from registry.models import ImportJob, ImportStatus  # noqa: E402
from subjects.models import Visit  # noqa: E402
from tasks.models import Task, TaskStatus  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("ack_file")
    parser.add_argument("--wait", type=int, default=300, help="seconds to wait for acknowledged imports to finish")
    args = parser.parse_args()
    acks = [json.loads(line) for line in Path(args.ack_file).read_text().splitlines() if line.strip()]
    by_kind: dict[str, list[dict]] = {}
    for a in acks:
        by_kind.setdefault(a["kind"], []).append(a)
    report = {}
    tokens = {a["token"] for a in by_kind.get("visit", [])}
    prefix = "LT-" + next(iter(tokens)).split("-")[1] + "-" if tokens else None  # LT-<run>-…
    found = set()
    if tokens:
        for text in Visit.objects.filter(findings__contains=prefix).values_list("findings", flat=True):
            found.add(text.rsplit(" ", 1)[-1])
    report["visit"] = {"acknowledged": len(tokens), "in_database": len(tokens & found)}
    tokens = {a["token"] for a in by_kind.get("feedback", [])}
    found = set()
    for a in by_kind.get("feedback", []):
        feedback = Task.objects.filter(pk=a["task"]).values_list("feedback", flat=True).first() or {}
        if a["token"] in json.dumps(feedback, ensure_ascii=False):
            found.add(a["token"])
    report["feedback"] = {"acknowledged": len(tokens), "in_database": len(found)}
    accepted = {int(a["task"]) for a in by_kind.get("accept", [])}
    still = Task.objects.filter(pk__in=accepted, status=TaskStatus.DISPATCHED).count()
    report["accept"] = {"acknowledged": len(accepted), "in_database": len(accepted) - still}
    jobs = {int(a["job"]) for a in by_kind.get("import", []) if a.get("job", "").isdigit()}
    deadline = time.monotonic() + args.wait
    while time.monotonic() < deadline:
        pending = ImportJob.objects.filter(pk__in=jobs, status__in=[ImportStatus.QUEUED, ImportStatus.RUNNING]).count()
        if not pending:
            break
        time.sleep(5)
    done = ImportJob.objects.filter(pk__in=jobs, status=ImportStatus.DONE).count()
    report["import"] = {"acknowledged": len(jobs), "in_database": done}
    report["lost"] = sum(v["acknowledged"] - v["in_database"] for v in report.values() if isinstance(v, dict))
    print(json.dumps(report, ensure_ascii=False))
    sys.exit(1 if report["lost"] else 0)


if __name__ == "__main__":
    main()
