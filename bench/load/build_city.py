"""Build the load-run data set: a large demo district (``--stations`` × ``--beats``, ``--residents`` per community),
one officer account per beat (``load_officer_NNN``) and one lead per station (``load_lead_NN``), and
``--subjects`` special subjects per beat marked by its officer and approved by its lead; then a rules run.

    DATABASE_URL=... python bench/load/build_city.py --stations 12 --beats 8 --residents 40 --subjects 4
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fengqiao.settings")

import django

django.setup()

from django.utils import timezone  # noqa: E402

from accounts.demo import DEMO_PASSWORD, build_demo_district  # noqa: E402
from accounts.roles import Role  # noqa: E402
from accounts.services import user_create  # noqa: E402
from org.models import OrgUnit, OrgUnitKind  # noqa: E402
from registry.demo import seed_registry  # noqa: E402
from registry.models import Resident  # noqa: E402
from rules.services import rules_run  # noqa: E402
from subjects.demo import seed_subjects  # noqa: E402
from subjects.models import SubjectApproval  # noqa: E402
from subjects.services import special_subject_mark, subject_approval_decide  # noqa: E402
from tasks.demo import seed_demo_tasks  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--stations", type=int, default=12)
    parser.add_argument("--beats", type=int, default=8)
    parser.add_argument("--residents", type=int, default=40, help="residents per community")
    parser.add_argument("--subjects", type=int, default=4, help="special subjects per beat")
    args = parser.parse_args()
    t0 = time.perf_counter()
    build_demo_district(stations=args.stations, beats_per_station=args.beats)
    print(f"district {time.perf_counter() - t0:.0f}s", flush=True)
    print("residents", seed_registry(residents_per_community=args.residents), f"{time.perf_counter() - t0:.0f}s")
    seed_subjects()
    seed_demo_tasks()
    city = OrgUnit.objects.get(code="JF")
    stations = list(OrgUnit.objects.filter(kind=OrgUnitKind.STATION, path__startswith=city.path).order_by("path"))
    today = timezone.localdate()
    n = 0
    for s, station in enumerate(stations):
        lead = user_create(
            acting_user=None,
            username=f"load_lead_{s:02d}",
            full_name=f"压测所领导{s:02d}",
            password=DEMO_PASSWORD,
            role=Role.STATION_LEAD,
            org_unit=station,
            must_change_password=False,
        )
        for beat in station.children.filter(kind=OrgUnitKind.BEAT).order_by("path"):
            officer = user_create(
                acting_user=None,
                username=f"load_officer_{n:03d}",
                full_name=f"压测民警{n:03d}",
                password=DEMO_PASSWORD,
                role=Role.OFFICER,
                org_unit=beat,
                must_change_password=False,
            )
            n += 1
            people = Resident.objects.filter(org_unit__path__startswith=beat.path, is_active=True, labels=[])
            for person in people.order_by("pk")[: args.subjects]:
                subject = special_subject_mark(
                    acting_user=officer,
                    resident=person,
                    category="threat",
                    facts={"cause": "邻里纠纷，扬言报复"},
                    today=today,
                )
                approval = SubjectApproval.objects.get(subject=subject, decided_at__isnull=True)
                subject_approval_decide(acting_user=lead, approval=approval, approve=True, today=today)
    print(f"accounts: {n} officers, {len(stations)} leads; {time.perf_counter() - t0:.0f}s", flush=True)
    result = rules_run(acting_user=None)
    print("rules run", result.as_dict(), f"{time.perf_counter() - t0:.0f}s")


if __name__ == "__main__":
    main()
