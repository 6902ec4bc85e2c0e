"""Working days and period arithmetic for the rules engine (DESIGN.md "How periods count").

* "工作日" = statutory working days of the PRC calendar, including 调休 make-up days (chinese-calendar).
* Where chinese-calendar does not know a year yet, fall back to Monday–Friday, log a warning once per year and
  record the year in ``fallback_years()`` so pages can say so. Never fail.
* A period in days starts the day after its event: served on the 2nd, "within 7 days" ends on the 9th.
* For procedural periods of criminal procedure a last day on a holiday moves to the next working day.
"""

from __future__ import annotations

import calendar
import logging
from datetime import date, timedelta

import chinese_calendar

logger = logging.getLogger(__name__)

_FALLBACK_YEARS: set[int] = set()  # every year the process fell back for (warned once each)
_FALLBACK_SINCE_RESET: set[int] = set()  # the years a run used, so it can say so


def fallback_years() -> set[int]:
    """Years for which Mon–Fri was assumed because chinese-calendar has no data (since ``fallback_reset``)."""
    return set(_FALLBACK_SINCE_RESET)


def fallback_reset() -> None:
    _FALLBACK_SINCE_RESET.clear()


def is_workday(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        _FALLBACK_SINCE_RESET.add(day.year)
        if day.year not in _FALLBACK_YEARS:
            _FALLBACK_YEARS.add(day.year)
            logger.warning("chinese-calendar has no data for %s; working days assumed Monday–Friday", day.year)
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


def add_months(day: date, n: int) -> date:
    """Same day n months later (or earlier); the 31st becomes the month's last day where needed."""
    month_index = day.month - 1 + n
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


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
        last = calendar.monthrange(day.year, day.month)[1]
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
