"""规范001 第四十二条: 社区民警应当每半年全面走访考察一次特定对象. Which visits count as that full visit (the reading
beside the rule, rules/obligations.py art42_subject_full_visit, and subjects/categories.py VISIT_COMPLETES): an
on-the-spot visit of the subject — met in person, or when away the guardian, cohabitants or other informants. A
phone or video call, or a DV 查访 that met only the victim, stays on the record and does not count."""

from datetime import date

import pytest

from rules.obligations import OBLIGATIONS
from subjects.services import visit_record

from .factories import due, marked

pytestmark = pytest.mark.django_db
FULL = "art42_subject_full_visit"
DV = "art41_5_dv_visit"


def visit(users, subject, day, *, way, met, measure="investigate"):
    return visit_record(
        acting_user=users["officer"],
        subject=subject,
        visited_on=day,
        measure=measure,
        way=way,
        met=met,
        findings="情况正常",
        recurrence_found=False if subject.category == "dv_perpetrator" else None,
        today=day,
    )


def test_art42_the_reading_of_a_full_visit_is_written_beside_the_rule():
    row = next(r for r in OBLIGATIONS if r["code"] == FULL)
    assert "电话、视频联系" in row["reading"] and "只见到受害人" in row["reading"]


def test_art42_a_call_is_on_the_record_but_is_not_the_half_yearly_full_visit(users):
    # given a subject marked on 1 February 2025: the full visit is due within six months
    s = marked(users, "threat", {"cause": "投资失败"}, on=date(2025, 2, 1))
    assert due(s, FULL) == [date(2025, 8, 1)]
    # when the officer phones the subject, then talks on video under 重点关注: both recorded, neither counts
    phoned = visit(users, s, date(2025, 3, 3), way="phone", met="subject")
    video = visit(users, s, date(2025, 3, 10), way="video", met="subject", measure="focus")
    assert phoned.completed_tasks == [] and video.completed_tasks == []
    assert s.visits.count() == 2
    assert due(s, FULL) == [date(2025, 8, 1)]
    # when the officer meets the subject on the spot (帮教转化), it is the full visit and the next is six months on
    met = visit(users, s, date(2025, 4, 1), way="in_person", met="subject", measure="guidance")
    assert len(met.completed_tasks) == 1
    assert due(s, FULL) == [date(2025, 9, 30)]  # 1 October is National Day


def test_art42_a_dv_visit_that_met_only_the_victim_is_a_check_not_the_full_visit(users):
    # given a DV perpetrator whose warning letter was served on 2 March 2025
    dv = marked(users, "dv_perpetrator", {"warning_served_on": "2025-03-02"}, on=date(2025, 3, 3))
    full_before = due(dv, FULL)
    # when the officer visits the victim alone on the 5th: the 查访 of 第四十一条(五) is done, the full visit is not
    v = visit(users, dv, date(2025, 3, 5), way="in_person", met="victim")
    assert len(v.completed_tasks) == 1
    assert due(dv, DV) == [date(2025, 6, 5)]
    assert due(dv, FULL) == full_before
    # when the officer meets the perpetrator's cohabitant on the spot, that is the full visit
    visit(users, dv, date(2025, 4, 1), way="in_person", met="cohabitant")
    assert due(dv, FULL) == [date(2025, 9, 30)]
