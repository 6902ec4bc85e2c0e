"""The working-day calendar as data (rules.calendar): seeded from chinese-calendar, entered or imported by the
control centre for a new year, one roll for every due date, and the open tasks recomputed when a year arrives."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from audit.models import OperationLog
from rules import calendar
from rules.holidays import parse
from rules.models import CalendarSource, HolidayYear
from rules.services import holiday_year_enter
from tasks.models import Task

from .factories import HOLIDAYS_2027 as EXAMPLE
from .factories import HOLIDAYS_2027_NOTICE as NOTICE
from .factories import officer_beat, record, run, tasks_of

pytestmark = pytest.mark.django_db
WEEKLY, MONTHLY, QUARTERLY = (
    "art25_weekly_community_meeting",
    "art48_5_monthly_key_unit_meeting",
    "art48_6_quarterly_resident_report",
)


@pytest.fixture
def no_2027():
    """2027 is not entered (chinese-calendar 1.11.0 does not know it; a later version might)."""
    HolidayYear.objects.filter(year=2027).delete()
    calendar.forget()


def beat_task(users, code: str, day: date) -> Task:
    run(day, codes=[code])
    key = calendar.period_bounds(day, {WEEKLY: "week", MONTHLY: "month", QUARTERLY: "quarter"}[code])[2]
    return Task.objects.get(obligation_code=code, record_id=str(officer_beat(users).pk), occurrence_key=key)


def test_statutory_years_are_seeded_from_chinese_calendar_with_make_up_days():
    """Every year chinese-calendar knows is a HolidayYear after migrate; 调休 make-up days are working days."""
    seeded = HolidayYear.objects.get(year=2025)
    assert seeded.source == CalendarSource.BUNDLED and seeded.days.filter(name="国庆节").exists()
    assert set(range(2004, 2027)) <= set(HolidayYear.objects.values_list("year", flat=True))
    assert calendar.is_workday(date(2025, 9, 28))  # Sunday, 调休上班
    assert not calendar.is_workday(date(2025, 10, 3))  # National Day
    assert calendar.add_workdays(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert not calendar.is_assumed(date(2026, 6, 1))


def test_unknown_year_falls_back_to_monday_to_friday_and_says_so(users):
    """A year nobody entered: Mon–Fri is assumed, the run says so and asks for the year, nothing fails."""
    calendar.assumed_reset()
    assert calendar.is_workday(date(2030, 10, 1))  # a Tuesday; real holiday unknown yet
    assert not calendar.is_workday(date(2030, 10, 5))  # Saturday
    assert calendar.is_assumed(date(2030, 10, 1)) and 2030 in calendar.assumed_years()
    rec = record(users, category="deprived_rights", started_on=date(2030, 1, 2), ends_on=date(2030, 10, 9))
    [task] = tasks_of(rec, "art41_4_deprived_term_end_report")
    assert (task.start_on, task.due_on) == (date(2030, 10, 2), date(2030, 10, 8))
    assert task.due_assumed
    result = run(date(2030, 9, 1), codes=["art41_4_deprived_term_end_report"])
    assert result.calendar_note == (
        "2030年的法定节假日安排尚未录入，工作日暂按周一至周五计算；请基础管控中心在“节假日安排”录入"
    )


def test_roll_moves_a_rest_day_back_to_the_last_working_day_or_past_a_window_of_rest_days():
    """rules.calendar.roll: the one place a due date leaves a rest day."""
    assert calendar.roll(date(2025, 10, 3)) == date(2025, 9, 30)  # National Day → the last working day before
    assert calendar.roll(date(2025, 9, 28)) == date(2025, 9, 28)  # a Sunday worked (调休) stays
    assert calendar.roll(date(2025, 10, 5), not_before=date(2025, 10, 2)) == date(2025, 10, 9)  # window all holiday
    assert calendar.roll(date(2025, 10, 3), calendar.NEXT_WORKDAY) == date(2025, 10, 9)
    with pytest.raises(ValueError):
        calendar.roll(date(2025, 10, 3), "")


@pytest.mark.django_db
def test_due_within_n_days_counts_from_the_next_day_and_rolls_back_off_a_rest_day():
    """calendar.due_within: the one computation of a "within N days" date outside the rules engine."""
    assert calendar.due_within(date(2025, 9, 1), 30) == date(2025, 9, 30)  # 1 Oct is 国庆节
    assert calendar.due_within(date(2025, 3, 3), 5) == date(2025, 3, 7)  # Sat 8 Mar → Fri 7 Mar
    assert calendar.due_within(date(2025, 3, 3), 4) == date(2025, 3, 7)  # a working day stays
    # a window of rest days only (Spring Festival 2025: 28 Jan–4 Feb) ends on the first working day after it
    assert calendar.due_within(date(2025, 1, 27), 3) == date(2025, 2, 5)


def test_a_task_the_system_issues_is_never_due_on_a_rest_day(users, no_2027):
    """tasks.services.task_issue: a day the system computed rolls back to a working day; a person's choice stays."""
    from tasks.models import TaskKind
    from tasks.services import task_issue

    beat = officer_beat(users)
    system = task_issue(
        acting_user=None, kind=TaskKind.VERIFICATION, title="核查", org_unit=beat, due_on=date(2027, 1, 30)
    )
    assert system.due_on == date(2027, 1, 29)  # Saturday → Friday (2027 as assumed: Monday–Friday)
    chosen = task_issue(
        acting_user=users["command_centre"],
        kind=TaskKind.COMMAND,
        title="指令",
        org_unit=beat,
        due_on=date(2027, 1, 30),
    )
    assert chosen.due_on == date(2027, 1, 30)


