"""规范001 第九十三条(二) posts open ≥8 hours a working day (a 7-hour day is flagged on the station page);
第九十三条第二款 a substantiated complaint bars the officer from 优秀 that year; 第八十七条(五)、第九十一条 certificates
numbered and printed to PDF with extractable Chinese text; 第八十七条(三)(四) lost and found."""

from datetime import date, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fengqiao.pdf import pdf_font_names, pdf_text
from org.models import Staff, StaffKind
from outreach import errors, selectors, services
from outreach.models import LostFoundStatus, PostOpening

from .factories import at, beat_of, close, receive

pytestmark = pytest.mark.django_db


def test_art93_2_a_seven_hour_working_day_is_flagged_on_the_station_page(users, login, client, on_default_anchor):
    officer = users["officer"]
    beat = beat_of(officer)
    row = services.post_opening_record(
        acting_user=officer, post=beat, day=date(2026, 11, 3), opened_at=time(9), closed_at=time(16), note="外出"
    )
    assert (row.hours, row.is_workday, row.short) == (7, True, True)
    weekend = services.post_opening_record(
        acting_user=officer, post=beat, day=date(2026, 11, 1), opened_at=time(9), closed_at=time(12)
    )
    assert weekend.short is False  # 休息日 not measured against the 8 hours
    with pytest.raises(ValidationError) as err:
        services.post_opening_record(
            acting_user=officer, post=beat, day=date(2026, 11, 3), opened_at=time(9), closed_at=time(8)
        )
    assert err.value.message_dict == {
        "day": [errors.POST_DAY_TWICE.format(post=beat.name, day="2026-11-03")],
        "closed_at": [errors.TIME_ORDER],
    }
    login("lead")
    page = client.get("/outreach/station/").content.decode()
    assert 'id="short-post-warning"' in page and f"{beat.name} 2026-11-03：7.00" in page
    assert PostOpening.objects.filter(post=beat, day=date(2026, 11, 3)).count() == 1


def test_art93_complaint_substantiated_bars_the_officer_from_excellent_that_year(users):
    lead, officer = users["lead"], users["officer"]
    beat = beat_of(officer)
    staff = Staff.objects.filter(org_unit=beat, kind=StaffKind.COMMUNITY_OFFICER).first()
    with pytest.raises(PermissionDenied):
        services.complaint_record(acting_user=officer, beat=beat, officer=staff, kind="slow", content="x",
                                  received_on=date(2026, 11, 10))  # fmt: skip
    complaint = services.complaint_record(
        acting_user=lead,
        beat=beat,
        officer=staff,
        kind="slow",
        content="户口迁移拖延两周未办",
        received_on=date(2026, 11, 10),
    )
    assert not selectors.excellence_barred(staff, 2026)
    with pytest.raises(ValidationError) as err:
        services.complaint_decide(acting_user=lead, complaint=complaint, substantiated=True, finding="")
    assert err.value.message_dict == {"finding": [errors.FINDING_REQUIRED]}
    services.complaint_decide(
        acting_user=lead, complaint=complaint, substantiated=True, finding="经核查属实", decided_on=date(2026, 11, 12)
    )
    assert selectors.excellence_barred(staff, 2026) and not selectors.excellence_barred(staff, 2027)
    assert staff in selectors.barred_officers(user=lead, year=2026)


def test_art91_certificate_pdf_is_numbered_with_extractable_chinese_text(users):
    officer = users["officer"]
    request = receive(officer, when=at(date(2026, 11, 17)), service_type="no_criminal_record")
    consult = receive(officer, when=at(date(2026, 11, 17)), service_type="consultation")
    with pytest.raises(ValidationError) as err:
        services.certificate_issue(acting_user=officer, request=consult, holder="甲", facts="乙")
    assert err.value.messages == [errors.CERTIFICATE_TYPE.format(label="咨询")]
    notice = services.certificate_issue(
        acting_user=officer,
        request=request,
        holder="阿卜杜·热合曼",
        facts="经查询，未发现该人有犯罪记录。",
        purpose="应聘",
    )
    request.refresh_from_db()
    assert request.certificate == notice and "〔2026〕无犯第" in notice.number
    data = notice.pdf.read()
    text = pdf_text(data)
    for expected in (
        "无犯罪记录证明",
        notice.number,
        "阿卜杜·热合曼",
        "经查询，未发现该人有犯罪记录。",
        "应聘",
        request.number,
    ):
        assert expected.replace(" ", "") in text, expected
    assert "Noto-Serif-CJK-SC" in pdf_font_names(data)
    with pytest.raises(ValidationError):
        services.certificate_issue(acting_user=officer, request=request, holder="甲", facts="乙")
    close(officer, request, when=at(date(2026, 11, 17), 11))


def test_art87_3_4_lost_item_matched_returned_and_finder_told(users):
    officer, officer2 = users["officer"], users["officer2"]
    beat = beat_of(officer)
    lost = services.lost_found_register(acting_user=officer, beat=beat, kind="lost", description="黑色双肩包",
                                        happened_on=date(2026, 11, 1), person_phone="13800007777")  # fmt: skip
    found = services.lost_found_register(acting_user=officer, beat=beat, kind="found", description="黑色背包",
                                         happened_on=date(2026, 11, 3), person_name="拾得人")  # fmt: skip
    with pytest.raises(ValidationError) as err:
        services.lost_found_match(acting_user=officer, item=lost, other=lost)
    assert errors.LOST_SAME_KIND in err.value.message_dict["other"]
    services.lost_found_match(acting_user=officer, item=lost, other=found)
    with pytest.raises(PermissionDenied):
        services.lost_found_return(acting_user=officer2, item=found, outcome="x")
    services.lost_found_return(acting_user=officer, item=found, outcome="失主认领")
    lost.refresh_from_db()
    found.refresh_from_db()
    assert (lost.status, found.status) == (LostFoundStatus.RETURNED, LostFoundStatus.RETURNED)
    assert found.finder_told_at is not None and lost.matched_with == found
    assert not selectors.lost_found_list(user=officer2, filters={"status": "all"}).filter(pk=lost.pk).exists()


def test_art96_quarterly_report_to_residents_completes_the_beat_task(users):
    """第九十六条第一款 (rule art48_6_quarterly_resident_report, an existing row): the record here completes it."""
    from rules.services import rules_recompute_record
    from tasks.models import OPEN_STATUSES, Task

    officer = users["officer"]
    beat = beat_of(officer)
    rules_recompute_record(record_type="beat", record_id=beat.pk, codes=["art48_6_quarterly_resident_report"])
    open_task = Task.objects.filter(
        record_type="beat", record_id=str(beat.pk), obligation_code="art48_6_quarterly_resident_report",
        status__in=OPEN_STATUSES,
    )  # fmt: skip
    assert open_task.exists()
    with pytest.raises(ValidationError) as err:
        services.representative_report_record(acting_user=officer, beat=beat, held_on=date(2026, 11, 17), attendance=0,
                                        summary="")  # fmt: skip
    assert err.value.message_dict == {
        "attendance": [errors.ATTENDANCE],
        "summary": [errors.REQUIRED.format(label="报告内容")],
    }
    services.representative_report_record(
        acting_user=officer, beat=beat, held_on=date(2026, 11, 17), attendance=23, place="江枫社区居委会",
        summary="通报本季度警情和电信诈骗防范", questions="夜间巡逻频次：已增加",
    )  # fmt: skip
    assert not open_task.exists()
