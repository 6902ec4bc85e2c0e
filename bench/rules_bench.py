"""Benchmark (not a test): the rules engine on many subjects, on PostgreSQL.

Builds a small district in a throw-away database, adds ``--n`` tracked records (special subjects of every
category, supervised units, incidents) spread over the beats, then times:

* full recompute, first run (creates every due task, written with COPY);
* the nightly run with nothing changed (the steady state: finds the records that may have changed — none —
  and recomputes only those), and a forced full recompute with nothing changed;
* one changed record (incremental: only its obligations, only that record);
* the floor: the plain SQL select of the records the obligations apply to, with their event dates — what any
  engine must at least read.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fengqiao_bench .venv/bin/python bench/rules_bench.py --n 100000
    .venv/bin/python bench/rules_bench.py --n 2000      # quick
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fengqiao.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/fengqiao_bench")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CATEGORIES = ["dv_perpetrator", "drug_user", "deprived_rights", "bail", "released_prisoner", "minor", "threat"]


def ms(fn):
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1000, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000, help="tracked records (default 100000)")
    parser.add_argument("--stations", type=int, default=4)
    parser.add_argument("--date", default="2025-09-15")
    args = parser.parse_args()
    as_of = date.fromisoformat(args.date)

    from accounts.demo import build_demo_district
    from casework.models import Incident
    from org.models import OrgUnit, OrgUnitKind
    from registry.models import Organization
    from rules.models import TrackedRecord
    from rules.services import rules_run, tracked_record_update
    from tasks.models import Task

    call_command("migrate", verbosity=0)
    if not OrgUnit.objects.exists():
        build_demo_district(stations=args.stations, beats_per_station=4)
    beats = list(OrgUnit.objects.filter(kind=OrgUnitKind.BEAT).values_list("id", flat=True))
    have = (
        TrackedRecord.objects.filter(label__startswith="bench").count()
        + Organization.objects.filter(name__startswith="bench").count()
        + Incident.objects.filter(place_text__startswith="bench").count()
    )
    if have < args.n:
        rng = random.Random(5)
        rows, units, incidents = [], [], []
        for i in range(have, args.n):
            kind = rng.random()
            started = as_of - timedelta(days=rng.randint(0, 700))
            if kind < 0.7:
                rows.append(
                    TrackedRecord(
                        record_type="special_subject",
                        category=rng.choice(CATEGORIES),
                        label=f"bench{i}",
                        beat_id=rng.choice(beats),
                        started_on=started,
                        ends_on=started + timedelta(days=rng.randint(200, 1500)),
                    )
                )
            elif kind < 0.9:
                # Supervised units are registry organisations (inspections' adapter), not stand-in rows.
                units.append(
                    Organization(
                        name=f"bench{i}",
                        category="enterprise",
                        org_unit_id=rng.choice(beats),
                        is_key_unit=rng.random() < 0.3,
                    )
                )
            else:
                # Incidents are casework records (its adapter), filed on ``started``.
                reported = datetime.combine(started, datetime.min.time(), timezone.get_current_timezone())
                incidents.append(
                    Incident(
                        beat_id=rng.choice(beats),
                        kind="criminal",
                        subkind="burglary",
                        source="officer",
                        summary="bench",
                        place_text=f"bench{i}",
                        reported_at=reported,
                        filed_on=started,
                    )
                )
        TrackedRecord.objects.bulk_create(rows, batch_size=5000)
        Organization.objects.bulk_create(units, batch_size=5000)
        Incident.objects.bulk_create(incidents, batch_size=5000)
    n = (
        TrackedRecord.objects.filter(label__startswith="bench").count()
        + Organization.objects.filter(name__startswith="bench").count()
        + Incident.objects.filter(place_text__startswith="bench").count()
    )
    print(f"vendor={connection.vendor} records={n} beats={len(beats)} as_of={as_of}")

    with connection.cursor() as cursor:  # every run of the bench starts from no tasks (a throw-away database)
        cursor.execute("TRUNCATE tasks_task, rules_rulerun CASCADE")
        # The records were there before the first run (as in life), not saved a moment before it.
        cursor.execute("UPDATE rules_trackedrecord SET updated_at = updated_at - interval '1 day'")
        cursor.execute("UPDATE casework_incident SET updated_at = updated_at - interval '1 day'")
        cursor.execute("UPDATE registry_organization SET updated_at = updated_at - interval '1 day'")
    first_ms, first = ms(lambda: rules_run(as_of=as_of))
    again = [ms(lambda: rules_run(as_of=as_of)) for _ in range(3)]
    full_again = [ms(lambda: rules_run(as_of=as_of, full=True)) for _ in range(2)]
    record = TrackedRecord.objects.filter(label__startswith="bench", category="bail").first()
    moves = []
    for k in range(5):
        new_end = record.ends_on + timedelta(days=1 + k)
        moves.append(
            ms(lambda d=new_end: tracked_record_update(acting_user=None, record=record, ends_on=d, as_of=as_of))
        )

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, beat_id, category, is_key_unit, started_on, ends_on FROM rules_trackedrecord "
                "WHERE is_active AND record_type = 'special_subject'"
            )
            n = len(cursor.fetchall())
            cursor.execute("SELECT id, beat_id, kind, filed_on, closed_on FROM casework_incident")
            n += len(cursor.fetchall())
            cursor.execute("SELECT id, org_unit_id, category, is_key_unit, created_at FROM registry_organization")
            return n + len(cursor.fetchall())

    floors = [ms(floor) for _ in range(5)]
    print(f"tasks after first run: {Task.objects.count()} (created {first.created})")
    print(f"{'measure':<44}{'ms':>10}")
    print(f"{'full recompute, first run (creates tasks)':<44}{first_ms:>10.0f}")
    print(f"{'nightly run, nothing changed (median 3)':<44}{statistics.median(t for t, _ in again):>10.0f}")
    print(f"{'full recompute, nothing changed (median 2)':<44}{statistics.median(t for t, _ in full_again):>10.0f}")
    print(f"{'one changed record, incremental (median 5)':<44}{statistics.median(t for t, _ in moves):>10.1f}")
    print(f"{'floor: plain SQL select of records (median 5)':<44}{statistics.median(t for t, _ in floors):>10.1f}")
    print(f"second run created {again[0][1].created}, updated {again[0][1].updated}, closed {again[0][1].closed}")


if __name__ == "__main__":
    main()