def test_art25_weekly_task_is_due_on_the_weeks_last_working_day_not_on_sunday(users):
    """规范001 第二十五条 with rules.calendar.roll: a weekly task is due on Friday — on a 调休 Sunday, that Sunday;
    in a week of nothing but holidays, the first working day after it."""
    assert beat_task(users, WEEKLY, date(2026, 11, 29)).due_on == date(2026, 11, 27)  # run on a Sunday → Friday
    assert beat_task(users, WEEKLY, date(2026, 1, 4)).due_on == date(2026, 1, 4)  # 1–3 Jan off, Sunday 4th worked
    assert beat_task(users, WEEKLY, date(2026, 2, 18)).due_on == date(2026, 2, 24)  # 春节 15–23 Feb


def test_art48_monthly_and_quarterly_tasks_at_month_and_quarter_ends(users):
    """规范001 第四十八条(五)(六): a month or quarter that ends on a rest day is due on its last working day."""
    assert beat_task(users, MONTHLY, date(2026, 5, 31)).due_on == date(2026, 5, 29)  # Sunday → Friday
    assert beat_task(users, MONTHLY, date(2026, 2, 10)).due_on == date(2026, 2, 28)  # Saturday worked (调休)
    assert beat_task(users, MONTHLY, date(2026, 11, 30)).due_on == date(2026, 11, 30)  # a Monday
    assert beat_task(users, QUARTERLY, date(2024, 6, 30)).due_on == date(2024, 6, 28)  # Sunday → Friday
    assert beat_task(users, QUARTERLY, date(2026, 12, 31)).due_on == date(2026, 12, 31)  # a Thursday


