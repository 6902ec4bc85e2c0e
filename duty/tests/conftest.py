import pytest

from .factories import SCENARIO_WEEK


@pytest.fixture
def scenario_roster(db):
    """The roster scenarios are written on the week of Monday 23 November 2026 (and the Sunday before). The demo
    district rosters its first station's week of the suite's anchor day (conftest FENGQIAO_TEST_NOW): on a Sunday
    or a month-end anchor that is this week, and the same officers would be on duty twice. The scenario starts from
    an empty roster (and no leave) that week."""
    from duty.models import Leave, Shift

    first, last = SCENARIO_WEEK
    Shift.objects.filter(day__range=(first, last)).delete()
    Leave.objects.filter(starts_at__date__lte=last, ends_at__date__gte=first).delete()
