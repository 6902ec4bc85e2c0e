"""The working-day calendar: the one place that says whether a day is worked and where a due date lands.

Every module that counts periods uses only these functions (DESIGN.md "How periods count"):

    is_workday(day)                      statutory working day? (holidays off, 调休 make-up days on)
    next_workday(day) / previous_workday(day)   ``day`` itself if worked, else the next / last worked day
    add_workdays(day, n)                 the n-th working day after (n > 0) or before (n < 0) ``day``
    due_within(start, days)              the last day of "within N days" from ``start`` (自次日起N日内), rolled
    roll(day, how, not_before=None)      a due date on a rest day moves to the previous working day
                                         (``Roll.PREVIOUS_WORKDAY``, the rule for "within N" periods) or, where
                                         a row's reading says so, the next (``Roll.NEXT_WORKDAY``)
    is_assumed(day)                      the day's year has no entered calendar: Mon–Fri is assumed
    assumed_years()                      the years assumed since ``assumed_reset()`` (a rules run says so)
    add_months(day, n), shift(day, amount, unit), period_bounds(day, period)   period arithmetic

Where the data comes from: ``rules.HolidayYear`` / ``rules.HolidayDay`` — one row per year, its 放假 and 调休上班
days. chinese-calendar seeds the years it knows after ``migrate``; the control centre enters or imports each new
year from the State Council's 放假安排 (``rules.holidays`` reads the file format; ``rules.services.holiday_year_enter``
writes it and recomputes open tasks). A year nobody entered is worked Monday–Friday, flagged (``is_assumed``),
logged once and never fails.

The calendar is read once per process and kept for ``CACHE_SECONDS``; entering a year clears it at once in the
process that entered it (other processes follow within the minute).
"""

from __future__ import annotations

import calendar as _month_calendar
import logging
import time
from dataclasses import dataclass
from datetime import date, timedelta

logger = logging.getLogger(__name__)

CACHE_SECONDS = 60
PREVIOUS_WORKDAY, NEXT_WORKDAY = "previous_workday", "next_workday"  # = rules.models.Roll values


@dataclass(frozen=True)
class _Snapshot:
    years: frozenset[int]  # years with an entered (or seeded) calendar
    special: dict[date, bool]  # day → worked? for every 放假 and 调休上班 day of those years
    loaded_at: float


_snapshot: _Snapshot | None = None
_warned: set[int] = set()  # years already logged as assumed in this process
_assumed: set[int] = set()  # years assumed since assumed_reset()


def _load() -> _Snapshot:
    from .models import DayKind, HolidayDay, HolidayYear

    years = frozenset(HolidayYear.objects.values_list("year", flat=True))
    special = {day: kind == DayKind.WORK for day, kind in HolidayDay.objects.values_list("day", "kind")}
    return _Snapshot(years, special, time.monotonic())


def _current() -> _Snapshot:
    global _snapshot
    if _snapshot is None or time.monotonic() - _snapshot.loaded_at > CACHE_SECONDS:
        _snapshot = _load()
    return _snapshot


def forget() -> None:
    """Drop the cached calendar (after a year was entered, or a test rolled one back)."""
    global _snapshot
    _snapshot = None


def is_assumed(day: date) -> bool:
    """True when ``day``'s year has no entered calendar, so Monday–Friday is assumed for it."""
    return day.year not in _current().years


def assumed_years() -> set[int]:
    """Years for which Monday–Friday was assumed since ``assumed_reset``."""
    return set(_assumed)


def assumed_reset() -> None:
    _assumed.clear()


def is_workday(day: date) -> bool:
    snapshot = _current()
    if day.year in snapshot.years:
        return snapshot.special.get(day, day.weekday() < 5)
    _assumed.add(day.year)
    if day.year not in _warned:
        _warned.add(day.year)
        logger.warning("no holiday calendar entered for %s; working days assumed Monday–Friday", day.year)
    return day.weekday() < 5


def next_workday(day: date) -> date:
    """``day`` itself if a working day, else the first working day after it."""
    while not is_workday(day):
        day += timedelta(days=1)
    return day


def previous_workday(day: date) -> date:
    """``day`` itself if a working day, else the last working day before it."""
    while not is_workday(day):
        day -= timedelta(days=1)
    return day


def add_workdays(day: date, n: int) -> date:
    """The n-th working day after ``day`` (n > 0) or before it (n < 0); ``day`` itself is not counted."""
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    while remaining:
        day += timedelta(days=step)
        if is_workday(day):
            remaining -= 1
    return day


def due_within(start: date, days: int) -> date:
    """The due date of a "within ``days`` days" obligation counted from the day after ``start`` (自次日起N日内):
    ``start + days``, on a rest day the previous working day (``roll``), never before the window opens. Every
    module that computes such a date outside the rules engine (a sampling plan, a verification round, a mediation
    term) uses this, so a task is never due on a Saturday because its N days ended on one."""
    return roll(start + timedelta(days=days), PREVIOUS_WORKDAY, not_before=start + timedelta(days=1))


def roll(day: date, how: str = PREVIOUS_WORKDAY, *, not_before: date | None = None) -> date:
    """Where a due date that falls on a rest day lands.

    ``PREVIOUS_WORKDAY`` (every "within N" period, calendar periods, "N days before"): the last working day on or
    before ``day`` — so a weekly task is due on Friday, not Sunday. If that would fall before the window opens
    (``not_before``: a window made only of rest days, e.g. the Spring Festival week), the first working day after
    the window instead. ``NEXT_WORKDAY`` (periods of criminal procedure, where a row's reading says so): the first
    working day on or after ``day``.
    """
    if how == NEXT_WORKDAY:
        return next_workday(day)
    if how != PREVIOUS_WORKDAY:
        raise ValueError(f"unknown roll {how!r}")
    rolled = previous_workday(day)
    if not_before is not None and rolled < not_before:
        return next_workday(day)
    return rolled


def add_months(day: date, n: int) -> date:
    """Same day n months later (or earlier); the 31st becomes the month's last day where needed."""
    month_index = day.month - 1 + n
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, _month_calendar.monthrange(year, month)[1]))


def shift(day: date, amount: int, unit: str) -> date:
    """``day`` moved by ``amount`` units: days, workdays, weeks or months (negative goes back)."""
    if unit == "days":
        return day + timedelta(days=amount)
    if unit == "workdays":
        return add_workdays(day, amount)
    if unit == "weeks":
        return day + timedelta(weeks=amount)
    if unit == "months":
        return add_months(day, amount)
    raise ValueError(f"unknown period unit {unit!r}")


def period_bounds(day: date, period: str) -> tuple[date, date, str]:
    """The calendar period containing ``day``: (first day, last day, stable key like ``2025-Q3``)."""
    if period == "week":
        start = day - timedelta(days=day.weekday())
        iso = day.isocalendar()
        return start, start + timedelta(days=6), f"{iso.year}-W{iso.week:02d}"
    if period == "month":
        last = _month_calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last), f"{day.year}-{day.month:02d}"
    if period == "quarter":
        q = (day.month - 1) // 3
        start = date(day.year, 3 * q + 1, 1)
        end = add_months(start, 3) - timedelta(days=1)
        return start, end, f"{day.year}-Q{q + 1}"
    if period == "half_year":
        h = (day.month - 1) // 6
        start = date(day.year, 6 * h + 1, 1)
        return start, add_months(start, 6) - timedelta(days=1), f"{day.year}-H{h + 1}"
    if period == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31), f"{day.year}"
    raise ValueError(f"unknown calendar period {period!r}")
