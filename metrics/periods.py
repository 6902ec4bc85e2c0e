"""Months as periods: ``YYYY-MM`` ↔ first/last day, the current month cut at today."""

from __future__ import annotations

import calendar
import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from . import errors

PERIOD_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse_period(text: str | None, *, today: date | None = None) -> str:
    """``YYYY-MM`` checked; empty means this month."""
    today = today or timezone.localdate()
    text = (text or "").strip()
    if not text:
        return f"{today:%Y-%m}"
    if not PERIOD_RE.match(text):
        raise ValidationError({"period": [gettext(errors.PERIOD_INVALID)]}, code="period_invalid")
    return text


def period_bounds(period: str, *, today: date | None = None) -> tuple[date, date]:
    """The month's first day and its last day — or today, while the month runs (a rate of tasks due later this
    month would otherwise count them as missed)."""
    today = today or timezone.localdate()
    year, month = (int(x) for x in period.split("-"))
    start = date(year, month, 1)
    end = date(year, month, calendar.monthrange(year, month)[1])
    return start, min(end, today) if start <= today else end


def period_of(day: date) -> str:
    return f"{day:%Y-%m}"


def previous_periods(period: str, count: int) -> list[str]:
    year, month = (int(x) for x in period.split("-"))
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(out))
