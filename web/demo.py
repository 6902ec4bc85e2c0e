"""The demo as a whole: the org district and accounts, then each module's synthetic records.

Lives in ``web`` (the top of the dependency order) so every module can add its seeding here without a lower
module importing a higher one.
"""

from datetime import date

from django.utils import timezone

from accounts.demo import DemoResult, build_demo_district
from alerts.demo import seed_alerts
from casework.demo import seed_casework, seed_incidents
from duty.demo import seed_duty
from inspections.demo import seed_inspections
from leads.demo import seed_leads
from metrics.demo import seed_beat_boundaries
from online_groups.demo import seed_online_groups
from outreach.demo import seed_outreach
from registry.demo import seed_registry
from subjects.demo import seed_subjects
from tasks.demo import seed_demo_tasks


def build_demo(
    *, stations: int = 4, beats_per_station: int = 4, seed: int = 2026, today: date | None = None
) -> DemoResult:
    """Build the demo as of ``today``: the real date for a person trying it (``manage.py demo_district``), the
    suite's frozen date in the tests. The same seed and the same day give the same district, record for record."""
    today = today or timezone.localdate()
    result = build_demo_district(stations=stations, beats_per_station=beats_per_station, seed=seed)
    residents = seed_registry(seed=seed)
    if residents:
        result.counts["residents"] = residents
    seed_subjects(today=today)  # idempotent: one subject of every category in the first station
    seed_leads(today=today)  # idempotent: leads, a patrol route with check-ins, points, the store, informants
    seed_inspections(today=today)  # idempotent: supervised units, inspections, hazards, an extension (demo_officer)
    seed_alerts(
        today=today
    )  # idempotent: a red alert (two departments), a yellow one overdue, an orange plan (50 units)
    seed_demo_tasks(today=today)  # idempotent: a demo built before tasks existed gets them now
    seed_casework(today=today)  # idempotent: disputes (repeat, hand-over, DV marking, agreement not performed)
    seed_outreach(today=today)  # idempotent: public pages of every beat, requests (one overdue, one urgent), care
    seed_duty(today=today)  # idempotent: the week's roster (one AB gap), yesterday's duty log, 75 % time in beat
    seed_incidents(today=today)  # idempotent: a pushed burglary, a fire, a fraud victim, a pushed emergency
    seed_online_groups(today=today)  # idempotent: four 云格 groups (one compliant), requests (one late), a 群发
    seed_beat_boundaries()  # idempotent: a plausible polygon per beat for the dashboard's map
    return result
