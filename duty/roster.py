"""The roster checks of ``duty.rules.ROSTER_CHECKS``, evaluated over one week of a station's roster (pure: shifts,
leaves and settings in, problems out), so the page, the API and the tests read the same answer.

Times are minutes of the day; a shift whose end is at or before its start runs past midnight into the next day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from org.models import POLICE_KINDS, OrgUnitKind
from rules.calendar import is_workday

from .models import ShiftKind
from .rules import ROSTER_CHECK_BY_CODE

DAY = 24 * 60
NIGHT = (20 * 60, 22 * 60)  # “晚上”: a shift covering 20:00–22:00 (reading in duty.rules)
PRESENCE_KINDS = (ShiftKind.PATROL, ShiftKind.RECEPTION, ShiftKind.DUTY)


@dataclass(frozen=True)
class Problem:
    code: str
    day: date | None
    unit: str
    text: str

    @property
    def label(self) -> str:
        return ROSTER_CHECK_BY_CODE[self.code]["label"]

    @property
    def source(self) -> str:
        return ROSTER_CHECK_BY_CODE[self.code]["source"]


def minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def hhmm(m: int) -> str:
    return f"{m // 60:02d}:{m % 60:02d}"


def intervals_on(shifts, day: date) -> list[tuple[int, int]]:
    """The minutes of ``day`` the shifts cover (yesterday's overnight shifts included)."""
    out = []
    for s in shifts:
        start, end = minutes(s.start), minutes(s.end)
        if s.day == day:
            out.append((start, DAY if end <= start else end))
        elif s.day == day - timedelta(days=1) and end <= start and end > 0:
            out.append((0, end))
    return out


def gaps(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    found, cursor = [], 0
    for start, end in sorted(intervals):
        if start > cursor:
            found.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < DAY:
        found.append((cursor, DAY))
    return found


def covered(intervals: list[tuple[int, int]]) -> int:
    total, cursor = 0, 0
    for start, end in sorted(intervals):
        start = max(start, cursor)
        if end > start:
            total += end - start
            cursor = end
    return total


def shift_span(s) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(s.day, s.start, tz)
    end = datetime.combine(s.day + timedelta(days=1) if s.overnight else s.day, s.end, tz)
    return start, end


def absent(staff_id: int, start: datetime, end: datetime, leaves) -> bool:
    """On leave or out for any part of [start, end) (销假 ends the absence)."""
    for leave in leaves:
        if leave.staff_id != staff_id:
            continue
        until = min(leave.ends_at, leave.returned_at) if leave.returned_at else leave.ends_at
        if leave.starts_at < end and until > start:
            return True
    return False


def week_problems(*, station, week_start: date, shifts, leaves, units, setting) -> list[Problem]:
    """Every roster problem of the week starting ``week_start`` (a Monday). ``shifts`` include the Sunday before
    (its overnight shifts); ``units`` are the station's beats and posts; ``setting(code)`` reads a station value."""
    days = [week_start + timedelta(days=i) for i in range(7)]
    problems: list[Problem] = []
    # 7×24 (规范004): the station and all its units together.
    duty = [s for s in shifts if s.kind == ShiftKind.DUTY]
    for day in days:
        for start, end in gaps(intervals_on(duty, day)):
            problems.append(Problem("cover_7x24", day, station.name, f"{hhmm(start)}–{hhmm(end)} 无人值班"))
    # AB岗: every slot has a B who is not A; when A is away, B must be there.
    for s in shifts:
        if s.day not in days:
            continue
        where = f"{s.org_unit.name} {s.get_kind_display()} {s.start:%H:%M}–{s.end:%H:%M}"
        if s.backup_id is None:
            problems.append(Problem("ab_pair", s.day, where, f"A岗{s.staff.name}未配B岗"))
        elif s.backup_id == s.staff_id:
            problems.append(Problem("ab_pair", s.day, where, f"B岗不能与A岗为同一人（{s.staff.name}）"))
        else:
            start, end = shift_span(s)
            if absent(s.staff_id, start, end, leaves) and absent(s.backup_id, start, end, leaves):
                problems.append(Problem("ab_pair", s.day, where, f"A岗{s.staff.name}、B岗{s.backup.name}均请假或外出"))
    beats = [u for u in units if u.kind == OrgUnitKind.BEAT]
    if setting("local002_beat_three_workdays"):
        for beat in beats:
            present = {
                s.day
                for s in shifts
                if s.day in days
                and s.org_unit.path.startswith(beat.path)
                and s.kind in PRESENCE_KINDS
                and s.staff.kind in POLICE_KINDS
                and is_workday(s.day)
            }
            if len(present) < 3:
                problems.append(
                    Problem(
                        "local002_beat_three_workdays", None, beat.name, f"本周仅{len(present)}个工作日有民警在警务区"
                    )
                )
    if setting("local002_post_two_nights"):
        posts = [u for u in units if u.kind == OrgUnitKind.POLICE_POST] or beats
        for post in posts:
            nights = 0
            mine = [s for s in duty if s.org_unit.path.startswith(post.path) and s.staff.kind in POLICE_KINDS]
            for day in days:
                spans = intervals_on(mine, day)
                if any(a <= NIGHT[0] and b >= NIGHT[1] for a, b in spans):
                    nights += 1
            if nights < 2:
                problems.append(
                    Problem("local002_post_two_nights", None, post.name, f"本周民警在警务室值班{nights}个晚上")
                )
    hours = setting("post_staffed_hours")
    if hours:
        posts = [u for u in units if u.kind == OrgUnitKind.POLICE_POST] or beats
        for post in posts:
            mine = [s for s in shifts if s.org_unit.path.startswith(post.path)]
            for day in days:
                got = covered(intervals_on(mine, day))
                if got < hours * 60:
                    problems.append(
                        Problem(
                            "post_staffed_hours",
                            day,
                            post.name,
                            f"有人值守{got // 60}小时{got % 60:02d}分，少于{hours}小时",
                        )
                    )
    return problems