def test_control_centre_enters_2027_and_open_tasks_move_off_its_holidays(users, no_2027):
    """Entering a year recomputes the open tasks at once: a DV visit due Friday 1 October 2027 on the assumed
    calendar moves to Thursday 30 September once 1–7 October are entered as 国庆节; the change is logged."""
    dv = record(users, category="dv_perpetrator", started_on=date(2027, 9, 24), as_of=date(2026, 11, 18))
    [task] = tasks_of(dv, "art41_5_dv_visit")
    assert task.due_on == date(2027, 10, 1) and task.due_assumed
    days, problems = parse(EXAMPLE.read_bytes())
    assert problems == [] and len(days) == 34
    row, result = holiday_year_enter(acting_user=users["control"], year=2027, days=days, notice=NOTICE)
    task.refresh_from_db()
    assert task.due_on == date(2027, 9, 30) and not task.due_assumed
    assert task.events.filter(action="rules_update", note="按规则调整：截止日期 2027-09-30").exists()
    assert result.updated >= 1 and "2027" not in result.calendar_note
    assert (row.source, row.entered_by, row.days.filter(kind="rest").count()) == ("entered", users["control"], 28)
    log = OperationLog.objects.get(action="holiday_year_enter", object_id="2027")
    assert log.username == "demo_control"
    assert log.summary == f"录入2027年节假日安排：放假28天，调休上班6天（{NOTICE}）"
    assert "2027-10-01 放假 国庆节" in log.changes["added"]
    assert not calendar.is_workday(date(2027, 10, 1)) and calendar.is_workday(date(2027, 9, 26))


def test_entering_a_year_refuses_an_officer_and_bad_days_and_writes_nothing(users, no_2027):
    with pytest.raises(PermissionDenied):
        holiday_year_enter(acting_user=users["officer"], year=2027, days=parse(EXAMPLE.read_bytes())[0], notice=NOTICE)
    _days, problems = parse("日期,类型,名称\n2027-13-01,放假,元旦\n2027-01-02,休假,元旦\n2027-01-03,放假,元旦\n")
    assert problems == [
        "第2行：日期“2027-13-01”无法识别，请写成 2027-01-01",
        "第3行：类型“休假”无法识别，请写“放假”或“上班”",
    ]
    bad = parse("2027-01-01,放假,元旦\n2028-01-01,放假,元旦\n2027-01-01,放假,元旦\n2027-02-03,上班,春节\n")[0]
    with pytest.raises(ValidationError) as err:
        holiday_year_enter(acting_user=users["control"], year=2027, days=bad, notice=" ")
    assert err.value.message_dict == {
        "notice": ["请填写依据，如“国务院办公厅关于2027年部分节假日安排的通知”"],
        "days": [
            "第2行：2028-01-01不在2027年内",
            "第3行：2027-01-01重复出现",
            "第4行：2027-02-03是周一至周五，本来就上班，调休上班日应为周六或周日",
        ],
    }
    assert not HolidayYear.objects.filter(year=2027).exists()
    assert not OperationLog.objects.filter(action="holiday_year_enter").exists()


def test_import_holidays_command_reads_utf8_and_gb18030(users, no_2027, tmp_path):
    gbk = tmp_path / "2027-gbk.csv"
    gbk.write_bytes(EXAMPLE.read_text(encoding="utf-8").encode("gb18030"))
    out = StringIO()
    call_command("import_holidays", str(gbk), "--as", "demo_control", "--notice", NOTICE, "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["year"], data["rest_days"], data["work_days"]) == (2027, 28, 6)
    assert HolidayYear.objects.get(year=2027).days.get(day=date(2027, 2, 20)).name == "春节"


def test_calendar_page_enters_a_year_for_the_control_centre_only(login, client, users, no_2027):
    login("officer")
    page = client.get("/rules/calendar/").content.decode()
    assert "2027年的法定节假日安排尚未录入" in page and 'id="holiday-form"' not in page
    assert client.post("/rules/calendar/", {"year": 2027}).status_code == 403
    login("auditor")
    assert client.get("/rules/calendar/").status_code == 403
    login("control")
    with EXAMPLE.open("rb") as upload:
        response = client.post("/rules/calendar/", {"year": 2027, "notice": NOTICE, "days": "", "file": upload})
    assert response.status_code == 302 and response["Location"] == "/rules/calendar/2027/"
    year_page = client.get("/rules/calendar/2027/").content.decode()
    assert "2027-10-09" in year_page and "调休上班" in year_page and NOTICE in year_page
    refused = client.post("/rules/calendar/", {"year": 2027, "notice": NOTICE, "days": "2027-02-03,上班,春节"})
    assert "2027-02-03是周一至周五，本来就上班" in refused.content.decode()
    assert HolidayYear.objects.get(year=2027).days.count() == 34
