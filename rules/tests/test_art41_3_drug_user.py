"""规范001 第四十一条(三) 吸毒人员风险评估；第四十二条 特定对象每半年全面走访."""

from datetime import date

import pytest

from rules.services import tracked_record_update

from .factories import complete, due_dates, record, run, tasks_of

pytestmark = pytest.mark.django_db
ASSESS, FULL_VISIT = "art41_3_drug_risk_assessment", "art42_subject_full_visit"


def test_art41_3_drug_user_risk_assessment_at_least_every_6_months(users, settings, tmp_path):
    """规范001 第四十一条(三): 至少每半年配合开展一次风险类别评估。"""
    settings.MEDIA_ROOT = tmp_path
    rec = record(users, category="drug_user", started_on=date(2025, 1, 31))
    assert due_dates(rec, ASSESS) == [date(2025, 7, 31)]
    complete(tasks_of(rec, ASSESS)[0], users["officer"], date(2025, 4, 10), risk_level="medium")
    assert due_dates(rec, ASSESS) == [date(2025, 10, 10)]


def test_art42_every_special_subject_full_visit_every_6_months_until_unmarked(users, settings, tmp_path):
    """规范001 第四十二条: 社区民警应当每半年全面走访考察一次特定对象；撤销列管即止。"""
    settings.MEDIA_ROOT = tmp_path
    subjects = [
        record(users, category=c, started_on=date(2025, 2, 28), ends_on=date(2027, 1, 1))
        for c in ("drug_user", "dv_perpetrator", "released_prisoner", "mental_patient")
    ]
    assert [due_dates(s, FULL_VISIT) for s in subjects] == [[date(2025, 8, 28)]] * 4
    complete(tasks_of(subjects[0], FULL_VISIT)[0], users["officer"], date(2025, 8, 1))
    # six months after 1 August is Sunday 1 February 2026 → the Friday before
    assert due_dates(subjects[0], FULL_VISIT) == [date(2026, 1, 30)]
    # when a subject is unmarked, its not-yet-due visit closes (no duplicate, no overdue left behind)
    tracked_record_update(acting_user=None, record=subjects[1], is_active=False, as_of=date(2025, 6, 1))
    assert due_dates(subjects[1], FULL_VISIT) == []
    [closed] = tasks_of(subjects[1], FULL_VISIT, open_only=False)
    assert closed.status == "cancelled" and closed.close_reason == "规则不再适用（已撤销列管或注销）"
    run(date(2025, 9, 1))
    assert due_dates(subjects[1], FULL_VISIT) == []
