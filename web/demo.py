"""The demo as a whole: the org district and accounts, then each module's synthetic records.

Lives in ``web`` (the top of the dependency order) so every module can add its seeding here without a lower
module importing a higher one.
"""

from accounts.demo import DemoResult, build_demo_district
from registry.demo import seed_registry
from subjects.demo import seed_subjects
from tasks.demo import seed_demo_tasks


def build_demo(*, stations: int = 4, beats_per_station: int = 4, seed: int = 2026) -> DemoResult:
    result = build_demo_district(stations=stations, beats_per_station=beats_per_station, seed=seed)
    residents = seed_registry(seed=seed)
    if residents:
        result.counts["residents"] = residents
    seed_subjects()  # idempotent: one subject of every category in the first station
    seed_demo_tasks()  # idempotent: a demo built before tasks existed gets them now
    return result
