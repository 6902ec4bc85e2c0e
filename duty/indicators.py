"""Time in the beat as indicators of a unit (规范001 第一百零一条): the share of the community officers' working days
spent in their beats, over the unit's subtree — a fact about how well the beats are covered, not a quota on cases
(第一百一十四条 bans 办案、打处 indicators; this is neither). Per-officer figures and the days behind them are on the
time-in-beat page (``duty.beat_time``).
"""

from __future__ import annotations

from datetime import date

from fengqiao.indicators import IndicatorSpec, Measure, register
from org.models import Staff, StaffKind

from .beat_time import beat_time
from .rules import TIME_IN_BEAT_BY_CODE


def _officers(unit, full_time: bool):
    return Staff.objects.filter(
        scope_path__startswith=unit.path, kind=StaffKind.COMMUNITY_OFFICER, is_active=True, is_full_time=full_time
    ).select_related("org_unit", "user")


def _share(full_time: bool):
    def compute(unit, start: date, end: date) -> Measure:
        rows = beat_time(_officers(unit, full_time), start, end)
        return Measure(sum(r.in_beat_days for r in rows), sum(r.working_days for r in rows))

    def records(unit, start: date, end: date):
        return _officers(unit, full_time)

    return compute, records


def _spec(code: str, full_time: bool) -> IndicatorSpec:
    row = TIME_IN_BEAT_BY_CODE[code]
    compute, records = _share(full_time)
    return IndicatorSpec(
        code=code,
        name=row["label"],
        source=row["source"],
        compute=compute,
        target=row["target"],
        period="month",
        reading=row["reading"] + " 单位指标为其下该类民警在警务区日数之和÷应工作日数之和。",
        records=records,
    )


SPECS = (_spec("art101_full_time", True), _spec("art101_other", False))
for _s in SPECS:
    register(_s, module="duty")
