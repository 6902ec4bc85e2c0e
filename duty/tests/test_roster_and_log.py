"""排班 checks (规范004 7×24、规范001 第一百零二条/规范003 AB岗、规范002 local options), the duty log filled from
the day's records (规范002 工作日志制度), and who is on duty for the modules below (org.hooks)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from duty import errors, services
from duty.models import Shift, WorkLog
from duty.selectors import on_duty_at, station_week
from org.hooks import duty_officers_at
from org.models import StaffKind

from .factories import beat_of, done_task, station_of_officer, station_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scenario_roster")]
TZ = ZoneInfo("Asia/Shanghai")
MONDAY = date(2026, 11, 23)


def _shift(users, unit, day, start, end, staff, backup=None, kind="duty"):
    return services.shift_create(
        acting_user=users["lead"], org_unit=unit, day=day, start=start, end=end, kind=kind, staff=staff, backup=backup
    )


def _full_week(users, station, a, b):
    """Duty 08:30–08:30 every day of the week (and the Sunday before), A and B alternating."""
    for i in range(-1, 7):
        day = MONDAY + timedelta(days=i)
        first, second = (a, b) if i % 2 else (b, a)
        _shift(users, station, day, time(8, 30), time(8, 30), first, second)


def test_7x24_cover_and_ab_pairs_of_a_week(users):
    """规范004 7×24小时值班; 规范001 第一百零二条 AB角, 规范003 AB岗."""
    station = station_of_officer(users)
    a, b, c = station_staff(users)[:3]
    _full_week(users, station, a, b)
    week = station_week(user=users["lead"], station=station, start=MONDAY + timedelta(days=2))
    assert week["start"] == MONDAY
    assert [p.code for p in week["problems"]] == []
    # when Wednesday's slot is taken off, Wednesday 08:30 – Thursday 08:30 is uncovered
    Shift.objects.filter(org_unit=station, day=MONDAY + timedelta(days=2)).get().delete()
    # and a patrol on Thursday has no B
    _shift(users, beat_of(users["officer"]), MONDAY + timedelta(days=3), time(9), time(11), c, kind="patrol")
    problems = station_week(user=users["lead"], station=station, start=MONDAY)["problems"]
    cover = [(p.day, p.text) for p in problems if p.code == "cover_7x24"]
    assert cover == [
        (MONDAY + timedelta(days=2), "08:30–24:00 无人值班"),
        (MONDAY + timedelta(days=3), "00:00–08:30 无人值班"),
    ]
    [ab] = [p for p in problems if p.code == "ab_pair"]
    assert ab.text == f"A岗{c.name}未配B岗" and ab.source.startswith("规范001 第一百零二条")


def test_ab_gap_when_a_and_b_are_both_on_leave_and_b_covers_a(users):
    station = station_of_officer(users)
    a, b = station_staff(users)[:2]
    shift = _shift(users, station, MONDAY, time(8, 30), time(20, 0), a, b)
    when = datetime(2026, 11, 23, 12, 0, tzinfo=TZ)
    assert on_duty_at(station=station, when=when) == [a]
    services.leave_record(
        acting_user=users["lead"],
        staff=a,
        kind="leave",
        starts_at=when - timedelta(hours=4),
        ends_at=when + timedelta(hours=9),
        reason="病假",
    )
    # B covers A's absence (AB岗)
    assert on_duty_at(station=station, when=when) == [b]
    services.leave_record(
        acting_user=users["lead"],
        staff=b,
        kind="out",
        starts_at=when,
        ends_at=when + timedelta(hours=2),
        reason="外出办事",
    )
    assert on_duty_at(station=station, when=when) == []
    problems = [
        p for p in station_week(user=users["lead"], station=station, start=MONDAY)["problems"] if p.code == "ab_pair"
    ]
    assert [p.text for p in problems] == [f"A岗{a.name}、B岗{b.name}均请假或外出"]
    assert shift.backup == b


def test_the_duty_officer_hook_answers_casework_through_org(users):
    """casework may not import duty: it asks org.hooks.duty_officers_at, which duty answers from the roster."""
    station = station_of_officer(users)
    officer_staff = users["officer"].staff
    other = next(s for s in station_staff(users) if s.pk != officer_staff.pk)
    _shift(users, station, MONDAY, time(20), time(8), officer_staff, other)
    assert duty_officers_at(station, datetime(2026, 11, 24, 2, 0, tzinfo=TZ)) == [users["officer"]]
    assert duty_officers_at(station, datetime(2026, 11, 24, 9, 0, tzinfo=TZ)) == []


def test_local_002_options_are_off_by_default_and_checked_when_switched_on(users):
    """规范002 值班备勤: 每周三个工作日有民警在警务区; 民警每周至少两个晚上在警务室值班 (local options)."""
    station = station_of_officer(users)
    beat = beat_of(users["officer"])
    officer_staff = users["officer"].staff
    aux = station_staff(users, StaffKind.AUXILIARY)[0]
    _shift(users, beat, MONDAY, time(8, 30), time(17, 30), officer_staff, aux, kind="patrol")
    codes = {p.code for p in station_week(user=users["lead"], station=station, start=MONDAY)["problems"]}
    assert "local002_beat_three_workdays" not in codes
    services.duty_setting_set(acting_user=users["lead"], org_unit=station, code="local002_beat_three_workdays", value=1)
    problems = station_week(user=users["lead"], station=station, start=MONDAY)["problems"]
    mine = [p for p in problems if p.code == "local002_beat_three_workdays" and p.unit == beat.name]
    assert [p.text for p in mine] == ["本周仅1个工作日有民警在警务区"]
    for i in (1, 2):
        _shift(users, beat, MONDAY + timedelta(days=i), time(8, 30), time(17, 30), officer_staff, aux, kind="reception")
    problems = station_week(user=users["lead"], station=station, start=MONDAY)["problems"]
    assert not [p for p in problems if p.code == "local002_beat_three_workdays" and p.unit == beat.name]


def test_shift_input_is_checked_field_by_field_and_only_managers_roster(users):
    station = station_of_officer(users)
    a = station_staff(users)[0]
    before = Shift.objects.count()
    with pytest.raises(ValidationError) as refused:
        _shift(users, station, MONDAY, time(8), time(9), a, a)
    assert refused.value.message_dict == {"backup": [errors.BACKUP_SAME]}
    with pytest.raises(PermissionDenied):
        services.shift_create(
            acting_user=users["officer"], org_unit=station, day=MONDAY, start=time(8), end=time(9), kind="duty", staff=a
        )
    with pytest.raises(PermissionDenied):
        services.shift_create(
            acting_user=users["lead2"], org_unit=station, day=MONDAY, start=time(8), end=time(9), kind="duty", staff=a
        )
    _shift(users, station, MONDAY, time(8), time(12), a)
    with pytest.raises(ValidationError) as refused:
        _shift(users, station, MONDAY, time(11), time(13), a)
    assert refused.value.message_dict == {"start": [errors.SHIFT_OVERLAP.format(name=a.name, day="2026-11-23")]}
    assert Shift.objects.count() == before + 1


def test_duty_log_is_filled_from_the_days_records_completed_by_hand_and_signed(users):
    """规范002 工作日志制度: filled automatically from what the system knows, completed by hand, signed off."""
    officer, lead = users["officer"], users["lead"]
    beat = beat_of(officer)
    day = date(2025, 6, 10)  # a day of no demo record
    done_task(officer, beat, day, title="入户走访：幸福路8号")
    done_task(officer, beat, day + timedelta(days=1), title="次日的任务")
    log = services.work_log_fill(acting_user=None, staff=officer.staff, day=day, today=date(2026, 11, 18))
    entries = list(log.entries.all())
    assert [(e.source, e.text, e.in_beat, e.place) for e in entries] == [
        ("task", "任务反馈：入户走访：幸福路8号", True, beat.name)
    ]
    # the officer adds what the system could not know; a refill keeps it
    services.work_log_entry_add(acting_user=officer, log=log, text="接待群众来访2人次", at=time(15), in_beat=True)
    services.work_log_fill(acting_user=officer, staff=officer.staff, day=day, today=date(2026, 11, 18))
    assert log.entries.count() == 2
    # nobody else writes in it, and the lead signs it off
    with pytest.raises(PermissionDenied):
        services.work_log_entry_add(acting_user=lead, log=log, text="代填")
    services.work_log_sign(acting_user=lead, log=log, note="属实")
    log.refresh_from_db()
    assert log.signed_by == lead
    with pytest.raises(ValidationError):
        services.work_log_entry_add(acting_user=officer, log=log, text="审核后补记")
    with pytest.raises(ValidationError) as refused:
        services.work_log_fill(
            acting_user=officer, staff=officer.staff, day=date(2026, 11, 19), today=date(2026, 11, 18)
        )
    assert refused.value.message_dict == {"day": [errors.FUTURE_LOG]}
    assert not WorkLog.objects.filter(staff=officer.staff, day=date(2026, 11, 19)).exists()


def test_the_nightly_fill_gives_every_officer_with_an_account_a_log(users):
    from django.core.management import call_command

    call_command("duty_logs_fill", "--day", "2025-06-11")
    assert WorkLog.objects.filter(staff=users["officer"].staff, day=date(2025, 6, 11)).exists()


def test_the_nightly_fill_is_one_of_ops_schedules_and_fills_the_day_just_ended(users, settings):
    from ops.models import RunStatus, ScheduledRun
    from ops.schedules import SCHEDULES, schedules_tick

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert "duty_logs_fill" in {s.code for s in SCHEDULES}
    # a timer tick at 00:40 on the 24th runs the fill once, for the 23rd
    queued = dict(schedules_tick(now=datetime(2026, 11, 24, 0, 40, tzinfo=TZ)))
    assert queued["duty_logs_fill"] == [date(2026, 11, 24)]
    run = ScheduledRun.objects.get(code="duty_logs_fill", slot=date(2026, 11, 24))
    assert run.status == RunStatus.DONE and run.result >= 1
    assert WorkLog.objects.filter(staff=users["officer"].staff, day=MONDAY).exists()
    assert not WorkLog.objects.filter(staff=users["officer"].staff, day=date(2026, 11, 24)).exists()
