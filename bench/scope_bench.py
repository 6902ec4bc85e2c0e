"""Benchmark (not a test): data-scope queries on a city of ~10 000 org units, on PostgreSQL.

Builds a district with ``--stations`` stations (default 160 → ~10 000 units, ~10 000 staff) in a throw-away
database, then times, for a station lead and a beat officer, the scoped staff list page query
(``Staff.objects.visible_to(user)``: loading the user and their roles, first page of 20 + count) beside the
floor: the same rows selected by a plain ``org_unit_id IN (…)`` with the unit ids precomputed (and no role
lookup). Prints one table.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fengqiao_bench .venv/bin/python bench/scope_bench.py
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fengqiao.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/fengqiao_bench")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def timed(fn, repeat=30):
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--stations", type=int, default=160)
    parser.add_argument("--beats", type=int, default=8)
    args = parser.parse_args()

    from accounts.demo import build_demo_district
    from accounts.models import User
    from org.models import OrgUnit, Staff

    call_command("migrate", verbosity=0)
    if not OrgUnit.objects.exists():
        start = time.perf_counter()
        build_demo_district(stations=args.stations, beats_per_station=args.beats)
        print(f"built district in {time.perf_counter() - start:.1f} s")
    print(f"vendor={connection.vendor} units={OrgUnit.objects.count()} staff={Staff.objects.count()}")
    print(f"{'who':<14}{'rows':>7}{'scoped ms':>11}{'floor ms':>10}{'ratio':>7}")
    for username in ("demo_lead", "demo_officer", "demo_control"):
        user = User.objects.get(username=username)
        scoped = Staff.objects.visible_to(user)
        prefixes = [a.org_unit.path for a in user.role_assignments.select_related("org_unit")]
        ids = list(OrgUnit.objects.filter(path__startswith=prefixes[0]).values_list("pk", flat=True))
        floor = Staff.objects.filter(org_unit_id__in=ids).order_by("pk")

        def page(qs):
            return len(list(qs[:20])), qs.count()

        t_scoped = timed(lambda pk=user.pk: page(Staff.objects.visible_to(User.objects.get(pk=pk)).order_by("pk")))
        t_floor = timed(lambda qs=floor: page(qs))
        print(f"{username:<14}{scoped.count():>7}{t_scoped:>11.2f}{t_floor:>10.2f}{t_scoped / t_floor:>7.2f}")


if __name__ == "__main__":
    main()
