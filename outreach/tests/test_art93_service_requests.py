"""规范001 第八十七条、第九十一条、第九十三条: requests carry their type's time limit (法定工作日 from the holiday
calendar, or hours; urgent ones 24 hours), the owner answers for them (首问负责), an overdue one escalates and cannot
be closed without its 超时处理 record (规范003), and the resident rates each request once, without an account."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import OperationLog
from outreach import errors, indicators, selectors, services
from outreach.models import RequestHandover, RequestStatus, ServiceRequest
from tasks.models import Message, MessageKind, TaskStatus
from tasks.services import task_reminders_send

from .factories import TZ, at, beat_of, close, receive, tasks_for

pytestmark = pytest.mark.django_db
R = "service_request"


def _end(day: date) -> datetime:
    return datetime.combine(day, datetime.max.time().replace(microsecond=0), tzinfo=TZ)


def test_art93_1_no_criminal_record_due_in_three_statutory_workdays_across_national_day(users):
    """第九十一条(二) 无犯罪记录证明, default 3 个工作日: received Tue 2026-09-29 → 9-30, (国庆 10-01..07 off),
    10-08, 10-09: due at the end of Fri 2026-10-09; its task is due that day."""
    officer = users["officer"]
    request = receive(officer, when=at(date(2026, 9, 29)), service_type="no_criminal_record")
    assert (request.limit_value, request.limit_unit) == (3, "workdays")
    assert timezone.localtime(request.due_at) == _end(date(2026, 10, 9))
    [task] = tasks_for(R, request.pk)
    assert (task.obligation_code, task.due_on, task.assignee) == (
        "art93_1_service_request_due",
        date(2026, 10, 9),
        officer,
    )


def test_art93_1_make_up_saturday_counts_as_a_workday(users):
    """调休: Sat 2026-10-10 is worked, so received Thu 10-08 → 10-09, 10-10, 10-12."""
    request = receive(users["officer"], when=at(date(2026, 10, 8)), service_type="household_certificate")
    assert timezone.localtime(request.due_at).date() == date(2026, 10, 12)


def test_art93_1_station_sets_its_own_limit_and_it_applies_from_then_on(users):
    lead, officer = users["lead"], users["officer"]
    station = beat_of(officer).parent
    before = receive(officer, when=at(date(2026, 11, 2)), service_type="id_card")
    services.service_limit_set(acting_user=lead, org_unit=station, service_type="id_card", value=1)
    after = receive(officer, when=at(date(2026, 11, 2)), service_type="id_card")
    assert (before.limit_value, after.limit_value) == (3, 1)
    assert timezone.localtime(after.due_at).date() == date(2026, 11, 3)
    with pytest.raises(PermissionDenied):
        services.service_limit_set(acting_user=officer, org_unit=station, service_type="id_card", value=2)
    with pytest.raises(ValidationError) as err:
        services.service_limit_set(acting_user=lead, org_unit=station, service_type="id_card", value=0)
    assert err.value.message_dict == {"value": [errors.LIMIT_VALUE.format(max=60)]}


def test_art93_3_urgent_at_night_is_due_within_24_hours_to_the_minute(users):
    """第九十三条(三): 急需事项 24-hour service — received 22:30, due 22:30 the next day (not rolled to a workday)."""
    officer = users["officer"]
    request = receive(officer, when=at(date(2026, 11, 13), 22, 30), service_type="household", is_urgent=True)
    assert timezone.localtime(request.due_at) == at(date(2026, 11, 14), 22, 30)
    [task] = tasks_for(R, request.pk)
    assert task.obligation_code == "art93_3_service_request_due_hours"
    assert timezone.localtime(task.due_at) == at(date(2026, 11, 14), 22, 30)


def test_art93_overdue_request_escalates_and_cannot_close_without_its_handling_record(users):
    """规范003 “首问负责+限时办结+超时问责”, 超时处理率100%: the task escalates to the station lead; closing late
    needs the 超时处理 record, and nothing is written when it is missing."""
    officer, lead = users["officer"], users["lead"]
    request = receive(officer, when=at(date(2026, 11, 2)), service_type="consultation")  # due end of 11-03
    unit, month = beat_of(officer), (date(2026, 11, 1), date(2026, 11, 30))
    before = indicators.overdue_handling_rate(unit, *month)
    task_reminders_send(now=at(date(2026, 11, 4), 9))
    assert Message.objects.filter(recipient=lead, kind=MessageKind.ESCALATION, task__record_id=str(request.pk)).exists()
    logs = OperationLog.objects.count()
    with pytest.raises(ValidationError) as err:
        close(officer, request, when=at(date(2026, 11, 4), 10))
    assert err.value.message_dict == {"overdue_note": [errors.OVERDUE_NOTE_REQUIRED.format(due="2026-11-03 23:59")]}
    assert OperationLog.objects.count() == logs
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN
    done, code = close(officer, request, when=at(date(2026, 11, 4), 10), overdue_note="群众补充材料延误，已电话说明")
    assert done.status == RequestStatus.DONE and len(code) == 8
    [task] = tasks_for(R, request.pk, open_only=False)
    assert task.status == TaskStatus.CLOSED
    after = indicators.overdue_handling_rate(unit, *month)
    assert (after.numerator - before.numerator, after.denominator) == (1, before.denominator)


def test_art91_referral_needs_the_reason_told_to_the_resident(users):
    """第九十一条第二款: 对因条件所限无法提供的，应当向办事群众说明情况和理由，引导到综合窗口."""
    officer = users["officer"]
    request = receive(officer, when=at(date(2026, 11, 16)), service_type="vehicle_licence")
    with pytest.raises(ValidationError) as err:
        close(officer, request, when=at(date(2026, 11, 16), 11), result="", referred=True)
    assert err.value.message_dict == {"referral_reason": [errors.REFERRAL_REASON]}
    done, _code = close(officer, request, when=at(date(2026, 11, 16), 11), result="", referred=True,
                        referral_reason="本警务室无自助设备，已引导至派出所综合窗口")  # fmt: skip
    assert done.status == RequestStatus.REFERRED


def test_art87_2_missing_person_suspected_harm_must_be_handed_over(users):
    officer = users["officer"]
    request = receive(
        officer, when=at(date(2026, 11, 17), 20), service_type="missing_person",
        details={"external_ref": "A3205-2026-0088", "harm_suspected": True},
    )  # fmt: skip
    assert request.limit_unit == "hours" and request.details["harm_suspected"] is True
    with pytest.raises(ValidationError) as err:
        close(officer, request, when=at(date(2026, 11, 17), 22))
    assert err.value.message_dict == {"handed_over_to": [errors.HARM_HANDOVER]}
    done, _code = close(officer, request, when=at(date(2026, 11, 17), 22), handed_over_to="刑侦大队")
    assert done.handed_over_to == "刑侦大队"


def test_first_receiver_owns_it_until_handed_on_with_the_reason(users):
    """首问负责 (规范003) + 第九十一条 “说明情况和理由”."""
    officer, auxiliary, other = users["officer"], users["auxiliary"], users["officer2"]
    request = receive(officer, when=at(date(2026, 11, 17)), service_type="general_help")
    assert request.received_by == officer and request.owner == officer
    with pytest.raises(ValidationError) as err:
        services.service_request_hand_over(acting_user=officer, request=request, to_user=other, reason="")
    assert err.value.message_dict == {"reason": [errors.REQUIRED.format(label="移交理由")],
                                      "to_user": [errors.HANDOVER_SCOPE]}  # fmt: skip
    services.service_request_hand_over(acting_user=officer, request=request, to_user=auxiliary, reason="民警外出走访")
    request.refresh_from_db()
    assert request.owner == auxiliary and request.received_by == officer
    assert RequestHandover.objects.get(request=request).reason == "民警外出走访"
    assert Message.objects.filter(recipient=auxiliary, text__contains=request.number).exists()


def test_art93_4_resident_rates_once_with_the_code_and_only_rated_requests_count(users):
    """第九十三条(四): 满意度 ≥90 % over rated requests only; one rating per request, the code spent on use."""
    officer = users["officer"]
    unit = beat_of(officer)
    start = end = timezone.localdate()  # the requests are received and closed now (the suite's day)
    base = indicators.satisfaction_rate(unit, start, end)
    codes = []
    for _i in range(3):
        request = receive(officer, when=timezone.now() - timedelta(minutes=30))
        codes.append(close(officer, request, when=timezone.now())[1])
    services.service_request_rate(code=codes[0], satisfaction="satisfied")
    services.service_request_rate(code=codes[1].lower(), satisfaction="basic")
    with pytest.raises(ValidationError) as err:
        services.service_request_rate(code=codes[0], satisfaction="dissatisfied", comment="再评一次")
    assert err.value.message_dict == {"code": [errors.RATING_CODE]}
    with pytest.raises(ValidationError) as err:
        services.service_request_rate(code=codes[2], satisfaction="dissatisfied")
    assert err.value.message_dict == {"comment": [errors.RATING_COMMENT]}
    rate = indicators.satisfaction_rate(unit, start, end)  # the third is not rated: not counted
    assert (rate.numerator - base.numerator, rate.denominator - base.denominator) == (2, 2)


def test_bad_intake_is_refused_field_by_field_and_nothing_written(users):
    officer = users["officer"]
    before = (ServiceRequest.objects.count(), OperationLog.objects.count())
    with pytest.raises(ValidationError) as err:
        services.service_request_receive(
            acting_user=officer, beat=beat_of(officer).parent, service_type="nope", channel="fax", content=" ",
            applicant_phone="12345",
        )  # fmt: skip
    assert set(err.value.message_dict) == {"beat", "service_type", "channel", "content", "applicant_phone"}
    assert err.value.message_dict["applicant_phone"] == [errors.PHONE]
    assert (ServiceRequest.objects.count(), OperationLog.objects.count()) == before


def test_scope_other_station_sees_nothing_and_cannot_receive(users):
    officer, officer2 = users["officer"], users["officer2"]
    request = receive(officer, when=at(date(2026, 11, 17)))
    assert not selectors.request_list(user=officer2, filters={"status": "all"}).filter(pk=request.pk).exists()
    with pytest.raises(ServiceRequest.DoesNotExist):
        selectors.request_get(user=officer2, pk=request.pk)
    with pytest.raises(PermissionDenied):
        services.service_request_receive(
            acting_user=officer2, beat=beat_of(officer), service_type="consultation", channel="window", content="x"
        )
    with time_machine.travel(at(date(2026, 11, 17), 11), tick=False):
        with pytest.raises(PermissionDenied):
            services.service_request_close(acting_user=officer2, request=request, result="x")
